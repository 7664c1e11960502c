package org.seqbench.core;

/**
 * The analytic work of one forward pass: floating-point operations, bytes moved to and from memory, and the length
 * of the chain of steps that must run one after another.
 *
 * <p>FLOPs count every matrix product (a multiply-add is 2 FLOPs) and every bias addition; element-wise
 * nonlinearities, softmax, LayerNorm and the gate arithmetic are left out, so the figure is the arithmetic a
 * BLAS-bound engine must do at least. Recurrent kinds: per layer, direction and time step,
 * {@code 2*G*H*(in + H) + 2*G*H} (both biases); the Transformer: embedding, Q/K/V projections, the two attention
 * products {@code 2*T*T*d} each, the output projection and the feed-forward block per layer. The head runs on
 * one position only.
 *
 * <p>Bytes count float32 traffic (4 bytes a value) of an engine that keeps each layer's output in memory and
 * nothing else: every weight read once (the whole state_dict, biases and LayerNorm included), the input
 * {@code B*T*in} read once, each layer's output written once and read once ({@code 2*B*T*H*dirs} values for a
 * recurrent layer, {@code 2*B*T*d} for the Transformer's embedding and each encoder layer), the Transformer's
 * attention matrix {@code B*heads*T*T} written once and read once per layer (the unfused attention the
 * contract's primitive-op graphs compute; a fused kernel that never stores it moves fewer bytes), and the head's {@code B*O} outputs written. Values inside a layer (gates, Q/K/V, the
 * feed-forward hidden) are left out, as an engine can keep them in cache. It is the traffic of the unfused
 * graph, not a floor for every implementation; FLOPs over bytes is the cell's arithmetic intensity, its x coordinate on a roofline.
 *
 * <p>Sequential steps: {@code T * layers} for recurrent kinds (each layer's steps depend on the one before; the
 * two directions of a bidirectional layer can run side by side), {@code layers} for the Transformer.
 *
 * @param flops floating-point operations of one forward pass over the whole batch
 * @param bytes bytes one forward pass over the whole batch reads and writes at least, by the model above
 * @param sequentialSteps steps that cannot overlap, whatever the parallel hardware
 */
public record Work(long flops, long bytes, long sequentialSteps) {
    private static final long FLOAT_BYTES = Float.BYTES;

    /** The work of one forward pass of {@code spec} over {@code batch} sequences of {@code sequenceLength}. */
    public static Work of(ModelSpec spec, int batch, int sequenceLength) {
        requirePositive(batch, sequenceLength);
        long positions = (long) batch * sequenceLength;
        long flops = 0;
        long values = Parameters.of(spec).total() + positions * spec.inputSize();
        long steps;
        if (spec.kind().isRecurrent()) {
            long rows = (long) spec.kind().gateBlocks() * spec.hiddenSize();
            for (int layer = 0; layer < spec.layers(); layer++) {
                long perStep = 2 * rows * (spec.layerInputWidth(layer) + spec.hiddenSize()) + 2 * rows;
                flops += perStep * positions * spec.directions();
            }
            values += 2 * positions * spec.encoderWidth() * spec.layers();
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
            values += 2 * positions * d                          // the embedding's output
                    + 2 * positions * d * spec.layers()
                    + attentionMatrixBytes(spec, batch, sequenceLength) / FLOAT_BYTES;
            steps = spec.layers();
        }
        if (spec.hasHead()) {
            flops += (2L * spec.encoderWidth() + 1) * spec.outputSize() * batch;
            values += (long) batch * spec.outputSize();
        }
        return new Work(flops, values * FLOAT_BYTES, steps);
    }

    /**
     * The part of {@link #bytes()} that is the Transformer's attention matrices, {@code B*heads*T*T} written and
     * read in every layer; 0 for recurrent kinds. It grows as T squared while the rest grows as T.
     */
    public static long attentionMatrixBytes(ModelSpec spec, int batch, int sequenceLength) {
        if (spec.kind().isRecurrent()) {
            return 0;
        }
        long attention = (long) batch * spec.heads() * sequenceLength * sequenceLength;
        return 2 * attention * spec.layers() * FLOAT_BYTES;
    }

    /**
     * The part of {@link #flops()} that is the Transformer's two attention products, {@code Q K^T} and {@code P V}
     * ({@code 2*T*T*d} each, per sequence and layer); 0 for recurrent kinds. They are many small products, one per
     * head (Q K^T has one head's width as its inner dimension), so engines run them below their large-product rate.
     */
    public static long attentionFlops(ModelSpec spec, int batch, int sequenceLength) {
        if (spec.kind().isRecurrent()) {
            return 0;
        }
        long t = sequenceLength;
        return 2 * 2 * t * t * spec.hiddenSize() * batch * spec.layers();
    }

    /** FLOPs per byte: where the cell sits on a roofline; NaN when no byte is moved. */
    public double arithmeticIntensity() {
        return bytes == 0 ? Double.NaN : (double) flops / bytes;
    }

    /** Refuses a pass shape that is not one: the batch and the sequence length must both be positive. */
    static void requirePositive(int batch, int sequenceLength) {
        if (batch <= 0 || sequenceLength <= 0) {
            throw new IllegalArgumentException("batch and sequence length must be positive, got batch " + batch
                    + ", sequence length " + sequenceLength);
        }
    }
}
