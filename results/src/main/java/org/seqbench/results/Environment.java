package org.seqbench.results;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.ToDoubleFunction;

/**
 * The machine and software a run measured, enough to tell two runs' conditions apart.
 *
 * @param cpuModel the processor's model name
 * @param logicalCores processors the JVM sees
 * @param memoryBytes physical memory
 * @param os name, version and architecture
 * @param jvm vendor, version and VM
 * @param hostname the machine's name
 * @param gitCommit the seqbench commit when known (a git checkout), else null
 * @param seqbenchVersion the harness version
 * @param backends every discovered backend, available or not
 * @param threadEnvironment thread-related environment variables as set (unset ones are left out)
 * @param peaks the float32 matrix product measured before the cells, per backend offering one, thread count of the
 *     sweep and size; empty in records written before seqbench measured it (schema version 1)
 * @param fmaPeaks the cores' FMA limit measured before the cells, per thread count of the sweep; empty in records
 *     written before seqbench measured it (schema versions 1 and 2)
 * @param bandwidths the memory bandwidth measured before the cells, per thread count of the sweep; empty in records
 *     written before seqbench measured it (schema versions 1 and 2)
 */
public record Environment(
        String cpuModel,
        int logicalCores,
        long memoryBytes,
        String os,
        String jvm,
        String hostname,
        String gitCommit,
        String seqbenchVersion,
        List<BackendInfo> backends,
        Map<String, String> threadEnvironment,
        List<Peak> peaks,
        List<FmaPeak> fmaPeaks,
        List<Bandwidth> bandwidths) {

    public Environment {
        peaks = peaks == null ? List.of() : List.copyOf(peaks);
        fmaPeaks = fmaPeaks == null ? List.of() : List.copyOf(fmaPeaks);
        bandwidths = bandwidths == null ? List.of() : List.copyOf(bandwidths);
    }

    /**
     * A backend as discovered on the measuring machine.
     *
     * @param settings every engine setting the backend declares with the value the run measured with (its default
     *     where the run asked for none); empty in records written before engine settings existed
     */
    public record BackendInfo(String id, String name, String engineVersion, String device, boolean available,
            String reason, Map<String, String> settings) {
        public BackendInfo {
            settings = settings == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        }

        /** A backend measured with its engine's defaults, or one that declares no settings. */
        public BackendInfo(String id, String name, String engineVersion, String device, boolean available,
                String reason) {
            this(id, name, engineVersion, device, available, reason, Map.of());
        }
    }

    /**
     * What a backend's engine reaches on its best operation at one thread count: the fastest of several timed
     * products of two {@code n x n} matrices. The fastest, not the mean, because a peak is a bound: other processes
     * and interrupts only ever make a repetition slower. Not the cores' limit ({@link FmaPeak} is): a cell whose
     * products suit the engine better can pass it.
     *
     * @param backend the backend whose product ran
     * @param device where it ran, as the backend names it (cells on the same device are compared with it)
     * @param threads engine threads, as the cells ask for them (0 = the engine's default)
     * @param n the matrices' size
     * @param gflops {@code 2 n^3} over the fastest repetition, in GFLOP/s
     * @param bestMs the fastest repetition
     * @param medianMs the median repetition, which shows how steady the machine was
     * @param repetitions repetitions timed after the warm-up
     * @param otherCpuCores cores' worth of CPU other processes used meanwhile; null where /proc is not available
     */
    public record Peak(String backend, String device, int threads, int n, double gflops, double bestMs,
            double medianMs, int repetitions, Double otherCpuCores) {

        /**
         * Whether other processes left the product fewer idle cores than its threads needed, by the rule the cells
         * are judged by ({@link CellResult.Contention#contended(double, int, int)}): such a peak is likely low.
         */
        public boolean contended(int logicalCores) {
            return Environment.contended(otherCpuCores, threads, logicalCores);
        }
    }

    /**
     * The cores' float32 arithmetic limit at one thread count: independent fused multiply-adds on the widest vectors
     * the JIT offers, the best of several iterations. No engine can run float32 arithmetic faster on these cores.
     *
     * @param device the device whose cores ran it (the CPU's, as the backends name it: {@code cpu})
     * @param threads threads, as the cells ask for them (0 = every core)
     * @param gflops the best iteration, in GFLOP/s (an FMA is 2 FLOPs)
     * @param medianGflops the median iteration, which shows how steady the machine was
     * @param vectorBits the vector width the JIT chose
     * @param lanes floats per vector
     * @param chains independent FMA chains in flight on each thread
     * @param iterations measurement iterations
     * @param otherCpuCores cores' worth of CPU other processes used meanwhile; null where /proc is not available
     */
    public record FmaPeak(String device, int threads, double gflops, double medianGflops, int vectorBits, int lanes,
            int chains, int iterations, Double otherCpuCores) {

        /** Whether other processes left the probe fewer idle cores than its threads needed (likely low, then). */
        public boolean contended(int logicalCores) {
            return Environment.contended(otherCpuCores, threads, logicalCores);
        }
    }

    /**
     * The sustainable memory bandwidth at one thread count: STREAM's triad {@code a[i] = b[i] + s * c[i]} over
     * arrays larger than the last-level caches, the best of several iterations, counting 12 bytes an element as
     * STREAM does (the write-allocate read of {@code a} is not counted).
     *
     * @param device the device whose memory it measured ({@code cpu})
     * @param threads threads, as the cells ask for them (0 = every core)
     * @param gbPerSecond the best iteration, in GB/s (10^9 bytes a second)
     * @param medianGbPerSecond the median iteration, which shows how steady the machine was
     * @param arrayBytes bytes of each of the three arrays, all threads' parts together
     * @param lastLevelCacheBytes the last-level caches together, as the machine described them; null when unknown
     *     (the arrays then have a fixed size)
     * @param iterations measurement iterations
     * @param otherCpuCores cores' worth of CPU other processes used meanwhile; null where /proc is not available
     */
    public record Bandwidth(String device, int threads, double gbPerSecond, double medianGbPerSecond, long arrayBytes,
            Long lastLevelCacheBytes, int iterations, Double otherCpuCores) {

        /** Whether other processes left the probe fewer idle cores than its threads needed (likely low, then). */
        public boolean contended(int logicalCores) {
            return Environment.contended(otherCpuCores, threads, logicalCores);
        }
    }

    /** The cells' contention rule ({@link CellResult.Contention#contended}) for a bound; false when not measured. */
    private static boolean contended(Double otherCpuCores, int threads, int logicalCores) {
        return otherCpuCores != null && CellResult.Contention.contended(otherCpuCores, logicalCores, threads);
    }

    /**
     * What an engine reaches for cells on {@code device} with {@code threads}: the fastest product of any backend
     * and size, if measured.
     */
    public Optional<Peak> peakFor(String device, int threads) {
        return peaks.stream().filter(peak -> peak.device().equals(device) && peak.threads() == threads)
                .max(Comparator.comparingDouble(Peak::gflops));
    }

    /** The cores' FMA limit for cells on {@code device} with {@code threads}, if measured. */
    public Optional<FmaPeak> fmaPeakFor(String device, int threads) {
        return fmaPeaks.stream().filter(peak -> peak.device().equals(device) && peak.threads() == threads)
                .max(Comparator.comparingDouble(FmaPeak::gflops));
    }

    /** The memory bandwidth for cells on {@code device} with {@code threads}, if measured. */
    public Optional<Bandwidth> bandwidthFor(String device, int threads) {
        return bandwidths.stream()
                .filter(bandwidth -> bandwidth.device().equals(device) && bandwidth.threads() == threads)
                .max(Comparator.comparingDouble(Bandwidth::gbPerSecond));
    }

    /**
     * This environment with {@code measured} added to its peaks, each replacing an earlier peak of the same backend,
     * device, thread count and size.
     */
    public Environment withPeaks(List<Peak> measured) {
        return new Environment(cpuModel, logicalCores, memoryBytes, os, jvm, hostname, gitCommit, seqbenchVersion,
                backends, threadEnvironment, replacing(peaks, measured, Environment::sameProduct), fmaPeaks,
                bandwidths);
    }

    /** This environment with {@code measured} FMA peaks, each replacing an earlier one of its device and threads. */
    public Environment withFmaPeaks(List<FmaPeak> measured) {
        return new Environment(cpuModel, logicalCores, memoryBytes, os, jvm, hostname, gitCommit, seqbenchVersion,
                backends, threadEnvironment, peaks, replacing(fmaPeaks, measured, Environment::sameFma), bandwidths);
    }

    /** This environment with {@code measured} bandwidths, each replacing an earlier one of its device and threads. */
    public Environment withBandwidths(List<Bandwidth> measured) {
        return new Environment(cpuModel, logicalCores, memoryBytes, os, jvm, hostname, gitCommit, seqbenchVersion,
                backends, threadEnvironment, peaks, fmaPeaks, replacing(bandwidths, measured,
                        Environment::sameBandwidth));
    }

    /**
     * This environment with each bound of {@code other} that beats this one's of the same probe, or that this one
     * lacks: the bounds of runs measured on one machine (the shards of a merged run), the best of each kept, as a
     * run keeps the faster of a bound measured twice.
     */
    public Environment withFasterBounds(Environment other) {
        return withPeaks(faster(other.peaks, peaks, Environment::sameProduct, Peak::gflops))
                .withFmaPeaks(faster(other.fmaPeaks, fmaPeaks, Environment::sameFma, FmaPeak::gflops))
                .withBandwidths(faster(other.bandwidths, bandwidths, Environment::sameBandwidth,
                        Bandwidth::gbPerSecond));
    }

    /** Those of {@code candidates} faster than every figure of {@code kept} of the same probe. */
    private static <T> List<T> faster(List<T> candidates, List<T> kept, BiPredicate<T, T> sameProbe,
            ToDoubleFunction<T> speed) {
        return candidates.stream().filter(candidate -> kept.stream().filter(old -> sameProbe.test(old, candidate))
                .allMatch(old -> speed.applyAsDouble(candidate) > speed.applyAsDouble(old))).toList();
    }

    private static boolean sameProduct(Peak a, Peak b) {
        return a.backend().equals(b.backend()) && a.device().equals(b.device()) && a.threads() == b.threads()
                && a.n() == b.n();
    }

    private static boolean sameFma(FmaPeak a, FmaPeak b) {
        return a.device().equals(b.device()) && a.threads() == b.threads();
    }

    private static boolean sameBandwidth(Bandwidth a, Bandwidth b) {
        return a.device().equals(b.device()) && a.threads() == b.threads();
    }

    /** {@code earlier} with each of {@code measured} added, in place of the earlier figures it is the same probe as. */
    private static <T> List<T> replacing(List<T> earlier, List<T> measured, BiPredicate<T, T> sameProbe) {
        List<T> all = new ArrayList<>(earlier);
        for (T figure : measured) {
            all.removeIf(old -> sameProbe.test(old, figure));
            all.add(figure);
        }
        return all;
    }
}
