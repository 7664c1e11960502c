package org.seqbench.harness.measure;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.seqbench.core.Inputs;
import org.seqbench.results.Environment;
import org.seqbench.results.Numbers;
import org.seqbench.spi.BackendProvider;
import org.seqbench.spi.MatrixProduct;

/**
 * Measures the machine's float32 peak once per run, before the cells: on each backend that offers a matrix
 * product, for each thread count the sweep uses, the fastest of repeated products of two {@code n x n} matrices.
 * The reports compare every cell's GFLOP/s with the fastest backend's figure for its device and threads.
 *
 * <p>Why a best-of-N loop in this JVM, not a JMH fork like the cells: a peak is a bound, and its estimator is the
 * fastest repetition, which other processes and interrupts can only make slower; JMH's mean and percentiles would
 * describe the noise around it instead. One repetition is a single native call of tens of milliseconds, so the
 * JIT has nothing to warm up, and a fork per thread count would add seconds of start-up for no better number.
 * The median and the other processes' CPU are kept beside the best, to show how steady the machine was.
 */
public final class PeakProbe {
    /** Large enough that the product is bound by arithmetic, not by memory or call overhead, on a CPU core. */
    public static final int SIZE = 2048;

    private final int size;
    private final int warmups;
    private final int minRepetitions;
    private final int maxRepetitions;
    private final Duration minTime;

    /** The probe every run uses: n = 2048, 2 warm-up products, then at least 5 and 1 s, at most 50 repetitions. */
    public PeakProbe() {
        this(SIZE, 2, 5, 50, Duration.ofSeconds(1));
    }

    PeakProbe(int size, int warmups, int minRepetitions, int maxRepetitions, Duration minTime) {
        this.size = size;
        this.warmups = warmups;
        this.minRepetitions = minRepetitions;
        this.maxRepetitions = maxRepetitions;
        this.minTime = minTime;
    }

    /**
     * Measures each of {@code providers} that is available and offers a product at each of {@code threadCounts};
     * a backend whose product fails is reported on {@code out} and left out, never failing the run.
     */
    public List<Environment.Peak> measure(List<BackendProvider> providers, List<Integer> threadCounts,
            PrintWriter out) {
        List<Environment.Peak> peaks = new ArrayList<>();
        float[] a = Inputs.generate(1, size, size, 1).data();
        float[] b = Inputs.generate(1, size, size, 2).data();
        for (BackendProvider provider : providers) {
            if (!provider.availability().available() || provider.matrixProduct().isEmpty()) {
                continue;
            }
            for (int threads : threadCounts) {
                try {
                    Environment.Peak peak = measure(provider, provider.matrixProduct().get(), a, b, threads);
                    peaks.add(peak);
                    out.printf(Locale.ROOT, "peak on %s: %s GFLOP/s with %s on %s (%d x %d float32 product, fastest of "
                                    + "%d%s)%n", peak.device(), Numbers.significant(peak.gflops(), 3),
                            threadsText(threads), peak.backend(), size, size, peak.repetitions(),
                            peak.otherCpuCores() == null ? ""
                                    : String.format(Locale.ROOT, "; others used %.2f cores", peak.otherCpuCores()));
                } catch (RuntimeException e) {
                    out.printf("peak: %s's matrix product failed with %s: %s; its peak is left out%n", provider.id(),
                            threadsText(threads), e.getMessage());
                }
                out.flush();
            }
        }
        return peaks;
    }

    private Environment.Peak measure(BackendProvider provider, MatrixProduct product, float[] a, float[] b,
            int threads) {
        OtherProcessesCpu others = new OtherProcessesCpu();
        List<Long> nanos = new ArrayList<>();
        try (MatrixProduct.Prepared prepared = product.prepare(a, b, size, threads)) {
            for (int i = 0; i < warmups; i++) {
                prepared.multiply();
            }
            others.begin();
            long start = System.nanoTime();
            while (nanos.size() < maxRepetitions
                    && (nanos.size() < minRepetitions || System.nanoTime() - start < minTime.toNanos())) {
                long before = System.nanoTime();
                prepared.multiply();
                nanos.add(System.nanoTime() - before);
            }
            others.end();
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        double bestMs = sorted[0] / 1e6;
        double medianMs = median(sorted) / 1e6;
        double flops = 2.0 * size * size * size;
        return new Environment.Peak(provider.id(), provider.device(), threads, size, flops / (bestMs / 1000) / 1e9,
                bestMs, medianMs, sorted.length, others.usage().map(OtherProcessesCpu.Usage::cores).orElse(null));
    }

    private static double median(long[] sorted) {
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
    }

    private static String threadsText(int threads) {
        return threads == 0 ? "engine-default threads" : threads + (threads == 1 ? " thread" : " threads");
    }
}
