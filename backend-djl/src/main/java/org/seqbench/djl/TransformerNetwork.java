package org.seqbench.djl;

import static org.seqbench.core.WeightNames.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.reference.PositionalEncoding;

/**
 * The Transformer encoder classifier from libtorch tensor operations, exactly as
 * {@link org.seqbench.core.reference.ReferenceModel} defines it: {@code Linear(x) * sqrt(d) + PE}, post-norm
 * layers {@code x = norm1(x + SelfAttn(x)); x = norm2(x + linear2(relu(linear1(x))))}, LayerNorm eps 1e-5,
 * attention without a mask, the head on the last position.
 *
 * <p>DJL's own {@code TransformerEncoderBlock} is not used: it is a different model (BatchNorm where this has
 * LayerNorm, another residual), and a benchmark of it would compare nothing.
 */
final class TransformerNetwork implements Network {
    /** nn.LayerNorm's default epsilon. */
    static final double LAYER_NORM_EPSILON_EXACT = 1e-5;
    static final float LAYER_NORM_EPSILON = (float) LAYER_NORM_EPSILON_EXACT;

    /** One encoder layer's parameters. */
    private record Layer(NDArray inProjWeight, NDArray inProjBias, NDArray outProjWeight, NDArray outProjBias,
            NDArray linear1Weight, NDArray linear1Bias, NDArray linear2Weight, NDArray linear2Bias,
            NDArray norm1Weight, NDArray norm1Bias, NDArray norm2Weight, NDArray norm2Bias) {

        static Layer of(Parameters parameters, int layer) {
            return new Layer(parameters.get(encoderLayer(layer, IN_PROJ_WEIGHT)),
                    parameters.get(encoderLayer(layer, IN_PROJ_BIAS)),
                    parameters.get(encoderLayer(layer, OUT_PROJ_WEIGHT)),
                    parameters.get(encoderLayer(layer, OUT_PROJ_BIAS)),
                    parameters.get(encoderLayer(layer, LINEAR1_WEIGHT)),
                    parameters.get(encoderLayer(layer, LINEAR1_BIAS)),
                    parameters.get(encoderLayer(layer, LINEAR2_WEIGHT)),
                    parameters.get(encoderLayer(layer, LINEAR2_BIAS)),
                    parameters.get(encoderLayer(layer, NORM1_WEIGHT)),
                    parameters.get(encoderLayer(layer, NORM1_BIAS)),
                    parameters.get(encoderLayer(layer, NORM2_WEIGHT)),
                    parameters.get(encoderLayer(layer, NORM2_BIAS)));
        }
    }

    private final ModelSpec spec;
    private final NDArray embeddingWeight;
    private final NDArray embeddingBias;
    private final List<Layer> layers = new ArrayList<>();
    private final NDArray headWeight;
    private final NDArray headBias;
    private final float embeddingScale;
    private final float attentionScale;
    private final Shape normalisedShape;

    TransformerNetwork(ModelSpec spec, Parameters parameters) {
        this.spec = spec;
        embeddingWeight = parameters.get(EMBEDDING_WEIGHT);
        embeddingBias = parameters.get(EMBEDDING_BIAS);
        for (int layer = 0; layer < spec.layers(); layer++) {
            layers.add(Layer.of(parameters, layer));
        }
        headWeight = spec.hasHead() ? parameters.get(HEAD_WEIGHT) : null;
        headBias = spec.hasHead() ? parameters.get(HEAD_BIAS) : null;
        embeddingScale = (float) Math.sqrt(spec.hiddenSize());
        attentionScale = (float) (1.0 / Math.sqrt((double) spec.hiddenSize() / spec.heads()));
        normalisedShape = new Shape(spec.hiddenSize());
    }

    /** The positional encoding {@code [seq, d]}: the float32 rounding of the float64 table, like a buffer. */
    @Override
    public NDList constants(NDManager manager, int batch, int length) {
        return new NDList(positionalEncoding(manager, spec, length));
    }

    static NDArray positionalEncoding(NDManager manager, ModelSpec spec, int length) {
        return manager.create(PositionalEncoding.table(length, spec.hiddenSize()),
                new Shape(length, spec.hiddenSize()));
    }

    @Override
    public NDArray forward(NDArray input, NDList constants) {
        // In-place where autograd keeps no copy of the overwritten value (linear saves its input, not its output),
        // so that the trainer can run this same code.
        NDArray x = Linear.apply(input, embeddingWeight, embeddingBias).muli(embeddingScale).addi(constants.head());
        for (Layer layer : layers) {
            x = postNormLayer(x, layer);
        }
        if (!spec.hasHead()) {
            return x;
        }
        return Linear.apply(x.get(new NDIndex(":, -1, :")), headWeight, headBias);
    }

    /** Post-norm: x = norm1(x + SelfAttn(x)); x = norm2(x + linear2(relu(linear1(x)))). Dropout is off. */
    private NDArray postNormLayer(NDArray x, Layer layer) {
        x = layerNorm(selfAttention(x, layer).addi(x), layer.norm1Weight(), layer.norm1Bias());
        NDArray hidden = Linear.apply(x, layer.linear1Weight(), layer.linear1Bias());
        NDArray feedForward = Linear.apply(hidden.getNDArrayInternal().relu(), layer.linear2Weight(),
                layer.linear2Bias());
        return layerNorm(feedForward.addi(x), layer.norm2Weight(), layer.norm2Bias());
    }

    /**
     * Multi-head self-attention without a mask. The rows of in_proj_weight are q, k, v; each head attends with
     * softmax(q k^T / sqrt(d / heads)) v; the heads are concatenated and projected by out_proj. q is scaled before
     * the product (as PyTorch's attention does), which is the same function and T / headSize times less work.
     */
    private NDArray selfAttention(NDArray x, Layer layer) {
        long batch = x.getShape().get(0);
        long length = x.getShape().get(1);
        int model = spec.hiddenSize();
        int heads = spec.heads();
        // [B, T, 3d] -> [3, B, heads, T, headSize]
        NDArray qkv = Linear.apply(x, layer.inProjWeight(), layer.inProjBias())
                .reshape(batch, length, 3, heads, model / heads).transpose(2, 0, 3, 1, 4);
        NDArray q = qkv.get(0).mul(attentionScale);
        NDArray k = qkv.get(1);
        NDArray v = qkv.get(2);
        NDArray weights = q.matMul(k.transpose(0, 1, 3, 2)).softmax(-1);
        NDArray context = weights.matMul(v).transpose(0, 2, 1, 3).reshape(batch, length, model);
        return Linear.apply(context, layer.outProjWeight(), layer.outProjBias());
    }

    private NDArray layerNorm(NDArray x, NDArray weight, NDArray bias) {
        return x.getNDArrayInternal().layerNorm(x, normalisedShape, weight, bias, LAYER_NORM_EPSILON)
                .singletonOrThrow();
    }
}
