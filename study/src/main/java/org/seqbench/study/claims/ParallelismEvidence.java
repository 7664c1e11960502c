package org.seqbench.study.claims;

import java.util.List;

/**
 * What a benchmark run measured about parallelism and cost, for the claims that a study alone cannot check.
 *
 * @param runId the run the figures come from
 * @param machine its host, in words
 * @param threadScaling per backend and kind, the latency speedup from 1 thread to the most threads measured, at the
 *     longest sequence length where both were measured
 * @param batchScaling per backend and kind, the throughput gain from the smallest to the largest batch measured
 * @param lengthScaling per backend and kind, the exponent b of the latency's power law T^b over the measured
 *     lengths
 * @param latencies per backend and kind and length, the median latency at batch 1 and 1 thread (the fewest
 *     measured), in milliseconds
 * @param gpuBackends backends of the run that ran on a GPU; empty when none did
 */
public record ParallelismEvidence(String runId, String machine, List<Scaling> threadScaling,
        List<Scaling> batchScaling, List<Scaling> lengthScaling, List<Latency> latencies, List<String> gpuBackends) {

    public ParallelismEvidence {
        threadScaling = List.copyOf(threadScaling);
        batchScaling = List.copyOf(batchScaling);
        lengthScaling = List.copyOf(lengthScaling);
        latencies = List.copyOf(latencies);
        gpuBackends = List.copyOf(gpuBackends);
    }

    /**
     * @param from the thread count, batch or shortest length compared from
     * @param to the one compared to
     * @param seq the sequence length of the comparison (the longest for lengths)
     * @param factor the speedup, gain or exponent
     */
    public record Scaling(String backend, String kind, int from, int to, int seq, double factor) {
    }

    public record Latency(String backend, String kind, int seq, double milliseconds) {
    }
}
