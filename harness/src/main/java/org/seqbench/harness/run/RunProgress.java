package org.seqbench.harness.run;

import java.time.Duration;
import java.time.Instant;
import org.seqbench.harness.measure.TrialMeasurement;

/**
 * One invocation of a sweep so far: the trials run, of about {@code total}, for the progress lines' estimate; and the
 * time its trials and its fresh workers' warm-ups took, which an adaptive run spends up to what the fixed schedule
 * would have taken.
 */
final class RunProgress {
    final int total;
    final Instant start = Instant.now();
    int ran;
    private double spentSeconds;

    RunProgress(int total) {
        this.total = total;
    }

    /** Counts {@code outcome}'s time in; a failed trial's is not known and counts nothing. */
    void measured(TrialMeasurement.Outcome outcome) {
        if (!outcome.failed()) {
            spentSeconds += outcome.trial().seconds();
        }
    }

    void warmedUp(Duration took) {
        spentSeconds += took.toMillis() / 1000.0;
    }

    /** The seconds the trials measured and the warm-ups took. */
    double spentSeconds() {
        return spentSeconds;
    }
}
