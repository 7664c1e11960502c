package org.seqbench.core;

/**
 * A prediction of the peak memory of one float32 forward pass (4 bytes a value), to skip a cell that cannot fit
 * before anything is allocated. It counts what an inference engine holds at once while it runs its largest layer:
 * <ul>
 *   <li>weights: every parameter ({@link Parameters#total()});
 *   <li>input and output: the model's input {@code B*T*I} and its output ({@link ModelSpec#outputShape});
 *   <li>activations of one layer (engines free a layer's tensors once the next has read them): for recurrent kinds
 *       the gates' pre-activations of every step {@code B*T*G*H*D} (the input product is taken for the whole
 *       sequence at once), the layer's output {@code B*T*H*D} and, above layer 0, its input {@code B*T*H*D}; for the
 *       Transformer the layer's input, Q, K, V and the attention's output, {@code 5*B*T*d};
 *   <li>the Transformer's attention scores {@code B*heads*T*T}, twice (the scores and their softmax);
 *   <li>the Transformer's feed-forward hidden {@code B*T*F}.
 * </ul>
 * Every figure saturates at {@link Long#MAX_VALUE} rather than wrap around.
 *
 * @param weights bytes of the parameters
 * @param inputOutput bytes of the input and output tensors
 * @param activations bytes of one layer's activations, as above
 * @param attentionScores bytes of one layer's attention scores and softmax; 0 for recurrent kinds
 * @param feedForward bytes of one layer's feed-forward hidden; 0 for recurrent kinds
 */
public record ForwardMemoryPrediction(long weights, long inputOutput, long activations, long attentionScores,
        long feedForward) {
    private static final long FLOAT_BYTES = Float.BYTES;

    /** The prediction for {@code spec} over {@code batch} sequences of {@code sequenceLength}. */
    public static ForwardMemoryPrediction of(ModelSpec spec, int batch, int sequenceLength) {
        Work.requirePositive(batch, sequenceLength);
        long positions = (long) batch * sequenceLength;
        long output = 1;
        for (int size : spec.outputShape(batch, sequenceLength)) {
            output = times(output, size);
        }
        long inputOutput = bytes(plus(times(positions, spec.inputSize()), output));
        long weights = bytes(Parameters.of(spec).total());
        if (spec.kind().isRecurrent()) {
            long width = times(positions, spec.encoderWidth());
            long perLayer = times(width, spec.kind().gateBlocks() + (spec.layers() > 1 ? 2 : 1));
            return new ForwardMemoryPrediction(weights, inputOutput, bytes(perLayer), 0, 0);
        }
        long scores = times(times(times(batch, spec.heads()), times(sequenceLength, sequenceLength)), 2);
        return new ForwardMemoryPrediction(weights, inputOutput, bytes(times(positions, 5L * spec.hiddenSize())),
                bytes(scores), bytes(times(positions, spec.ffnSize())));
    }

    /** The predicted peak: the sum of the parts. */
    public long total() {
        return plus(plus(plus(weights, inputOutput), plus(activations, attentionScores)), feedForward);
    }

    private static long bytes(long values) {
        return times(values, FLOAT_BYTES);
    }

    private static long times(long a, long b) {
        return Math.multiplyHigh(a, b) != 0 || a * b < 0 ? Long.MAX_VALUE : a * b;
    }

    private static long plus(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
