package org.seqbench.results.analysis;

import org.seqbench.core.ModelKind;

/**
 * What a recommendation is asked for: the model kind (or any kind), the sequence length and batch it must serve, the
 * model's hidden size and layers and the thread count where the run measured several, and what it must meet beside
 * being the fastest.
 *
 * @param kind the model kind; null for any kind
 * @param seqLen the sequence length T, positive
 * @param batch the batch size, positive
 * @param hiddenSize the hidden size (d_model for the Transformer); null for the one the run measured
 * @param layers the layers; null for the one count the run measured
 * @param threads the thread count (0: the engine's default); null for the one count the run measured
 * @param goal a latency budget or a throughput target; null for the fastest alone
 */
public record Workload(ModelKind kind, int seqLen, int batch, Integer hiddenSize, Integer layers, Integer threads,
        Goal goal) {

    public Workload {
        if (seqLen <= 0 || batch <= 0) {
            throw new IllegalArgumentException("a workload's sequence length and batch must be positive, got T = "
                    + seqLen + ", B = " + batch);
        }
    }

    /** Whether any kind may win. */
    public boolean anyKind() {
        return kind == null;
    }

    /** This workload at {@code hidden}, {@code layerCount} and {@code threadCount}, as resolved against a run. */
    Workload at(int hidden, int layerCount, int threadCount) {
        return new Workload(kind, seqLen, batch, hidden, layerCount, threadCount, goal);
    }
}
