package org.seqbench.djl;

import static org.seqbench.core.WeightNames.HEAD_BIAS;
import static org.seqbench.core.WeightNames.HEAD_WEIGHT;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.recurrent.RNN;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.WeightNames;

/**
 * RNN, LSTM and GRU as one call of libtorch's fused op ({@code at::lstm}, {@code at::gru}, {@code at::rnn_tanh})
 * over every layer and direction, then the head on {@code out[:, -1, :]}.
 *
 * <p>The op is called directly rather than through DJL's {@code LSTM}/{@code GRU} blocks: in DJL 0.36 a
 * bidirectional block hands libtorch all its weights first and all its biases after, where libtorch expects
 * {@code w_ih, w_hh, b_ih, b_hh} for each layer and direction, and it fails. Here the flat list is built in
 * exactly PyTorch's {@code _flat_weights} order from the canonical names, whose gate blocks (LSTM i, f, g, o;
 * GRU r, z, n with b_hn inside r * (...)) are already libtorch's.
 */
final class RecurrentNetwork implements Network {
    private final ModelSpec spec;
    private final boolean training;
    private final NDList flatWeights = new NDList();
    private final NDArray headWeight;
    private final NDArray headBias;

    /**
     * @param training whether backward passes will follow, so that libtorch keeps what its backward needs (a
     *     kernel may take an inference-only path otherwise, as oneDNN's LSTM can); with no dropout the output is
     *     the same either way
     */
    RecurrentNetwork(ModelSpec spec, Parameters parameters, boolean training) {
        this.spec = spec;
        this.training = training;
        ModelKind kind = spec.kind();
        for (int layer = 0; layer < spec.layers(); layer++) {
            for (int direction = 0; direction < spec.directions(); direction++) {
                flatWeights.add(parameters.get(WeightNames.inputWeight(kind, layer, direction)));
                flatWeights.add(parameters.get(WeightNames.hiddenWeight(kind, layer, direction)));
                flatWeights.add(parameters.get(WeightNames.inputBias(kind, layer, direction)));
                flatWeights.add(parameters.get(WeightNames.hiddenBias(kind, layer, direction)));
            }
        }
        headWeight = spec.hasHead() ? parameters.get(HEAD_WEIGHT) : null;
        headBias = spec.hasHead() ? parameters.get(HEAD_BIAS) : null;
    }

    /** The zero initial states: {@code h0}, and {@code c0} for the LSTM, each [layers * directions, batch, H]. */
    @Override
    public NDList constants(NDManager manager, int batch, int length) {
        Shape state = new Shape((long) spec.layers() * spec.directions(), batch, spec.hiddenSize());
        return spec.kind() == ModelKind.LSTM
                ? new NDList(manager.zeros(state), manager.zeros(state))
                : new NDList(manager.zeros(state));
    }

    @Override
    public NDArray forward(NDArray input, NDList initialStates) {
        int layers = spec.layers();
        boolean bidirectional = spec.bidirectional();
        // With biases, no dropout, batch-first [B, T, I] in and out.
        NDList result = switch (spec.kind()) {
            case LSTM -> input.getNDArrayInternal().lstm(input, initialStates, flatWeights, true, layers, 0,
                    training, bidirectional, true);
            case GRU -> input.getNDArrayInternal().gru(input, initialStates.head(), flatWeights, true, layers, 0,
                    training, bidirectional, true);
            case RNN -> input.getNDArrayInternal().rnn(input, initialStates.head(), flatWeights, true, layers,
                    RNN.Activation.TANH, 0, training, bidirectional, true);
            case TRANSFORMER -> throw new IllegalStateException("the transformer is not a recurrent network");
        };
        NDArray sequence = result.head();
        if (!spec.hasHead()) {
            return sequence;
        }
        // out[:, -1, :]: for a bidirectional model the reverse direction's first step there, not h_n.
        return Linear.apply(sequence.get(new NDIndex(":, -1, :")), headWeight, headBias);
    }
}
