package org.seqbench.results;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 * @param peaks the float32 peak measured before the cells, per backend offering a matrix product and per thread
 *     count of the sweep; empty in records written before seqbench measured it (schema version 1)
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
        List<Peak> peaks) {

    public Environment {
        peaks = peaks == null ? List.of() : List.copyOf(peaks);
    }

    /** A backend as discovered on the measuring machine. */
    public record BackendInfo(String id, String name, String engineVersion, String device, boolean available,
            String reason) {
    }

    /**
     * The attainable float32 rate of one device at one thread count: the fastest of several timed products of two
     * {@code n x n} matrices on a backend's engine. The fastest, not the mean, because a peak is a bound: other
     * processes and interrupts only ever make a repetition slower.
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
            return otherCpuCores != null && CellResult.Contention.contended(otherCpuCores, logicalCores, threads);
        }
    }

    /** The machine's peak for cells on {@code device} with {@code threads}: the fastest backend's, if measured. */
    public Optional<Peak> peakFor(String device, int threads) {
        return peaks.stream().filter(peak -> peak.device().equals(device) && peak.threads() == threads)
                .max(Comparator.comparingDouble(Peak::gflops));
    }

    /**
     * This environment with {@code measured} added to its peaks, each replacing an earlier peak of the same backend,
     * device and thread count.
     */
    public Environment withPeaks(List<Peak> measured) {
        List<Peak> all = new java.util.ArrayList<>(peaks);
        for (Peak peak : measured) {
            all.removeIf(earlier -> earlier.backend().equals(peak.backend()) && earlier.device().equals(peak.device())
                    && earlier.threads() == peak.threads());
            all.add(peak);
        }
        return new Environment(cpuModel, logicalCores, memoryBytes, os, jvm, hostname, gitCommit, seqbenchVersion,
                backends, threadEnvironment, all);
    }
}
