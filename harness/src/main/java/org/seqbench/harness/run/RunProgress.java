package org.seqbench.harness.run;

import java.time.Duration;
import java.time.Instant;
import org.seqbench.harness.measure.TrialMeasurement;

/**
 * Trials run so far in one invocation of a sweep, of at most {@code total}, for the progress lines' estimate; and
 * the fresh workers' warm-ups, which an adaptive run pays for out of its trials so that it takes no longer than the
 * fixed schedule would.
 */
final class RunProgress {
    final int total;
    final Instant start = Instant.now();
    int ran;
    private double trialSeconds;
    private int timedTrials;
    private double warmUpSeconds;

    RunProgress(int total) {
        this.total = total;
    }

    /** Counts {@code outcome}'s wall time into the average trial; a failed trial has none. */
    void measured(TrialMeasurement.Outcome outcome) {
        if (!outcome.failed()) {
            trialSeconds += outcome.trial().seconds();
            timedTrials++;
        }
    }

    void warmedUp(Duration took) {
        warmUpSeconds += took.toMillis() / 1000.0;
    }

    /** The trials run, and the warm-ups' time as trials of the average length so far, rounded up. */
    int spent() {
        if (warmUpSeconds == 0 || timedTrials == 0) {
            return ran;
        }
        return ran + (int) Math.ceil(warmUpSeconds / (trialSeconds / timedTrials));
    }
}
