package org.seqbench.onnx;

import java.util.Arrays;
import java.util.List;
import org.seqbench.core.ModelKind;

/** The graphs this backend can build for a kind; each is a distinct path a benchmark can measure. */
enum Variant {
    /** Recurrent kinds: one ONNX RNN, LSTM or GRU operator per layer. */
    FUSED_OP("fused-op"),
    /** Transformer from standard operators: MatMul, Softmax, LayerNormalization and friends. */
    STANDARD_OPS("standard-ops"),
    /** Transformer whose self-attention is ONNX Runtime's fused {@code com.microsoft.Attention} operator. */
    CONTRIB_ATTENTION("contrib-attention");

    private final String id;

    Variant(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    /** The variants offered for {@code kind}, default first. */
    static List<Variant> offeredFor(ModelKind kind) {
        return kind.isRecurrent() ? List.of(FUSED_OP) : List.of(STANDARD_OPS, CONTRIB_ATTENTION);
    }

    /** The variant with this id; callers pass ids already checked against {@link #offeredFor}. */
    static Variant parse(String id) {
        return Arrays.stream(values()).filter(variant -> variant.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown onnx variant '" + id + "'; accepted: "
                        + String.join(", ", Arrays.stream(values()).map(Variant::id).toList())));
    }
}
