package org.seqbench.harness.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.results.CellResult;
import org.seqbench.spi.BackendModel;
import org.seqbench.spi.DeviceTimed;
import org.seqbench.spi.PreparedInput;

/** The extra passes after a trial's measured iterations, and the figures read from a model's device times. */
class DeviceTimesTest {
    private static final ModelSpec SPEC = ModelSpec.recurrent(ModelKind.LSTM, 2, 4, 1, false, 0);

    /** A model whose pass {@code n} (from 0) takes {@code sleepMillis} and reports {@code times(n)} on its device. */
    private static class Timed implements BackendModel, DeviceTimed {
        private final IntToDoubleFunction times;
        private final long sleepMillis;
        int passes;

        Timed(IntToDoubleFunction times, long sleepMillis) {
            this.times = times;
            this.sleepMillis = sleepMillis;
        }

        @Override
        public double lastDeviceMillis() {
            return passes == 0 ? Double.NaN : times.applyAsDouble(passes - 1);
        }

        @Override
        public ModelSpec spec() {
            return SPEC;
        }

        @Override
        public String variant() {
            return "timed";
        }

        @Override
        public PreparedInput prepare(Tensor input) {
            throw new UnsupportedOperationException("the tests hand the passes no input of theirs");
        }

        @Override
        public Tensor forward(PreparedInput input) {
            if (sleepMillis > 0) {
                try {
                    Thread.sleep(sleepMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            passes++;
            return Tensor.zeros(1, 1, 4);
        }

        @Override
        public void close() {
        }
    }

    /** A model that does not time its device. */
    private static final class Untimed implements BackendModel {
        int passes;

        @Override
        public ModelSpec spec() {
            return SPEC;
        }

        @Override
        public String variant() {
            return "untimed";
        }

        @Override
        public PreparedInput prepare(Tensor input) {
            throw new UnsupportedOperationException("the tests hand the passes no input of theirs");
        }

        @Override
        public Tensor forward(PreparedInput input) {
            passes++;
            return Tensor.zeros(1, 1, 4);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void twentyPassesGiveTheirMinimumAndMedian() {
        Timed model = new Timed(pass -> 1.0 + pass % 4, 0);
        DeviceTimes times = DeviceTimes.measure(model, null);
        assertEquals(DeviceTimes.PASSES, model.passes);
        assertEquals(new DeviceTimes(1.0, 2.5), times, "five each of 1, 2, 3 and 4 ms");
    }

    @Test
    void passesStopOnceTheirBudgetIsSpentButOneAlwaysRuns() {
        Timed slow = new Timed(pass -> 7.0, 30);
        assertEquals(new DeviceTimes(7.0, 7.0), DeviceTimes.measure(slow, null, 20, 50_000_000L));
        assertTrue(slow.passes >= 1 && slow.passes <= 2, "passes of 30 ms or more: none starts after 50 ms, "
                + slow.passes);
        Timed once = new Timed(pass -> 3.0, 0);
        assertEquals(new DeviceTimes(3.0, 3.0), DeviceTimes.measure(once, null, 20, 0));
        assertEquals(1, once.passes, "a pass longer than the budget still gets its figure");
    }

    @Test
    void unknownTimesAreLeftOutAndAModelWithoutAnyOrWithoutTimingHasNone() {
        Timed sometimes = new Timed(pass -> pass % 2 == 0 ? Double.NaN : 0.5 * pass, 0);
        assertEquals(new DeviceTimes(0.5, 5.0), DeviceTimes.measure(sometimes, null, 20, Long.MAX_VALUE),
                "the odd passes 1, 3, ..., 19 times half a millisecond");
        assertNull(DeviceTimes.measure(new Timed(pass -> Double.NaN, 0), null));
        assertNull(DeviceTimes.measure(new Timed(pass -> -1.0, 0), null), "a negative time is no time");
        Untimed untimed = new Untimed();
        assertNull(DeviceTimes.measure(untimed, null));
        assertEquals(0, untimed.passes, "a model that does not time its device runs no extra pass");
    }

    @Test
    void aTrialsReportCarriesItsDeviceTimesToTheHarnessAndOneWithoutWritesNone(@TempDir Path folder)
            throws IOException {
        Path file = folder.resolve("report.jsonl");
        CellResult.AccuracyFigures accuracy = new CellResult.AccuracyFigures(2e-4, 3e-4, 5e-3, 2);
        TrialReport timed = new TrialReport("gemm-loop", accuracy, null, null, null, new DeviceTimes(0.1, 0.3), null);
        TrialReport untimed = new TrialReport("fused-op", accuracy, null, null, null);
        timed.appendTo(file.toString());
        untimed.appendTo(file.toString());
        assertEquals(List.of(timed, untimed), TrialReport.readAll(file));
        assertTrue(Files.readAllLines(file).getFirst().contains("\"device\":{\"min\":0.1,\"median\":0.3}"));
        assertFalse(Files.readAllLines(file).get(1).contains("device"));
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(new DeviceTimes(1.0, 2.5), DeviceTimes.of(List.of(4.0, 1.0, 3.0, 2.0)));
        assertEquals(new DeviceTimes(1.0, 2.0), DeviceTimes.of(List.of(3.0, 1.0, 2.0)));
        assertNull(DeviceTimes.of(List.of()));
    }
}
