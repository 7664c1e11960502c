package org.seqbench.djl;

import java.util.Arrays;
import java.util.List;
import org.seqbench.core.ModelKind;

/** The implementations this backend runs for a kind; each is a distinct path a benchmark can measure. */
enum Variant {
    /** Recurrent kinds: libtorch's fused {@code lstm}/{@code gru}/{@code rnn_tanh} op over all layers at once. */
    FUSED_OP("fused-op"),
    /** Transformer from libtorch tensor operations called one by one through DJL's NDArray API. */
    NDARRAY_OPS("ndarray-ops"),
    /**
     * Transformer whose every layer is libtorch's {@code _transformer_encoder_layer_fwd}, the fused kernel behind
     * {@code nn.TransformerEncoderLayer}'s inference fast path, the whole model being one TorchScript call.
     */
    FUSED_ENCODER_LAYER("fused-encoder-layer");

    private final String id;

    Variant(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    /** The variants offered for {@code kind}, default first. */
    static List<Variant> offeredFor(ModelKind kind) {
        return kind.isRecurrent() ? List.of(FUSED_OP) : List.of(NDARRAY_OPS, FUSED_ENCODER_LAYER);
    }

    /** The variant with this id; callers pass ids already checked against {@link #offeredFor}. */
    static Variant parse(String id) {
        return Arrays.stream(values()).filter(variant -> variant.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown djl variant '" + id + "'; accepted: "
                        + String.join(", ", Arrays.stream(values()).map(Variant::id).toList())));
    }
}
