package org.seqbench.core;

/**
 * PyTorch state_dict names of the canonical models' parameters.
 *
 * <p>Recurrent models: {@code <kind>.weight_ih_l<k>[_reverse]} and friends, exactly as {@code nn.LSTM} names
 * them, plus {@code fc.weight}/{@code fc.bias}. Transformer: {@code embedding.*} (the input {@code nn.Linear}),
 * {@code transformer_encoder.layers.<k>.*} (one {@code nn.TransformerEncoderLayer} each) and {@code fc.*}.
 */
public final class WeightNames {
    public static final String HEAD_WEIGHT = "fc.weight";
    public static final String HEAD_BIAS = "fc.bias";

    public static final String EMBEDDING_WEIGHT = "embedding.weight";
    public static final String EMBEDDING_BIAS = "embedding.bias";

    public static final String IN_PROJ_WEIGHT = "self_attn.in_proj_weight";
    public static final String IN_PROJ_BIAS = "self_attn.in_proj_bias";
    public static final String OUT_PROJ_WEIGHT = "self_attn.out_proj.weight";
    public static final String OUT_PROJ_BIAS = "self_attn.out_proj.bias";
    public static final String LINEAR1_WEIGHT = "linear1.weight";
    public static final String LINEAR1_BIAS = "linear1.bias";
    public static final String LINEAR2_WEIGHT = "linear2.weight";
    public static final String LINEAR2_BIAS = "linear2.bias";
    public static final String NORM1_WEIGHT = "norm1.weight";
    public static final String NORM1_BIAS = "norm1.bias";
    public static final String NORM2_WEIGHT = "norm2.weight";
    public static final String NORM2_BIAS = "norm2.bias";

    /** Direction index of the forward pass. */
    public static final int FORWARD = 0;
    /** Direction index of the reverse pass of a bidirectional layer. */
    public static final int REVERSE = 1;

    private WeightNames() {
    }

    /** {@code W_ih} of one layer and direction: shape [gates*H, layerInputWidth]. */
    public static String inputWeight(ModelKind kind, int layer, int direction) {
        return recurrent(kind, "weight_ih", layer, direction);
    }

    /** {@code W_hh} of one layer and direction: shape [gates*H, H]. */
    public static String hiddenWeight(ModelKind kind, int layer, int direction) {
        return recurrent(kind, "weight_hh", layer, direction);
    }

    /** {@code b_ih} of one layer and direction: shape [gates*H]. */
    public static String inputBias(ModelKind kind, int layer, int direction) {
        return recurrent(kind, "bias_ih", layer, direction);
    }

    /** {@code b_hh} of one layer and direction: shape [gates*H]. */
    public static String hiddenBias(ModelKind kind, int layer, int direction) {
        return recurrent(kind, "bias_hh", layer, direction);
    }

    /** A parameter of Transformer encoder layer {@code layer}, e.g. {@code encoderLayer(0, IN_PROJ_WEIGHT)}. */
    public static String encoderLayer(int layer, String parameter) {
        return "transformer_encoder.layers." + layer + "." + parameter;
    }

    private static String recurrent(ModelKind kind, String parameter, int layer, int direction) {
        if (direction != FORWARD && direction != REVERSE) {
            throw new IllegalArgumentException("direction must be 0 (forward) or 1 (reverse), got " + direction);
        }
        return kind.modulePrefix() + "." + parameter + "_l" + layer + (direction == REVERSE ? "_reverse" : "");
    }
}
