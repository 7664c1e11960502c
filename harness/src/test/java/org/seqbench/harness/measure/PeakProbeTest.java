package org.seqbench.harness.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.seqbench.conformance.ReferenceBackendProvider;
import org.seqbench.results.Environment;
import org.seqbench.spi.Availability;
import org.seqbench.spi.BackendException;
import org.seqbench.spi.BackendProvider;
import org.seqbench.spi.MatrixProduct;

/**
 * The peak is the fastest repetition of the product, per backend, thread count and size, timed on a clock the
 * fake products advance; a failing product is skipped.
 */
class PeakProbeTest {

    /** A clock that moves only when a fake product says so. */
    private static final class FakeClock implements LongSupplier {
        private long nanos;

        @Override
        public long getAsLong() {
            return nanos;
        }

        void advanceMillis(long millis) {
            nanos += millis * 1_000_000;
        }
    }

    /** A product whose repetitions take the given times (ms) on {@code clock}, in turn; the last one repeats. */
    private record Timed(Deque<Long> millis, FakeClock clock) implements MatrixProduct {
        @Override
        public Prepared prepare(float[] a, float[] b, int n, int threads) {
            return new Prepared() {
                @Override
                public int n() {
                    return n;
                }

                @Override
                public void multiply() {
                    clock.advanceMillis(millis.size() > 1 ? millis.removeFirst() : millis.getFirst());
                }

                @Override
                public float[] product() {
                    return new float[n * n];
                }

                @Override
                public void close() {
                    // nothing held
                }
            };
        }
    }

    private static BackendProvider offering(String id, MatrixProduct product) {
        return ReferenceBackendProvider.builder(id).matrixProduct(product).build();
    }

    @Test
    void thePeakIsTheFastestRepetitionAfterTheWarmUp() {
        // Warm-up 40 ms (ignored), then 30, 20, 25, 20, 35 ms: the fastest is 20 ms, the median 25 ms.
        FakeClock clock = new FakeClock();
        Timed product = new Timed(new ArrayDeque<>(List.of(40L, 30L, 20L, 25L, 20L, 35L)), clock);
        StringWriter log = new StringWriter();
        List<Environment.Peak> peaks = new PeakProbe(List.of(100), 1, 5, 5, Duration.ZERO, clock)
                .measure(List.of(offering("fast", product)), List.of(2), new PrintWriter(log));
        assertEquals(1, peaks.size());
        Environment.Peak peak = peaks.getFirst();
        assertEquals("fast", peak.backend());
        assertEquals("cpu", peak.device());
        assertEquals(2, peak.threads());
        assertEquals(100, peak.n());
        assertEquals(5, peak.repetitions());
        assertEquals(20, peak.bestMs(), 0.0);
        assertEquals(25, peak.medianMs(), 0.0);
        // 2 * 100^3 FLOPs in 20 ms.
        assertEquals(0.1, peak.gflops(), 1e-12);
        assertTrue(log.toString().startsWith("peak on cpu: 0.1 GFLOP/s with 2 threads on fast (100 x 100 float32 "
                + "product, fastest of 5"), log.toString());
    }

    @Test
    void repetitionsContinueUntilTheMinimumTimeHasPassedAndStopAtTheMaximum() {
        // 10 ms a repetition: at least 3, and 45 ms, make 5 repetitions; a cap of 4 stops at 4.
        FakeClock clock = new FakeClock();
        BackendProvider steady = offering("steady", new Timed(new ArrayDeque<>(List.of(10L)), clock));
        assertEquals(5, new PeakProbe(List.of(10), 0, 3, 50, Duration.ofMillis(45), clock)
                .measure(List.of(steady), List.of(1), new PrintWriter(new StringWriter())).getFirst().repetitions());
        assertEquals(4, new PeakProbe(List.of(10), 0, 3, 4, Duration.ofMillis(45), clock)
                .measure(List.of(steady), List.of(1), new PrintWriter(new StringWriter())).getFirst().repetitions());
    }

    @Test
    void everySizeIsMeasuredAtEveryThreadCountAndTheBestOfThemIsTheDevicesPeak() {
        // The product takes 1 ms whatever its size, so the larger size does more FLOPs in the same time.
        FakeClock clock = new FakeClock();
        BackendProvider provider = offering("two", new Timed(new ArrayDeque<>(List.of(1L)), clock));
        List<Environment.Peak> peaks = new PeakProbe(List.of(10, 20), 0, 1, 1, Duration.ZERO, clock)
                .measure(List.of(provider), List.of(1, 2), new PrintWriter(new StringWriter()));
        assertEquals(List.of(10, 20, 10, 20), peaks.stream().map(Environment.Peak::n).toList());
        assertEquals(List.of(1, 1, 2, 2), peaks.stream().map(Environment.Peak::threads).toList());
        assertEquals(2.0 * 20 * 20 * 20 / 1e-3 / 1e9, peaks.get(1).gflops(), 1e-12);
        Environment environment = new Environment("cpu", 2, 1, "os", "jvm", "host", null, "dev", List.of(), Map.of(),
                List.of(), List.of(), List.of()).withPeaks(peaks);
        assertEquals(4, environment.peaks().size(), "every size is kept");
        assertEquals(20, environment.peakFor("cpu", 2).orElseThrow().n());
    }

    @Test
    void backendsWithoutAProductOrUnavailableArePassedOverAndAFailureIsReported() {
        FakeClock clock = new FakeClock();
        MatrixProduct failing = (a, b, n, threads) -> {
            throw new BackendException("no memory for " + n + " x " + n);
        };
        StringWriter log = new StringWriter();
        List<Environment.Peak> peaks = new PeakProbe(List.of(10), 0, 1, 1, Duration.ZERO, clock).measure(List.of(
                ReferenceBackendProvider.builder("none").withoutMatrixProduct().build(),
                ReferenceBackendProvider.builder("away").availability(Availability.no("not here"))
                        .matrixProduct(new Timed(new ArrayDeque<>(List.of(1L)), clock)).build(),
                offering("broken", failing),
                offering("ok", new Timed(new ArrayDeque<>(List.of(1L)), clock))),
                List.of(1, 4), new PrintWriter(log));
        assertEquals(List.of("ok", "ok"), peaks.stream().map(Environment.Peak::backend).toList());
        assertEquals(List.of(1, 4), peaks.stream().map(Environment.Peak::threads).toList());
        assertTrue(log.toString().contains("peak: broken's matrix product failed with 1 thread: no memory for 10 x 10;"
                + " its peak is left out"), log.toString());
    }

    @Test
    void measuresOnnxRuntimesRealProduct() {
        BackendProvider onnx = org.seqbench.spi.Backends.find("onnx").orElseThrow();
        List<Environment.Peak> peaks = new PeakProbe(List.of(256), 1, 3, 3, Duration.ZERO, System::nanoTime)
                .measure(List.of(onnx), List.of(1), new PrintWriter(new StringWriter()));
        assertEquals(1, peaks.size());
        assertTrue(peaks.getFirst().gflops() > 0 && peaks.getFirst().bestMs() <= peaks.getFirst().medianMs());
    }
}
