package org.seqbench.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.seqbench.harness.measure.TrialMeasurement;
import org.seqbench.results.CellResult;

class RunProgressTest {
    private static TrialMeasurement.Outcome took(double seconds) {
        return new TrialMeasurement.Outcome(new CellResult.Trial(0, "2026-12-04T00:00:00Z", 4, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.1,
                0.9, 0.0, false, false, seconds), null, null, null, null);
    }

    @Test
    void withoutWarmUpsTheTrialsRunAreWhatIsSpent() {
        RunProgress progress = new RunProgress(10);
        progress.ran = 3;
        progress.measured(took(1.0));
        assertEquals(3, progress.spent());
    }

    @Test
    void warmUpsCostTheTrialsOfTheAverageLengthTheirTimeWouldHaveMeasured() {
        RunProgress progress = new RunProgress(10);
        progress.ran = 4;
        for (double seconds : new double[] {0.9, 1.1, 1.0, 1.0}) {
            progress.measured(took(seconds));
        }
        progress.warmedUp(Duration.ofMillis(2_000));
        assertEquals(6, progress.spent(), "2 s of warm-up are two trials of 1 s");
        progress.warmedUp(Duration.ofMillis(100));
        assertEquals(7, progress.spent(), "a part of a trial counts as one");
    }

    @Test
    void aFailedTrialHasNoLengthToAverage() {
        RunProgress progress = new RunProgress(10);
        progress.ran = 2;
        progress.measured(TrialMeasurement.Outcome.failed("crashed"));
        progress.measured(took(2.0));
        progress.warmedUp(Duration.ofMillis(4_000));
        assertEquals(4, progress.spent());
    }
}
