package org.seqbench.cuda.model;

import static org.seqbench.core.WeightNames.EMBEDDING_BIAS;
import static org.seqbench.core.WeightNames.EMBEDDING_WEIGHT;
import static org.seqbench.core.WeightNames.HEAD_BIAS;
import static org.seqbench.core.WeightNames.HEAD_WEIGHT;
import static org.seqbench.core.WeightNames.IN_PROJ_BIAS;
import static org.seqbench.core.WeightNames.IN_PROJ_WEIGHT;
import static org.seqbench.core.WeightNames.LINEAR1_BIAS;
import static org.seqbench.core.WeightNames.LINEAR1_WEIGHT;
import static org.seqbench.core.WeightNames.LINEAR2_BIAS;
import static org.seqbench.core.WeightNames.LINEAR2_WEIGHT;
import static org.seqbench.core.WeightNames.NORM1_BIAS;
import static org.seqbench.core.WeightNames.NORM1_WEIGHT;
import static org.seqbench.core.WeightNames.NORM2_BIAS;
import static org.seqbench.core.WeightNames.NORM2_WEIGHT;
import static org.seqbench.core.WeightNames.OUT_PROJ_BIAS;
import static org.seqbench.core.WeightNames.OUT_PROJ_WEIGHT;
import static org.seqbench.core.WeightNames.encoderLayer;

import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;

/**
 * The forward pass of the Transformer classifier for one input shape. Activations are row-major
 * {@code [B*T, width]}, row {@code b*T + t}.
 *
 * <p>Embedding GEMM, then bias, scale by sqrt(d) and the positional encoding in one kernel. Per post-norm layer: the
 * QKV GEMM; a kernel adding in_proj_bias and splitting q, k, v into {@code [B*heads, T, d/heads]} each, so that the
 * scores {@code Q·Kᵀ} and the context {@code P·V} are one strided-batched GEMM each over all B*heads; the scaled
 * softmax; merging the heads back; the out-proj GEMM; residual + bias + LayerNorm; linear1 GEMM; bias + ReLU;
 * linear2 GEMM; residual + bias + LayerNorm. The head multiplies the last position, a strided view of the
 * activations, so nothing is copied for it.
 */
public final class TransformerPlan {
    /** Buffer names, for tests and messages. */
    public static final String INPUT = "input";
    public static final String POSITIONAL_ENCODING = "positional_encoding";
    public static final String ACTIVATIONS = "activations";
    public static final String QKV = "qkv";
    public static final String HEADS = "heads";
    public static final String SCORES = "scores";
    public static final String CONTEXT = "context";
    public static final String MERGED = "merged";
    public static final String SUBLAYER = "sublayer";
    public static final String FEED_FORWARD = "feed_forward";
    public static final String HEAD_OUTPUT = "head_output";

    /** nn.LayerNorm's default epsilon, which nn.TransformerEncoderLayer keeps. */
    public static final float LAYER_NORM_EPSILON = 1e-5f;

    private TransformerPlan() {
    }

    /**
     * The plan for a batch of {@code batch} sequences of {@code sequenceLength} positions.
     *
     * @throws IllegalArgumentException if the spec is not the Transformer
     * @throws org.seqbench.spi.BackendException if the shape is too large for cuBLAS's and the kernels' 32-bit
     *     arguments
     */
    public static LaunchPlan build(ModelSpec spec, int batch, int sequenceLength) {
        if (spec.kind() != ModelKind.TRANSFORMER) {
            throw new IllegalArgumentException("TransformerPlan takes the transformer, got " + spec.kind().id());
        }
        PlanBuilder plan = new PlanBuilder(spec, batch, sequenceLength);
        int model = spec.hiddenSize();
        int headCount = spec.heads();
        int headSize = model / headCount;
        int ffn = spec.ffnSize();
        int steps = sequenceLength;
        int rows = plan.toInt("batch x sequence", (long) batch * steps);
        int heads = plan.toInt("batch x heads", (long) batch * headCount);
        int scoreRows = plan.toInt("the score rows, batch x heads x sequence", (long) heads * steps);
        long activationFloats = (long) rows * model;
        // The stride between two sequences' last positions in the activations.
        int sequenceStride = plan.toInt("an activation sequence stride", (long) steps * model);

        Buffer input = plan.buffer(INPUT, Buffer.Role.INPUT, (long) rows * spec.inputSize());
        Buffer positional = plan.buffer(POSITIONAL_ENCODING, Buffer.Role.TABLE, (long) steps * model);
        Buffer x = plan.buffer(ACTIVATIONS, Buffer.Role.WORKSPACE, activationFloats);
        Buffer qkv = plan.buffer(QKV, Buffer.Role.WORKSPACE, 3 * activationFloats);
        Buffer split = plan.buffer(HEADS, Buffer.Role.WORKSPACE, 3 * activationFloats);
        Buffer scores = plan.buffer(SCORES, Buffer.Role.WORKSPACE, (long) scoreRows * steps);
        Buffer context = plan.buffer(CONTEXT, Buffer.Role.WORKSPACE, activationFloats);
        Buffer merged = plan.buffer(MERGED, Buffer.Role.WORKSPACE, activationFloats);
        Buffer sublayer = plan.buffer(SUBLAYER, Buffer.Role.WORKSPACE, activationFloats);
        Buffer feedForward = plan.buffer(FEED_FORWARD, Buffer.Role.WORKSPACE, (long) rows * ffn);
        int elementGrid = Kernels.elementGrid("an element-wise kernel over the activations", activationFloats);
        int rowBlock = Kernels.rowBlock(model);

        // row-major: x [B*T, d] = input [B*T, I] · embedding.weightᵀ (embedding.weight is [d, I])
        plan.add(Gemm.of("activations = input · embedding.weightᵀ",
                Matrix.dense(input, rows, spec.inputSize()), false,
                Matrix.dense(plan.weight(EMBEDDING_WEIGHT), model, spec.inputSize()), true,
                Matrix.dense(x, rows, model)));
        plan.add(Launch.of(Kernels.EMBED_SCALE_POSITIONAL.arguments().with("x", x)
                        .with("bias", plan.weight(EMBEDDING_BIAS)).with("pe", positional).with("rows", rows)
                        .with("steps", steps).with("width", model).with("scale", (float) Math.sqrt(model)),
                elementGrid, Kernels.ELEMENT_BLOCK));

        for (int layer = 0; layer < spec.layers(); layer++) {
            // row-major: qkv [B*T, 3d] = x [B*T, d] · in_proj_weightᵀ (in_proj_weight is [3d, d], rows q, k, v)
            plan.add(Gemm.of("qkv of layer " + layer + " = activations · in_proj_weightᵀ",
                    Matrix.dense(x, rows, model), false,
                    Matrix.dense(plan.weight(encoderLayer(layer, IN_PROJ_WEIGHT)), 3 * model, model), true,
                    Matrix.dense(qkv, rows, 3 * model)));
            plan.add(Launch.of(Kernels.SPLIT_HEADS.arguments().with("qkv", qkv)
                            .with("bias", plan.weight(encoderLayer(layer, IN_PROJ_BIAS))).with("heads", split)
                            .with("batch", batch).with("steps", steps).with("model", model)
                            .with("head_count", headCount),
                    Kernels.elementGrid("splitting q, k, v", 3 * activationFloats), Kernels.ELEMENT_BLOCK));
            long perHead = (long) steps * headSize;
            // row-major, for each of the B*heads matrices i:
            // scores_i [T, T] = Q_i [T, d/heads] · K_iᵀ, with Q the first third of `heads`, K the second
            plan.add(Gemm.batched("scores of layer " + layer + " = Q · Kᵀ per head",
                    new Matrix(split, 0, steps, headSize, headSize), false,
                    new Matrix(split, activationFloats, steps, headSize, headSize), true,
                    Matrix.dense(scores, steps, steps), heads, perHead, perHead, (long) steps * steps));
            plan.add(Launch.of(Kernels.SCALED_SOFTMAX.arguments().with("scores", scores).with("rows", scoreRows)
                            .with("width", steps).with("scale", (float) (1.0 / Math.sqrt(headSize))),
                    Kernels.gridSize("the softmax rows", scoreRows), Kernels.rowBlock(steps)));
            // row-major, for each of the B*heads matrices i: context_i [T, d/heads] = P_i [T, T] · V_i [T, d/heads]
            plan.add(Gemm.batched("context of layer " + layer + " = softmax(scores) · V per head",
                    Matrix.dense(scores, steps, steps), false,
                    new Matrix(split, 2 * activationFloats, steps, headSize, headSize), false,
                    Matrix.dense(context, steps, headSize), heads, (long) steps * steps, perHead, perHead));
            plan.add(Launch.of(Kernels.MERGE_HEADS.arguments().with("heads", context).with("merged", merged)
                            .with("batch", batch).with("steps", steps).with("model", model)
                            .with("head_count", headCount),
                    elementGrid, Kernels.ELEMENT_BLOCK));
            // row-major: sublayer [B*T, d] = merged [B*T, d] · out_proj.weightᵀ (out_proj.weight is [d, d])
            plan.add(Gemm.of("attention of layer " + layer + " = merged heads · out_proj.weightᵀ",
                    Matrix.dense(merged, rows, model), false,
                    Matrix.dense(plan.weight(encoderLayer(layer, OUT_PROJ_WEIGHT)), model, model), true,
                    Matrix.dense(sublayer, rows, model)));
            plan.add(residualLayerNorm(plan, x, sublayer, encoderLayer(layer, OUT_PROJ_BIAS),
                    encoderLayer(layer, NORM1_WEIGHT), encoderLayer(layer, NORM1_BIAS), rows, model, rowBlock));
            // row-major: feedForward [B*T, F] = x [B*T, d] · linear1.weightᵀ (linear1.weight is [F, d])
            plan.add(Gemm.of("linear1 of layer " + layer + " = activations · linear1.weightᵀ",
                    Matrix.dense(x, rows, model), false,
                    Matrix.dense(plan.weight(encoderLayer(layer, LINEAR1_WEIGHT)), ffn, model), true,
                    Matrix.dense(feedForward, rows, ffn)));
            plan.add(Launch.of(Kernels.BIAS_RELU.arguments().with("y", feedForward)
                            .with("bias", plan.weight(encoderLayer(layer, LINEAR1_BIAS))).with("rows", rows)
                            .with("width", ffn),
                    Kernels.elementGrid("linear1's bias and ReLU", (long) rows * ffn), Kernels.ELEMENT_BLOCK));
            // row-major: sublayer [B*T, d] = feedForward [B*T, F] · linear2.weightᵀ (linear2.weight is [d, F])
            plan.add(Gemm.of("linear2 of layer " + layer + " = relu(linear1) · linear2.weightᵀ",
                    Matrix.dense(feedForward, rows, ffn), false,
                    Matrix.dense(plan.weight(encoderLayer(layer, LINEAR2_WEIGHT)), model, ffn), true,
                    Matrix.dense(sublayer, rows, model)));
            plan.add(residualLayerNorm(plan, x, sublayer, encoderLayer(layer, LINEAR2_BIAS),
                    encoderLayer(layer, NORM2_WEIGHT), encoderLayer(layer, NORM2_BIAS), rows, model, rowBlock));
        }

        if (!spec.hasHead()) {
            return plan.build(x, spec.outputShape(batch, sequenceLength));
        }
        int outputSize = spec.outputSize();
        Buffer head = plan.buffer(HEAD_OUTPUT, Buffer.Role.WORKSPACE, (long) batch * outputSize);
        // row-major: head [B, O] = x[:, T-1, :] [B, d] · fc.weightᵀ (fc.weight is [O, d])
        plan.add(Gemm.of("head = activations[:, -1, :] · fc.weightᵀ",
                new Matrix(x, (long) (steps - 1) * model, batch, model, sequenceStride), false,
                Matrix.dense(plan.weight(HEAD_WEIGHT), outputSize, model), true,
                Matrix.dense(head, batch, outputSize)));
        plan.add(Launch.of(Kernels.ADD_BIAS.arguments().with("y", head).with("bias", plan.weight(HEAD_BIAS))
                        .with("rows", batch).with("width", outputSize),
                Kernels.elementGrid("the head's bias", (long) batch * outputSize), Kernels.ELEMENT_BLOCK));
        return plan.build(head, spec.outputShape(batch, sequenceLength));
    }

    /** x = LayerNorm(x + y + bias) with the norm's weight and bias, one block per row. */
    private static Launch residualLayerNorm(PlanBuilder plan, Buffer x, Buffer y, String bias, String gamma,
            String beta, int rows, int width, int block) {
        return Launch.of(Kernels.RESIDUAL_LAYER_NORM.arguments().with("x", x).with("y", y)
                        .with("bias", plan.weight(bias)).with("gamma", plan.weight(gamma))
                        .with("beta", plan.weight(beta)).with("rows", rows).with("width", width)
                        .with("eps", LAYER_NORM_EPSILON),
                rows, block);
    }
}
