package org.seqbench.core;

/**
 * The analytic number of scalar parameters of a {@link ModelSpec}, written as the formulas rather than summed from
 * the tensors, so that a claim about sizes ("GRU needs fewer parameters than LSTM") can be read off the algebra.
 * It counts exactly the tensors {@link WeightLayout} lists (PyTorch's state_dict), which the tests check.
 *
 * <p>Recurrent kinds, with G gate blocks (RNN 1, GRU 3, LSTM 4), hidden size H, D directions (2 when
 * bidirectional) and layer input width {@code in} (the model input I for layer 0, {@code H*D} above it): per layer
 * and direction {@code G*(H*(in + H) + 2*H)}, i.e. {@code W_ih [G*H, in]}, {@code W_hh [G*H, H]} and both biases
 * {@code b_ih} and {@code b_hh} (PyTorch keeps the two, though their sum would do). At equal sizes the three kinds
 * differ only in G, so a GRU's recurrent part is exactly 3/4 of an LSTM's: 25% fewer, not "about 30%"; the head,
 * the same for both, makes the whole models' ratio a little closer to 1.
 *
 * <p>The Transformer, with d_model d, feed-forward width F and L layers: the input projection {@code d*I + d},
 * and per layer {@code 4*d*d + 2*d*F + F + 9*d}: attention's in-projection {@code 3d*d + 3d} (Q, K, V) and
 * out-projection {@code d*d + d}, the feed-forward block {@code F*d + F} and {@code d*F + d}, and two LayerNorms of
 * {@code 2*d} each. The number of heads changes no count: the heads split the same projections.
 *
 * <p>The head, when there is one: {@code nn.Linear(H*D, O)}, {@code H*D*O + O}.
 *
 * @param encoder every parameter before the head: the recurrent layers, or the Transformer's input projection and
 *     encoder layers
 * @param head the last-step linear head's weight and bias; 0 when the model has none
 */
public record Parameters(long encoder, long head) {

    /** The parameter counts of {@code spec}, by the formulas above. */
    public static Parameters of(ModelSpec spec) {
        long encoder = spec.kind().isRecurrent() ? recurrent(spec) : transformer(spec);
        long head = spec.hasHead() ? (long) spec.encoderWidth() * spec.outputSize() + spec.outputSize() : 0;
        return new Parameters(encoder, head);
    }

    /** Every parameter of the model: {@code encoder + head}. */
    public long total() {
        return encoder + head;
    }

    private static long recurrent(ModelSpec spec) {
        long gates = spec.kind().gateBlocks();
        long hidden = spec.hiddenSize();
        long count = 0;
        for (int layer = 0; layer < spec.layers(); layer++) {
            count += spec.directions() * gates * (hidden * (spec.layerInputWidth(layer) + hidden) + 2 * hidden);
        }
        return count;
    }

    private static long transformer(ModelSpec spec) {
        long d = spec.hiddenSize();
        long ffn = spec.ffnSize();
        long embedding = d * spec.inputSize() + d;
        long attention = 3 * d * d + 3 * d + d * d + d;
        long feedForward = ffn * d + ffn + d * ffn + d;
        long norms = 2 * (2 * d);
        return embedding + spec.layers() * (attention + feedForward + norms);
    }
}
