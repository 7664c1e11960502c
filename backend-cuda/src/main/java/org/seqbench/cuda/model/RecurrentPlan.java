package org.seqbench.cuda.model;

import static org.seqbench.core.WeightNames.HEAD_BIAS;
import static org.seqbench.core.WeightNames.HEAD_WEIGHT;
import static org.seqbench.core.WeightNames.hiddenBias;
import static org.seqbench.core.WeightNames.hiddenWeight;
import static org.seqbench.core.WeightNames.inputBias;
import static org.seqbench.core.WeightNames.inputWeight;

import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;

/**
 * The forward pass of a recurrent model (RNN, LSTM, GRU; uni- or bidirectional, any depth) for one input shape.
 *
 * <p>Per layer and direction: one GEMM projects the inputs of all T steps at once ({@code xproj}); then, step by
 * step, one GEMM multiplies the previous state by {@code W_hh} ({@code hproj}, skipped on the direction's first
 * step, whose state is zero) and one fused gate kernel adds both biases, applies the cell and writes the state into
 * the direction's half of the layer output {@code [B, T, directions*H]}. The previous state is read straight from
 * that output (a strided view), so there is no separate state buffer to copy. Layers alternate between two output
 * buffers. The head multiplies {@code out[:, -1, :]}, again a strided view: for a bidirectional model that is the
 * forward direction's last state next to the reverse direction's first step, as PyTorch reads it.
 */
public final class RecurrentPlan {
    /** Buffer names, for tests and messages. */
    public static final String INPUT = "input";
    public static final String XPROJ = "xproj";
    public static final String HPROJ = "hproj";
    public static final String CELL = "cell";
    public static final String LAYER_OUTPUT = "layer_output_";
    public static final String HEAD_OUTPUT = "head_output";

    private RecurrentPlan() {
    }

    /**
     * The plan for a batch of {@code batch} sequences of {@code sequenceLength} steps.
     *
     * @throws IllegalArgumentException if the spec is not recurrent
     * @throws org.seqbench.spi.BackendException if the shape is too large for cuBLAS's and the kernels' 32-bit
     *     arguments
     */
    public static LaunchPlan build(ModelSpec spec, int batch, int sequenceLength) {
        ModelKind kind = spec.kind();
        if (!kind.isRecurrent()) {
            throw new IllegalArgumentException("RecurrentPlan takes rnn, lstm or gru, got " + kind.id());
        }
        PlanBuilder plan = new PlanBuilder(spec, batch, sequenceLength);
        int hidden = spec.hiddenSize();
        int directions = spec.directions();
        int gates = plan.toInt("the gate width", (long) kind.gateBlocks() * hidden);
        int width = spec.encoderWidth();
        int positions = plan.toInt("batch x sequence", (long) batch * sequenceLength);
        // The stride between two sequences' rows at one time step of a layer output [B, T, directions*H].
        int sequenceStride = plan.toInt("a layer output's sequence stride", (long) sequenceLength * width);

        Buffer input = plan.buffer(INPUT, Buffer.Role.INPUT, (long) positions * spec.inputSize());
        Buffer xproj = plan.buffer(XPROJ, Buffer.Role.WORKSPACE, (long) directions * positions * gates);
        Buffer hproj = plan.buffer(HPROJ, Buffer.Role.WORKSPACE, (long) directions * batch * gates);
        Buffer cell = kind == ModelKind.LSTM
                ? plan.buffer(CELL, Buffer.Role.WORKSPACE, (long) directions * batch * hidden) : null;
        Buffer[] outputs = new Buffer[Math.min(2, spec.layers())];
        for (int i = 0; i < outputs.length; i++) {
            outputs[i] = plan.buffer(LAYER_OUTPUT + i, Buffer.Role.WORKSPACE, (long) positions * width);
        }
        int stepGrid = Kernels.elementGrid("a gate kernel over batch x hidden", (long) batch * hidden);

        Buffer layerInput = input;
        int layerInputWidth = spec.inputSize();
        Buffer out = outputs[0];
        for (int layer = 0; layer < spec.layers(); layer++) {
            out = outputs[layer % 2];
            for (int direction = 0; direction < directions; direction++) {
                // row-major: xproj[direction] [B*T, G*H] = layerInput [B*T, in] · W_ihᵀ (W_ih is [G*H, in])
                plan.add(Gemm.of("xproj of layer " + layer + " direction " + direction + " = input · W_ihᵀ",
                        Matrix.dense(layerInput, positions, layerInputWidth), false,
                        Matrix.dense(plan.weight(inputWeight(kind, layer, direction)), gates, layerInputWidth), true,
                        new Matrix(xproj, (long) direction * positions * gates, positions, gates, gates)));
            }
            for (int direction = 0; direction < directions; direction++) {
                Buffer hiddenWeight = plan.weight(hiddenWeight(kind, layer, direction));
                Buffer biasIh = plan.weight(inputBias(kind, layer, direction));
                Buffer biasHh = plan.weight(hiddenBias(kind, layer, direction));
                for (int step = 0; step < sequenceLength; step++) {
                    boolean reverse = direction == 1;
                    int t = reverse ? sequenceLength - 1 - step : step;
                    if (step > 0) {
                        int previous = reverse ? t + 1 : t - 1;
                        // row-major: hproj[direction] [B, G*H] = out[:, previous, direction*H : +H] [B, H] · W_hhᵀ
                        // (W_hh is [G*H, H]); the state rows are one layer-output sequence apart.
                        plan.add(Gemm.of("hproj of layer " + layer + " direction " + direction + " step " + step
                                        + " = out[:, " + previous + "] · W_hhᵀ",
                                new Matrix(out, (long) previous * width + (long) direction * hidden, batch, hidden,
                                        sequenceStride), false,
                                Matrix.dense(hiddenWeight, gates, hidden), true,
                                new Matrix(hproj, (long) direction * batch * gates, batch, gates, gates)));
                    }
                    KernelSignature.Arguments arguments = stepKernel(kind).arguments()
                            .with("xproj", xproj).with("hproj", hproj)
                            .with("bias_ih", biasIh).with("bias_hh", biasHh);
                    if (cell != null) {
                        arguments.with("cell", cell);
                    }
                    arguments.with("out", out).with("batch", batch).with("steps", sequenceLength)
                            .with("hidden", hidden).with("directions", directions).with("direction", direction)
                            .with("t", t);
                    plan.add(Launch.of(arguments, stepGrid, Kernels.ELEMENT_BLOCK));
                }
            }
            layerInput = out;
            layerInputWidth = width;
        }

        if (!spec.hasHead()) {
            return plan.build(out, spec.outputShape(batch, sequenceLength));
        }
        int outputSize = spec.outputSize();
        Buffer head = plan.buffer(HEAD_OUTPUT, Buffer.Role.WORKSPACE, (long) batch * outputSize);
        // row-major: head [B, O] = out[:, T-1, :] [B, directions*H] · fc.weightᵀ (fc.weight is [O, directions*H])
        plan.add(Gemm.of("head = out[:, -1, :] · fc.weightᵀ",
                new Matrix(out, (long) (sequenceLength - 1) * width, batch, width, sequenceStride), false,
                Matrix.dense(plan.weight(HEAD_WEIGHT), outputSize, width), true,
                Matrix.dense(head, batch, outputSize)));
        plan.add(Launch.of(Kernels.ADD_BIAS.arguments().with("y", head).with("bias", plan.weight(HEAD_BIAS))
                        .with("rows", batch).with("width", outputSize),
                Kernels.elementGrid("the head's bias", (long) batch * outputSize), Kernels.ELEMENT_BLOCK));
        return plan.build(head, spec.outputShape(batch, sequenceLength));
    }

    private static KernelSignature stepKernel(ModelKind kind) {
        return switch (kind) {
            case RNN -> Kernels.RNN_TANH_STEP;
            case LSTM -> Kernels.LSTM_STEP;
            case GRU -> Kernels.GRU_STEP;
            case TRANSFORMER -> throw new IllegalArgumentException("the transformer has no recurrent step");
        };
    }
}
