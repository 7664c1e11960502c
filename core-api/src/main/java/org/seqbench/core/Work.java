package org.seqbench.core;

/**
 * The analytic work of one forward pass: floating-point operations and the length of the chain of steps that
 * must run one after another.
 *
 * <p>FLOPs count every matrix product (a multiply-add is 2 FLOPs) and every bias addition; element-wise
 * nonlinearities, softmax, LayerNorm and the gate arithmetic are left out, so the figure is the arithmetic a
 * BLAS-bound engine must do at least. Recurrent kinds: per layer, direction and time step,
 * {@code 2*G*H*(in + H) + 2*G*H} (both biases); the Transformer: embedding, Q/K/V projections, the two attention
 * products {@code 2*T*T*d} each, the output projection and the feed-forward block per layer. The head runs on
 * one position only.
 *
 * <p>Sequential steps: {@code T * layers} for recurrent kinds (each layer's steps depend on the one before; the
 * two directions of a bidirectional layer can run side by side), {@code layers} for the Transformer.
 *
 * @param flops floating-point operations of one forward pass over the whole batch
 * @param sequentialSteps steps that cannot overlap, whatever the parallel hardware
 */
public record Work(long flops, long sequentialSteps) {

    /** The work of one forward pass of {@code spec} over {@code batch} sequences of {@code sequenceLength}. */
    public static Work of(ModelSpec spec, int batch, int sequenceLength) {
        if (batch <= 0 || sequenceLength <= 0) {
            throw new IllegalArgumentException("batch and sequence length must be positive, got batch " + batch
                    + ", sequence length " + sequenceLength);
        }
        long positions = (long) batch * sequenceLength;
        long flops = 0;
        long steps;
        if (spec.kind().isRecurrent()) {
            long rows = (long) spec.kind().gateBlocks() * spec.hiddenSize();
            for (int layer = 0; layer < spec.layers(); layer++) {
                long perStep = 2 * rows * (spec.layerInputWidth(layer) + spec.hiddenSize()) + 2 * rows;
                flops += perStep * positions * spec.directions();
            }
            steps = (long) sequenceLength * spec.layers();
        } else {
            long d = spec.hiddenSize();
            long t = sequenceLength;
            flops += 2 * positions * spec.inputSize() * d + positions * d; // embedding and its bias
            long perLayer = 2 * t * d * 3 * d + t * 3 * d        // Q, K, V projections with bias
                    + 2 * 2 * t * t * d                          // Q K^T and P V
                    + 2 * t * d * d + t * d                      // output projection with bias
                    + 2 * t * d * spec.ffnSize() + t * spec.ffnSize() // linear1
                    + 2 * t * spec.ffnSize() * d + t * d;        // linear2
            flops += perLayer * batch * spec.layers();
            steps = spec.layers();
        }
        if (spec.hasHead()) {
            flops += (2L * spec.encoderWidth() + 1) * spec.outputSize() * batch;
        }
        return new Work(flops, steps);
    }
}
