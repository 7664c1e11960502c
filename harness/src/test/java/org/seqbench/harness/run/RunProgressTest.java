package org.seqbench.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.seqbench.harness.measure.TrialMeasurement;
import org.seqbench.results.CellResult;

class RunProgressTest {
    private static TrialMeasurement.Outcome took(double seconds) {
        return new TrialMeasurement.Outcome(new CellResult.Trial(0, "2026-12-04T00:00:00Z", 4, 1.0, 1.0, 1.0, 1.0, 1.0,
                1.0, 0.1, 0.9, 0.0, false, false, seconds), null, null, null, null);
    }

    @Test
    void theTimeSpentIsTheTrialsAndTheWarmUps() {
        RunProgress progress = new RunProgress(10);
        for (double seconds : new double[] {0.9, 1.1, 1.0, 1.0}) {
            progress.measured(took(seconds));
        }
        progress.warmedUp(Duration.ofMillis(1_500));
        assertEquals(5.5, progress.spentSeconds(), 1e-9);
    }

    @Test
    void aFailedTrialAddsNothing() {
        RunProgress progress = new RunProgress(10);
        progress.measured(TrialMeasurement.Outcome.failed("crashed"));
        progress.measured(took(2.0));
        assertEquals(2.0, progress.spentSeconds(), 1e-9);
    }
}
