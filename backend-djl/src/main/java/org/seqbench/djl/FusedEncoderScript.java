package org.seqbench.djl;

import static org.seqbench.core.WeightNames.*;

import java.util.List;
import java.util.Locale;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.WeightLayout;

/**
 * The TorchScript source of a whole Transformer classifier whose encoder layers are libtorch's
 * {@code _transformer_encoder_layer_fwd}: the fused kernel {@code nn.TransformerEncoderLayer} runs on its inference
 * fast path (fused QKV projection, native multi-head attention, fused add and LayerNorm). DJL wraps no such op; a
 * TorchScript call is how Java reaches it.
 *
 * <p>{@code forward(x, pe, p)} takes the input {@code [B, T, I]}, the positional encoding {@code [T, d]} and the
 * parameters {@code p} in canonical {@link WeightLayout} order; the sizes, heads and epsilon are written into the
 * source as literals.
 */
final class FusedEncoderScript {
    static final String CLASS_NAME = "SeqbenchFusedEncoder";

    private FusedEncoderScript() {
    }

    /** The class definition for {@code spec}, a Transformer. */
    static String source(ModelSpec spec) {
        List<String> order = WeightLayout.of(spec).stream().map(WeightLayout.Parameter::name).toList();
        StringBuilder code = new StringBuilder();
        code.append("class ").append(CLASS_NAME).append("(Module):\n")
                .append("  __parameters__ = []\n")
                .append("  __buffers__ = []\n")
                .append("  training : bool\n")
                .append("  def forward(self: __torch__.").append(CLASS_NAME)
                .append(", x: Tensor, pe: Tensor, p: List[Tensor]) -> Tensor:\n");
        code.append("    h = torch.add(torch.mul(torch.linear(x, ").append(ref(order, EMBEDDING_WEIGHT)).append(", ")
                .append(ref(order, EMBEDDING_BIAS)).append("), ").append(literal(Math.sqrt(spec.hiddenSize())))
                .append("), pe)\n");
        for (int layer = 0; layer < spec.layers(); layer++) {
            // Argument order of the op: src, embed_dim, num_heads, qkv weight and bias, out-projection weight and
            // bias, use_gelu, norm_first, eps, norm1, norm2, linear1, linear2, mask.
            code.append("    h = torch._transformer_encoder_layer_fwd(h, ").append(spec.hiddenSize()).append(", ")
                    .append(spec.heads());
            for (String parameter : List.of(IN_PROJ_WEIGHT, IN_PROJ_BIAS, OUT_PROJ_WEIGHT, OUT_PROJ_BIAS)) {
                code.append(", ").append(ref(order, encoderLayer(layer, parameter)));
            }
            code.append(", False, False, ").append(literal(TransformerNetwork.LAYER_NORM_EPSILON_EXACT));
            for (String parameter : List.of(NORM1_WEIGHT, NORM1_BIAS, NORM2_WEIGHT, NORM2_BIAS, LINEAR1_WEIGHT,
                    LINEAR1_BIAS, LINEAR2_WEIGHT, LINEAR2_BIAS)) {
                code.append(", ").append(ref(order, encoderLayer(layer, parameter)));
            }
            code.append(", None)\n");
        }
        if (spec.hasHead()) {
            code.append("    return torch.linear(torch.select(h, 1, -1), ").append(ref(order, HEAD_WEIGHT))
                    .append(", ").append(ref(order, HEAD_BIAS)).append(")\n");
        } else {
            code.append("    return h\n");
        }
        return code.toString();
    }

    private static String ref(List<String> order, String name) {
        int index = order.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("no parameter named '" + name + "' in the layout");
        }
        return "p[" + index + "]";
    }

    /** A float literal TorchScript parses back to the same double. */
    private static String literal(double value) {
        return String.format(Locale.ROOT, "%.17g", value);
    }
}
