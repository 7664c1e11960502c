package org.seqbench.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.seqbench.harness.measure.TrialMeasurement;
import org.seqbench.results.CellResult;

class RunProgressTest {
    private Instant now = Instant.parse("2026-12-04T00:00:00Z");
    private final InstantSource clock = () -> now;

    private static TrialMeasurement.Outcome took(double seconds) {
        return new TrialMeasurement.Outcome(new CellResult.Trial(0, "2026-12-04T00:00:00Z", 4, 1.0, 1.0, 1.0, 1.0, 1.0,
                1.0, 0.1, 0.9, 0.0, false, false, seconds), null, null, null, null);
    }

    @Test
    void whatTheTrialsAndWarmUpsDidNotTakeIsTheRestsCostPerTrial() {
        RunProgress progress = new RunProgress(10, clock);
        progress.warmedUp(Duration.ofMillis(1_100), true);
        progress.warmedUp(Duration.ofMillis(400), false);
        for (double seconds : new double[] {0.9, 1.1, 1.0, 1.0}) {
            progress.ran++;
            progress.measured(took(seconds));
        }
        now = now.plusMillis(6_300);
        assertEquals(6.3, progress.elapsedSeconds(), 1e-9);
        assertEquals(0.2, progress.otherSecondsPerTrial(), 1e-9, "(6.3 - 4 - 1.5) / 4");
        assertEquals(1.1, progress.averageWarmUpSeconds(true), 1e-9);
        assertEquals(0.4, progress.averageWarmUpSeconds(false), 1e-9);
    }

    @Test
    void freshWorkersAndNewKindsAreAveragedApart() {
        RunProgress progress = new RunProgress(10, clock);
        progress.warmedUp(Duration.ofMillis(2_000), true);
        progress.warmedUp(Duration.ofMillis(1_000), true);
        progress.warmedUp(Duration.ofMillis(600), false);
        progress.warmedUp(Duration.ofMillis(800), false);
        progress.warmedUp(Duration.ofMillis(700), false);
        assertEquals(1.5, progress.averageWarmUpSeconds(true), 1e-9);
        assertEquals(0.7, progress.averageWarmUpSeconds(false), 1e-9);
    }

    @Test
    void aFailedTrialsTimeCountsAsTheRests() {
        RunProgress progress = new RunProgress(10, clock);
        progress.ran = 2;
        progress.measured(TrialMeasurement.Outcome.failed("crashed"));
        progress.measured(took(2.0));
        now = now.plusSeconds(3);
        assertEquals(0.5, progress.otherSecondsPerTrial(), 1e-9);
        assertEquals(0, progress.averageWarmUpSeconds(true));
        assertEquals(0, progress.averageWarmUpSeconds(false));
    }

    @Test
    void beforeAnyTrialNothingIsKnown() {
        RunProgress progress = new RunProgress(10, clock);
        now = now.plusSeconds(5);
        assertEquals(0, progress.otherSecondsPerTrial());
    }
}
