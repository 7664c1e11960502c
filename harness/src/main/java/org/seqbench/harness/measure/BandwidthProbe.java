package org.seqbench.harness.measure;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.seqbench.results.Environment;
import org.seqbench.results.Numbers;
import org.seqbench.results.analysis.Shapes;

/**
 * Measures the machine's sustainable memory bandwidth, once per run, before the cells: {@link TriadBenchmark} in a
 * JMH fork at each thread count the sweep uses, the best measurement iteration, over arrays
 * {@value #CACHE_MULTIPLE} times all last-level caches together (STREAM's rule), so that no repetition finds its
 * data in a cache.
 *
 * <p>Bytes per element are STREAM's 3 x 4: {@code b} and {@code c} read, {@code a} written. The write-allocate
 * read of {@code a}'s line, which a core without streaming stores also makes, is not counted, as STREAM does not
 * count it; the bus carries up to 4/3 of the figure.
 */
public final class BandwidthProbe {
    /** Each array is this many times the last-level caches, as STREAM asks. */
    public static final int CACHE_MULTIPLE = 4;
    /** The array size when the last-level cache's size is unknown. */
    public static final long FALLBACK_ARRAY_BYTES = 64L << 20;
    /** Bytes one element of the triad moves, as STREAM counts them. */
    public static final int BYTES_PER_ELEMENT = 3 * Float.BYTES;

    private final ProbeRunner runner;
    private final Optional<LastLevelCache> cache;
    private final long maxHeapBytes;

    /**
     * @param cache the last-level cache, when the machine says; empty for the fixed fallback size
     * @param maxHeapBytes the fork's heap (the harness's own): the three arrays are kept to a third of it
     */
    public BandwidthProbe(ProbeRunner runner, Optional<LastLevelCache> cache, long maxHeapBytes) {
        this.runner = runner;
        this.cache = cache;
        this.maxHeapBytes = maxHeapBytes;
    }

    /** The probe on this machine: its last-level cache from sysfs, this JVM's heap. */
    public static BandwidthProbe here(ProbeRunner runner) {
        return new BandwidthProbe(runner, LastLevelCache.read(LastLevelCache.SYSFS), Runtime.getRuntime().maxMemory());
    }

    /**
     * The bandwidth at each of {@code threadCounts} (0 = every one of {@code logicalCores}); a thread count whose
     * probe fails is reported on {@code out} and left out, never failing the run.
     */
    public List<Environment.Bandwidth> measure(List<Integer> threadCounts, int logicalCores, PrintWriter out) {
        List<Environment.Bandwidth> figures = new ArrayList<>();
        Sizing sizing = sizing(logicalCores);
        for (int threads : threadCounts) {
            int running = threads == 0 ? logicalCores : threads;
            long elements = sizing.arrayBytes() / Float.BYTES / running;
            try {
                ProbeRunner.Outcome outcome = runner.run(TriadBenchmark.class,
                        Map.of("elements", String.valueOf(elements)), running);
                Environment.Bandwidth bandwidth = bandwidth(threads, elements * running * Float.BYTES,
                        sizing.cacheBytes(), elements, outcome);
                figures.add(bandwidth);
                out.printf(Locale.ROOT, "memory bandwidth: %s GB/s with %s (triad over three %s arrays, %s; best of"
                                + " %d iterations%s)%n", Numbers.significant(bandwidth.gbPerSecond(), 3),
                        Shapes.onCores(threads, logicalCores), Numbers.mebibytes(bandwidth.arrayBytes()),
                        sizing.basis(), bandwidth.iterations(), Threads.others(bandwidth.otherCpuCores()));
            } catch (RuntimeException e) {
                out.printf("memory bandwidth: the probe failed with %s: %s; it is left out%n",
                        Shapes.onCores(threads, logicalCores), e.getMessage());
            }
            out.flush();
        }
        return figures;
    }

    /**
     * The bandwidth of one probe run: its best iteration's triads per second (all threads together) times the
     * bytes of one thread's triad.
     */
    static Environment.Bandwidth bandwidth(int threads, long arrayBytes, Long cacheBytes, long elementsPerThread,
            ProbeRunner.Outcome outcome) {
        double bytesPerTriad = (double) BYTES_PER_ELEMENT * elementsPerThread;
        return new Environment.Bandwidth(FmaProbe.DEVICE, threads, outcome.best() * bytesPerTriad / 1e9,
                outcome.median() * bytesPerTriad / 1e9,
                arrayBytes, cacheBytes, outcome.scores().size(), ProbeFacts.otherCpuCores(outcome));
    }

    /** How large each array is (all threads' parts together), and why. */
    Sizing sizing(int logicalCores) {
        long heapLimit = maxHeapBytes / (3 * 3);
        if (cache.isEmpty()) {
            long bytes = Math.min(FALLBACK_ARRAY_BYTES, heapLimit);
            return new Sizing(bytes, null, bytes < FALLBACK_ARRAY_BYTES ? "so that the three fill a third of the heap"
                    : "a fixed size: the last-level cache's size is unknown");
        }
        long caches = cache.get().bytes() * cache.get().instances(logicalCores);
        long wanted = CACHE_MULTIPLE * caches;
        String basis = CACHE_MULTIPLE + " x the " + Numbers.mebibytes(caches) + " of last-level cache";
        return wanted <= heapLimit ? new Sizing(wanted, caches, basis)
                : new Sizing(heapLimit, caches, "so that the three fill a third of the heap, less than " + basis);
    }

    /**
     * @param arrayBytes bytes of each of the three arrays, all threads' parts together
     * @param cacheBytes the last-level caches together; null when unknown
     * @param basis why that size, in words
     */
    record Sizing(long arrayBytes, Long cacheBytes, String basis) {
    }
}
