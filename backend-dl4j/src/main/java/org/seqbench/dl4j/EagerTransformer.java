package org.seqbench.dl4j;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.Weights;

/**
 * The Transformer as the same primitive operations as {@link TransformerGraph}, called one by one from Java on ND4J
 * arrays, in place wherever the data allows, inside the {@link ForwardWorkspace}: no graph, no session.
 */
final class EagerTransformer implements Network {

    private record Layer(INDArray inProjection, INDArray inProjectionBias, INDArray outProjection,
            INDArray outProjectionBias, INDArray linear1, INDArray linear1Bias, INDArray linear2,
            INDArray linear2Bias, INDArray norm1Weight, INDArray norm1Bias, INDArray norm2Weight,
            INDArray norm2Bias) {
        List<INDArray> arrays() {
            return List.of(inProjection, inProjectionBias, outProjection, outProjectionBias, linear1, linear1Bias,
                    linear2, linear2Bias, norm1Weight, norm1Bias, norm2Weight, norm2Bias);
        }
    }

    private final TransformerWeights weights;
    private final INDArray embedding;
    private final INDArray embeddingBias;
    private final List<Layer> layers = new ArrayList<>();
    private final LinearHeadArrays head;
    private final ForwardWorkspace workspace = new ForwardWorkspace();

    EagerTransformer(ModelSpec spec, Weights pytorch) {
        weights = TransformerWeights.of(spec, pytorch);
        int model = weights.model();
        int ffn = weights.feedForward();
        embedding = NdArrays.of(weights.embedding(), weights.inputSize(), model);
        embeddingBias = row(weights.embeddingBias());
        for (TransformerWeights.Layer layer : weights.layers()) {
            layers.add(new Layer(NdArrays.of(layer.inProjection(), model, 3L * model), row(layer.inProjectionBias()),
                    NdArrays.of(layer.outProjection(), model, model), row(layer.outProjectionBias()),
                    NdArrays.of(layer.linear1(), model, ffn), row(layer.linear1Bias()),
                    NdArrays.of(layer.linear2(), ffn, model), row(layer.linear2Bias()),
                    row(layer.norm1Weight()), row(layer.norm1Bias()), row(layer.norm2Weight()),
                    row(layer.norm2Bias())));
        }
        head = weights.head() == null ? null : new LinearHeadArrays(weights.head());
    }

    private static INDArray row(float[] values) {
        return NdArrays.of(values, 1, values.length);
    }

    @Override
    public Feeds prepare(Tensor input) {
        return TransformerGraph.feeds(input, weights.model());
    }

    @Override
    public INDArray forward(Feeds feeds) {
        INDArray input = feeds.get(Feeds.INPUT);
        INDArray positions = feeds.get(Feeds.POSITIONAL_ENCODING);
        long batch = input.size(0);
        long length = input.size(1);
        int model = weights.model();
        return workspace.run(() -> {
            INDArray x = input.reshape(batch * length, weights.inputSize()).mmul(embedding)
                    .addiRowVector(embeddingBias).muli(weights.embeddingScale());
            // [B, T, d] + [T, d]: ND4J broadcasts the table over the batch.
            x.reshape(batch, length, model).addi(positions);
            for (Layer layer : layers) {
                x = encoderLayer(x, layer, batch, length);
            }
            INDArray sequences = x.reshape(batch, length, model);
            if (head == null) {
                return sequences;
            }
            return head.apply(sequences.get(NDArrayIndex.all(), NDArrayIndex.point(length - 1), NDArrayIndex.all()));
        });
    }

    /** Post-norm encoder layer on flat rows {@code [B*T, d]}. */
    private INDArray encoderLayer(INDArray x, Layer layer, long batch, long length) {
        INDArray attended = selfAttention(x, layer, batch, length);
        INDArray afterAttention = layerNorm(attended.addi(x), layer.norm1Weight(), layer.norm1Bias());
        INDArray hidden = afterAttention.mmul(layer.linear1()).addiRowVector(layer.linear1Bias());
        Transforms.relu(hidden, false);
        INDArray feedForward = hidden.mmul(layer.linear2()).addiRowVector(layer.linear2Bias());
        return layerNorm(feedForward.addi(afterAttention), layer.norm2Weight(), layer.norm2Bias());
    }

    private INDArray selfAttention(INDArray x, Layer layer, long batch, long length) {
        int model = weights.model();
        INDArray qkv = x.mmul(layer.inProjection()).addiRowVector(layer.inProjectionBias());
        INDArray split = qkv.reshape(batch, length, 3, weights.heads(), weights.headSize()).permute(2, 0, 3, 1, 4);
        INDArray queries = split.get(NDArrayIndex.point(0));
        INDArray keys = split.get(NDArrayIndex.point(1));
        INDArray values = split.get(NDArrayIndex.point(2));
        INDArray scores = Nd4j.matmul(queries, keys, false, true, false);
        Nd4j.exec(new SoftMax(scores, scores, 3));
        INDArray context = Nd4j.matmul(scores, values);
        INDArray merged = context.permute(0, 2, 1, 3).dup('c').reshape(batch * length, model);
        return merged.mmul(layer.outProjection()).addiRowVector(layer.outProjectionBias());
    }

    /** nn.LayerNorm over each row, in place on {@code x}, with epsilon 1e-5 and the biased variance. */
    private static INDArray layerNorm(INDArray x, INDArray weight, INDArray bias) {
        x.subiColumnVector(x.mean(true, 1));
        INDArray deviation = x.mul(x).mean(true, 1).addi(TransformerGraph.LAYER_NORM_EPSILON);
        Transforms.sqrt(deviation, false);
        return x.diviColumnVector(deviation).muliRowVector(weight).addiRowVector(bias);
    }

    @Override
    public void close() {
        workspace.close();
        embedding.close();
        embeddingBias.close();
        layers.forEach(layer -> layer.arrays().forEach(INDArray::close));
        if (head != null) {
            head.close();
        }
    }
}
