package org.seqbench.harness.measure;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.seqbench.core.Inputs;
import org.seqbench.results.Environment;
import org.seqbench.results.Numbers;
import org.seqbench.results.analysis.Shapes;
import org.seqbench.spi.BackendProvider;
import org.seqbench.spi.MatrixProduct;

/**
 * Measures what an engine's best operation reaches, once per run, before the cells: on each backend that offers a
 * matrix product, for each thread count the sweep uses and each of {@link #SIZES}, the fastest of repeated products
 * of two {@code n x n} matrices. The reports compare every cell's GFLOP/s with the best figure for its device and
 * threads, beside the core's FMA limit ({@link FmaProbe}), which no engine can pass.
 *
 * <p>Why a best-of-N loop in this JVM, not a JMH fork like the cells: a peak is a bound, and its estimator is the
 * fastest repetition, which other processes and interrupts can only make slower; JMH's mean and percentiles would
 * describe the noise around it instead. One repetition is a single native call, so the JIT has nothing to warm
 * up, and a fork per thread count would add seconds of start-up for no better number. (The FMA and triad probes
 * are Java loops the JIT must compile first, which is why they run in JMH forks.) The median and the other
 * processes' CPU are kept beside the best, to show how steady the machine was.
 */
public final class PeakProbe {
    /**
     * The sizes of every run, kept each and the best taken: an engine's product is not fastest at the largest
     * size on every machine (cache blocking and threading suit some sizes better), and the cells' own products are
     * small.
     */
    public static final List<Integer> SIZES = List.of(256, 512, 1024, 2048);

    private final List<Integer> sizes;
    private final int warmups;
    private final int minRepetitions;
    private final int maxRepetitions;
    private final Duration minTime;
    private final LongSupplier nanoTime;

    /**
     * The probe every run uses: each of {@link #SIZES}, 2 warm-up products, then at least 5 repetitions and 0.5 s,
     * at most 50 repetitions.
     */
    public PeakProbe() {
        this(SIZES, 2, 5, 50, Duration.ofMillis(500), System::nanoTime);
    }

    /**
     * @param nanoTime the clock the repetitions are timed with, in nanoseconds
     */
    PeakProbe(List<Integer> sizes, int warmups, int minRepetitions, int maxRepetitions, Duration minTime,
            LongSupplier nanoTime) {
        this.sizes = List.copyOf(sizes);
        this.warmups = warmups;
        this.minRepetitions = minRepetitions;
        this.maxRepetitions = maxRepetitions;
        this.minTime = minTime;
        this.nanoTime = nanoTime;
    }

    /**
     * Measures each of {@code providers} that is available and offers a product, at each of {@code threadCounts}
     * and each size: one peak per backend, thread count and size. A backend whose product fails is reported on
     * {@code out} and left out for that thread count, never failing the run.
     */
    public List<Environment.Peak> measure(List<BackendProvider> providers, List<Integer> threadCounts,
            PrintWriter out) {
        List<Environment.Peak> peaks = new ArrayList<>();
        Map<Integer, float[][]> operands = new LinkedHashMap<>();
        for (BackendProvider provider : providers) {
            if (!provider.availability().available() || provider.matrixProduct().isEmpty()) {
                continue;
            }
            for (int threads : threadCounts) {
                try {
                    for (int size : sizes) {
                        float[][] ab = operands.computeIfAbsent(size, n -> new float[][] {
                                Inputs.generate(1, n, n, 1).data(), Inputs.generate(1, n, n, 2).data()});
                        Environment.Peak peak = measure(provider, provider.matrixProduct().get(), ab[0], ab[1], size,
                                threads);
                        peaks.add(peak);
                        out.printf(Locale.ROOT, "peak on %s: %s GFLOP/s with %s on %s (%d x %d float32 product, "
                                        + "fastest of %d%s)%n", peak.device(), Numbers.significant(peak.gflops(), 3),
                                Shapes.threads(threads), peak.backend(), size, size, peak.repetitions(),
                                Threads.others(peak.otherCpuCores()));
                        out.flush();
                    }
                } catch (RuntimeException e) {
                    out.printf("peak: %s's matrix product failed with %s: %s; its peak is left out%n", provider.id(),
                            Shapes.threads(threads), e.getMessage());
                }
                out.flush();
            }
        }
        return peaks;
    }

    private Environment.Peak measure(BackendProvider provider, MatrixProduct product, float[] a, float[] b, int size,
            int threads) {
        OtherProcessesCpu others = new OtherProcessesCpu();
        List<Long> nanos = new ArrayList<>();
        try (MatrixProduct.Prepared prepared = product.prepare(a, b, size, threads)) {
            for (int i = 0; i < warmups; i++) {
                prepared.multiply();
            }
            others.begin();
            long start = nanoTime.getAsLong();
            while (nanos.size() < maxRepetitions
                    && (nanos.size() < minRepetitions || nanoTime.getAsLong() - start < minTime.toNanos())) {
                long before = nanoTime.getAsLong();
                prepared.multiply();
                nanos.add(nanoTime.getAsLong() - before);
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
}
