package org.seqbench.harness.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Weights;
import org.seqbench.results.Environment;
import org.seqbench.spi.Availability;
import org.seqbench.spi.BackendException;
import org.seqbench.spi.BackendModel;
import org.seqbench.spi.BackendProvider;
import org.seqbench.spi.MatrixProduct;
import org.seqbench.spi.Precision;
import org.seqbench.spi.RunOptions;

/** The peak is the fastest repetition of the product, per backend and thread count; a failing product is skipped. */
class PeakProbeTest {

    /** A product whose repetitions take the given times (ms), in turn; the last one repeats. */
    private record Timed(Deque<Long> millis) implements MatrixProduct {
        @Override
        public Prepared prepare(float[] a, float[] b, int n, int threads) {
            return new Prepared() {
                @Override
                public int n() {
                    return n;
                }

                @Override
                public void multiply() {
                    long next = millis.size() > 1 ? millis.removeFirst() : millis.getFirst();
                    try {
                        Thread.sleep(next);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
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

    private record Provider(String id, Optional<MatrixProduct> product, boolean available) implements BackendProvider {
        @Override
        public String name() {
            return id;
        }

        @Override
        public Availability availability() {
            return available ? Availability.yes() : Availability.no("not here");
        }

        @Override
        public String engineVersion() {
            return "1";
        }

        @Override
        public String device() {
            return "cpu";
        }

        @Override
        public Set<ModelKind> supportedKinds() {
            return Set.of(ModelKind.LSTM);
        }

        @Override
        public List<String> variants(ModelKind kind) {
            return List.of("x");
        }

        @Override
        public Set<Precision> precisions() {
            return Set.of(Precision.FP32);
        }

        @Override
        public boolean honoursThreads() {
            return true;
        }

        @Override
        public BackendModel load(ModelSpec spec, Weights weights, RunOptions options) {
            throw new BackendException("not for loading");
        }

        @Override
        public Optional<MatrixProduct> matrixProduct() {
            return product;
        }
    }

    @Test
    void thePeakIsTheFastestRepetitionAfterTheWarmUp() {
        // Warm-up 40 ms (ignored), then 30, 20, 25, 20, 35 ms: the fastest is 20 ms, the median 25 ms.
        Timed product = new Timed(new ArrayDeque<>(List.of(40L, 30L, 20L, 25L, 20L, 35L)));
        StringWriter log = new StringWriter();
        List<Environment.Peak> peaks = new PeakProbe(100, 1, 5, 5, Duration.ZERO)
                .measure(List.of(new Provider("fast", Optional.of(product), true)), List.of(2), new PrintWriter(log));
        assertEquals(1, peaks.size());
        Environment.Peak peak = peaks.getFirst();
        assertEquals("fast", peak.backend());
        assertEquals("cpu", peak.device());
        assertEquals(2, peak.threads());
        assertEquals(100, peak.n());
        assertEquals(5, peak.repetitions());
        assertEquals(20, peak.bestMs(), 3, "sleep may oversleep a little, never undersleep");
        assertEquals(25, peak.medianMs(), 3);
        assertEquals(2.0 * 100 * 100 * 100 / (peak.bestMs() / 1000) / 1e9, peak.gflops(), 1e-9);
        assertTrue(log.toString().startsWith("peak on cpu: "), log.toString());
    }

    @Test
    void backendsWithoutAProductOrUnavailableArePassedOverAndAFailureIsReported() {
        MatrixProduct failing = (a, b, n, threads) -> {
            throw new BackendException("no memory for " + n + " x " + n);
        };
        StringWriter log = new StringWriter();
        List<Environment.Peak> peaks = new PeakProbe(10, 0, 1, 1, Duration.ZERO).measure(List.of(
                new Provider("none", Optional.empty(), true),
                new Provider("away", Optional.of(new Timed(new ArrayDeque<>(List.of(1L)))), false),
                new Provider("broken", Optional.of(failing), true),
                new Provider("ok", Optional.of(new Timed(new ArrayDeque<>(List.of(1L)))), true)),
                List.of(1, 4), new PrintWriter(log));
        assertEquals(List.of("ok", "ok"), peaks.stream().map(Environment.Peak::backend).toList());
        assertEquals(List.of(1, 4), peaks.stream().map(Environment.Peak::threads).toList());
        assertTrue(log.toString().contains("peak: broken's matrix product failed with 1 thread: no memory for 10 x 10;"
                + " its peak is left out"), log.toString());
    }

    @Test
    void measuresOnnxRuntimesRealProduct() {
        BackendProvider onnx = org.seqbench.spi.Backends.find("onnx").orElseThrow();
        List<Environment.Peak> peaks = new PeakProbe(256, 1, 3, 3, Duration.ZERO)
                .measure(List.of(onnx), List.of(1), new PrintWriter(new StringWriter()));
        assertEquals(1, peaks.size());
        assertTrue(peaks.getFirst().gflops() > 0 && peaks.getFirst().bestMs() <= peaks.getFirst().medianMs());
    }
}
