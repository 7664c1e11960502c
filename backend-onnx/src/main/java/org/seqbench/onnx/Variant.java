package org.seqbench.onnx;

import java.util.List;
import org.seqbench.core.ModelKind;
import org.seqbench.spi.BackendVariant;

/** The graphs this backend can build for a kind; each is a distinct path a benchmark can measure. */
enum Variant implements BackendVariant {
    /** Recurrent kinds: one ONNX RNN, LSTM or GRU operator per layer. */
    FUSED_OP,
    /** Transformer from standard operators: MatMul, Softmax, LayerNormalization and friends. */
    STANDARD_OPS,
    /** Transformer whose self-attention is ONNX Runtime's fused {@code com.microsoft.Attention} operator. */
    CONTRIB_ATTENTION;

    /** The variants offered for {@code kind}, default first. */
    static List<Variant> offeredFor(ModelKind kind) {
        return kind.isRecurrent() ? List.of(FUSED_OP) : List.of(STANDARD_OPS, CONTRIB_ATTENTION);
    }
}
