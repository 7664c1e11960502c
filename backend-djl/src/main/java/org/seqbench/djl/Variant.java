package org.seqbench.djl;

import java.util.List;
import org.seqbench.core.ModelKind;
import org.seqbench.spi.BackendVariant;

/** The implementations this backend runs for a kind; each is a distinct path a benchmark can measure. */
enum Variant implements BackendVariant {
    /** Recurrent kinds: libtorch's fused {@code lstm}/{@code gru}/{@code rnn_tanh} op over all layers at once. */
    FUSED_OP,
    /** Transformer from libtorch tensor operations called one by one through DJL's NDArray API. */
    NDARRAY_OPS,
    /**
     * Transformer whose every layer is libtorch's {@code _transformer_encoder_layer_fwd}, the fused kernel behind
     * {@code nn.TransformerEncoderLayer}'s inference fast path, the whole model being one TorchScript call.
     */
    FUSED_ENCODER_LAYER;

    /** The variants offered for {@code kind}, default first. */
    static List<Variant> offeredFor(ModelKind kind) {
        return kind.isRecurrent() ? List.of(FUSED_OP) : List.of(NDARRAY_OPS, FUSED_ENCODER_LAYER);
    }
}
