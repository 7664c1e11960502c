package org.seqbench.harness.run;

import java.time.Duration;
import java.time.InstantSource;
import java.time.Instant;
import org.seqbench.harness.measure.TrialMeasurement;

/**
 * One invocation of a sweep's measuring so far: the trials run, of about {@code total}, for the progress lines'
 * estimate; and where its time went (the trials themselves, the workers' warm-ups, and the rest: starting
 * workers, the canary, writing the record after each trial), from which an adaptive run tells how long the fixed
 * schedule would have taken and how long a further round will.
 */
final class RunProgress {
    final int total;
    private final InstantSource clock;
    private final Instant start;
    int ran;
    private double trialSeconds;
    private double warmUpSeconds;
    private double freshWarmUpSeconds;
    private int freshWarmUps;
    private int kindWarmUps;

    RunProgress(int total) {
        this(total, InstantSource.system());
    }

    RunProgress(int total, InstantSource clock) {
        this.total = total;
        this.clock = clock;
        this.start = clock.instant();
    }

    /** Counts {@code outcome}'s time in; a failed trial's is not known and counts as the rest's. */
    void measured(TrialMeasurement.Outcome outcome) {
        if (!outcome.failed()) {
            trialSeconds += outcome.trial().seconds();
        }
    }

    /** Counts a warm-up's time in: a fresh worker's ({@code fresh}) or one before a model kind new to its worker. */
    void warmedUp(Duration took, boolean fresh) {
        double seconds = took.toMillis() / 1000.0;
        warmUpSeconds += seconds;
        if (fresh) {
            freshWarmUpSeconds += seconds;
            freshWarmUps++;
        } else {
            kindWarmUps++;
        }
    }

    /** Seconds since measuring began. */
    double elapsedSeconds() {
        return Duration.between(start, clock.instant()).toMillis() / 1000.0;
    }

    /** What each trial run so far cost beyond its own time and the warm-ups: worker starts, canary, record writes. */
    double otherSecondsPerTrial() {
        return ran == 0 ? 0 : Math.max(0, (elapsedSeconds() - trialSeconds - warmUpSeconds) / ran);
    }

    /**
     * A fresh worker's warm-up ({@code fresh}) or one for a model kind new to its worker, on average so far; 0 before
     * the first of its sort.
     */
    double averageWarmUpSeconds(boolean fresh) {
        if (fresh) {
            return freshWarmUps == 0 ? 0 : freshWarmUpSeconds / freshWarmUps;
        }
        return kindWarmUps == 0 ? 0 : (warmUpSeconds - freshWarmUpSeconds) / kindWarmUps;
    }
}
