package org.seqbench.core.reference;

import static org.seqbench.core.WeightNames.*;

import java.util.Arrays;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.Weights;

/**
 * The float64 reference implementation of the four canonical models: the oracle every backend is compared with,
 * and the executable form of the semantics in DESIGN.md. It is written for clarity, one sequence at a time,
 * with no attempt at speed: each sequence of a batch is independent in all four models.
 *
 * <p>Vectors are {@code double[]}, matrices {@code double[rows][columns]} in PyTorch's [out, in] layout, and
 * {@code affine(W, x, b)} is {@code W x + b}.
 */
public final class ReferenceModel {
    private static final double LAYER_NORM_EPSILON = 1e-5;

    private final ModelSpec spec;
    private final Weights weights;

    /**
     * @throws org.seqbench.core.WeightsMismatchException if the weights are not exactly those of {@code spec}
     */
    public ReferenceModel(ModelSpec spec, Weights weights) {
        this.spec = spec;
        this.weights = weights.requireMatches(spec);
    }

    public ModelSpec spec() {
        return spec;
    }

    /** The output for the whole batch, flat in the row-major order of {@code spec.outputShape(batch, seq)}. */
    public double[] forward(Tensor input) {
        int batch = checkInput(input);
        int perSequence = outputSizePerSequence(input.dimension(1));
        double[] output = new double[Math.multiplyExact(batch, perSequence)];
        for (int sequence = 0; sequence < batch; sequence++) {
            System.arraycopy(forwardSequence(input, sequence), 0, output, sequence * perSequence, perSequence);
        }
        return output;
    }

    /**
     * The output for sequence {@code index} of the batch alone: {@code [outputSize]} with a head, else
     * {@code [seq, encoderWidth]} flattened.
     */
    public double[] forwardSequence(Tensor input, int index) {
        checkInput(input);
        double[][] sequence = sequenceOf(input, index);
        double[][] encoded = spec.kind().isRecurrent() ? recurrentEncoder(sequence) : transformerEncoder(sequence);
        if (spec.hasHead()) {
            // The head reads out[:, -1, :]: for a bidirectional model, the reverse direction's first step.
            return affine(matrix(HEAD_WEIGHT), encoded[encoded.length - 1], vector(HEAD_BIAS));
        }
        return flatten(encoded);
    }

    /** Number of output values per sequence of length {@code sequenceLength}. */
    public int outputSizePerSequence(int sequenceLength) {
        return spec.hasHead() ? spec.outputSize() : Math.multiplyExact(sequenceLength, spec.encoderWidth());
    }

    // ---------------------------------------------------------------- recurrent models

    private double[][] recurrentEncoder(double[][] sequence) {
        double[][] layerInput = sequence;
        for (int layer = 0; layer < spec.layers(); layer++) {
            double[][] forward = runDirection(layer, FORWARD, layerInput);
            if (spec.bidirectional()) {
                double[][] reverse = runDirection(layer, REVERSE, layerInput);
                layerInput = concatenate(forward, reverse);
            } else {
                layerInput = forward;
            }
        }
        return layerInput;
    }

    /**
     * One direction of one layer from zero initial state. Returns the hidden state after each position, indexed by
     * position: the reverse direction visits T-1 down to 0, so its output at position t has seen x[t..T-1].
     */
    private double[][] runDirection(int layer, int direction, double[][] inputs) {
        ModelKind kind = spec.kind();
        double[][] inputWeight = matrix(inputWeight(kind, layer, direction));
        double[][] hiddenWeight = matrix(hiddenWeight(kind, layer, direction));
        double[] inputBias = vector(inputBias(kind, layer, direction));
        double[] hiddenBias = vector(hiddenBias(kind, layer, direction));

        int length = inputs.length;
        int hiddenSize = spec.hiddenSize();
        double[] h = new double[hiddenSize];
        double[] c = new double[hiddenSize];
        double[][] outputs = new double[length][];
        for (int step = 0; step < length; step++) {
            int t = direction == REVERSE ? length - 1 - step : step;
            double[] fromInput = affine(inputWeight, inputs[t], inputBias);
            double[] fromHidden = affine(hiddenWeight, h, hiddenBias);
            switch (kind) {
                case RNN -> h = rnnCell(fromInput, fromHidden);
                case LSTM -> {
                    double[][] state = lstmCell(fromInput, fromHidden, c);
                    h = state[0];
                    c = state[1];
                }
                case GRU -> h = gruCell(fromInput, fromHidden, h);
                case TRANSFORMER -> throw new IllegalStateException("not a recurrent kind");
            }
            outputs[t] = h;
        }
        return outputs;
    }

    /** h' = tanh(W_ih x + b_ih + W_hh h + b_hh). */
    private static double[] rnnCell(double[] fromInput, double[] fromHidden) {
        double[] h = new double[fromInput.length];
        for (int j = 0; j < h.length; j++) {
            h[j] = Math.tanh(fromInput[j] + fromHidden[j]);
        }
        return h;
    }

    /**
     * Gate blocks i, f, g, o of (W_ih x + b_ih + W_hh h + b_hh); c' = f*c + i*g; h' = o*tanh(c').
     *
     * @return {h', c'}
     */
    private static double[][] lstmCell(double[] fromInput, double[] fromHidden, double[] c) {
        int hiddenSize = c.length;
        double[] hNext = new double[hiddenSize];
        double[] cNext = new double[hiddenSize];
        for (int j = 0; j < hiddenSize; j++) {
            double i = sigmoid(fromInput[j] + fromHidden[j]);
            double f = sigmoid(fromInput[hiddenSize + j] + fromHidden[hiddenSize + j]);
            double g = Math.tanh(fromInput[2 * hiddenSize + j] + fromHidden[2 * hiddenSize + j]);
            double o = sigmoid(fromInput[3 * hiddenSize + j] + fromHidden[3 * hiddenSize + j]);
            cNext[j] = f * c[j] + i * g;
            hNext[j] = o * Math.tanh(cNext[j]);
        }
        return new double[][] {hNext, cNext};
    }

    /**
     * Gate blocks r, z, n: r = sigmoid(W_ir x + b_ir + W_hr h + b_hr), z likewise,
     * n = tanh(W_in x + b_in + r * (W_hn h + b_hn)), h' = (1 - z) * n + z * h.
     */
    private static double[] gruCell(double[] fromInput, double[] fromHidden, double[] h) {
        int hiddenSize = h.length;
        double[] hNext = new double[hiddenSize];
        for (int j = 0; j < hiddenSize; j++) {
            double r = sigmoid(fromInput[j] + fromHidden[j]);
            double z = sigmoid(fromInput[hiddenSize + j] + fromHidden[hiddenSize + j]);
            double n = Math.tanh(fromInput[2 * hiddenSize + j] + r * fromHidden[2 * hiddenSize + j]);
            hNext[j] = (1 - z) * n + z * h[j];
        }
        return hNext;
    }

    // ---------------------------------------------------------------- transformer

    private double[][] transformerEncoder(double[][] sequence) {
        int model = spec.hiddenSize();
        double[][] embeddingWeight = matrix(EMBEDDING_WEIGHT);
        double[] embeddingBias = vector(EMBEDDING_BIAS);
        double scale = Math.sqrt(model);
        double[][] x = new double[sequence.length][];
        for (int position = 0; position < sequence.length; position++) {
            double[] embedded = affine(embeddingWeight, sequence[position], embeddingBias);
            for (int index = 0; index < model; index++) {
                embedded[index] = embedded[index] * scale + PositionalEncoding.value(position, index, model);
            }
            x[position] = embedded;
        }
        for (int layer = 0; layer < spec.layers(); layer++) {
            x = postNormLayer(layer, x);
        }
        return x;
    }

    /** Post-norm: x = norm1(x + SelfAttn(x)); x = norm2(x + linear2(relu(linear1(x)))). Dropout is off. */
    private double[][] postNormLayer(int layer, double[][] x) {
        double[][] attended = selfAttention(layer, x);
        double[] norm1Weight = vector(encoderLayer(layer, NORM1_WEIGHT));
        double[] norm1Bias = vector(encoderLayer(layer, NORM1_BIAS));
        double[][] afterAttention = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            afterAttention[t] = layerNorm(add(x[t], attended[t]), norm1Weight, norm1Bias);
        }

        double[][] linear1Weight = matrix(encoderLayer(layer, LINEAR1_WEIGHT));
        double[] linear1Bias = vector(encoderLayer(layer, LINEAR1_BIAS));
        double[][] linear2Weight = matrix(encoderLayer(layer, LINEAR2_WEIGHT));
        double[] linear2Bias = vector(encoderLayer(layer, LINEAR2_BIAS));
        double[] norm2Weight = vector(encoderLayer(layer, NORM2_WEIGHT));
        double[] norm2Bias = vector(encoderLayer(layer, NORM2_BIAS));
        double[][] output = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            double[] feedForward = affine(linear2Weight, relu(affine(linear1Weight, afterAttention[t], linear1Bias)),
                    linear2Bias);
            output[t] = layerNorm(add(afterAttention[t], feedForward), norm2Weight, norm2Bias);
        }
        return output;
    }

    /**
     * Multi-head self-attention without a mask: the rows of in_proj_weight are q, k, v in that order; each head
     * attends with scores q.k / sqrt(d_model / heads); the heads' results are concatenated and projected by out_proj.
     */
    private double[][] selfAttention(int layer, double[][] x) {
        int model = spec.hiddenSize();
        int heads = spec.heads();
        int headSize = model / heads;
        int length = x.length;
        double[][] inProjWeight = matrix(encoderLayer(layer, IN_PROJ_WEIGHT));
        double[] inProjBias = vector(encoderLayer(layer, IN_PROJ_BIAS));

        double[][] q = new double[length][];
        double[][] k = new double[length][];
        double[][] v = new double[length][];
        for (int t = 0; t < length; t++) {
            double[] qkv = affine(inProjWeight, x[t], inProjBias);
            q[t] = Arrays.copyOfRange(qkv, 0, model);
            k[t] = Arrays.copyOfRange(qkv, model, 2 * model);
            v[t] = Arrays.copyOfRange(qkv, 2 * model, 3 * model);
        }

        double scale = 1.0 / Math.sqrt(headSize);
        double[][] context = new double[length][model];
        for (int head = 0; head < heads; head++) {
            int offset = head * headSize;
            for (int t = 0; t < length; t++) {
                double[] scores = new double[length];
                for (int s = 0; s < length; s++) {
                    double dot = 0;
                    for (int j = 0; j < headSize; j++) {
                        dot += q[t][offset + j] * k[s][offset + j];
                    }
                    scores[s] = dot * scale;
                }
                double[] attention = softmax(scores);
                for (int s = 0; s < length; s++) {
                    for (int j = 0; j < headSize; j++) {
                        context[t][offset + j] += attention[s] * v[s][offset + j];
                    }
                }
            }
        }

        double[][] outProjWeight = matrix(encoderLayer(layer, OUT_PROJ_WEIGHT));
        double[] outProjBias = vector(encoderLayer(layer, OUT_PROJ_BIAS));
        double[][] output = new double[length][];
        for (int t = 0; t < length; t++) {
            output[t] = affine(outProjWeight, context[t], outProjBias);
        }
        return output;
    }

    /** (x - mean) / sqrt(var + 1e-5) * weight + bias, with the biased variance, as nn.LayerNorm. */
    private static double[] layerNorm(double[] x, double[] weight, double[] bias) {
        double mean = 0;
        for (double value : x) {
            mean += value;
        }
        mean /= x.length;
        double variance = 0;
        for (double value : x) {
            variance += (value - mean) * (value - mean);
        }
        variance /= x.length;
        double inverseDeviation = 1.0 / Math.sqrt(variance + LAYER_NORM_EPSILON);
        double[] normalised = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            normalised[i] = (x[i] - mean) * inverseDeviation * weight[i] + bias[i];
        }
        return normalised;
    }

    private static double[] softmax(double[] scores) {
        double max = Double.NEGATIVE_INFINITY;
        for (double score : scores) {
            max = Math.max(max, score);
        }
        double sum = 0;
        double[] exponentials = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            exponentials[i] = Math.exp(scores[i] - max);
            sum += exponentials[i];
        }
        for (int i = 0; i < scores.length; i++) {
            exponentials[i] /= sum;
        }
        return exponentials;
    }

    // ---------------------------------------------------------------- arithmetic

    /** W x + b for W [out, in]. */
    private static double[] affine(double[][] weight, double[] x, double[] bias) {
        double[] y = new double[weight.length];
        for (int row = 0; row < weight.length; row++) {
            double sum = bias[row];
            double[] weightRow = weight[row];
            for (int column = 0; column < x.length; column++) {
                sum += weightRow[column] * x[column];
            }
            y[row] = sum;
        }
        return y;
    }

    private static double[] add(double[] a, double[] b) {
        double[] sum = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            sum[i] = a[i] + b[i];
        }
        return sum;
    }

    private static double[] relu(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.max(0.0, x[i]);
        }
        return y;
    }

    private static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    private static double[][] concatenate(double[][] first, double[][] second) {
        double[][] joined = new double[first.length][];
        for (int t = 0; t < first.length; t++) {
            joined[t] = new double[first[t].length + second[t].length];
            System.arraycopy(first[t], 0, joined[t], 0, first[t].length);
            System.arraycopy(second[t], 0, joined[t], first[t].length, second[t].length);
        }
        return joined;
    }

    private static double[] flatten(double[][] rows) {
        int width = rows[0].length;
        double[] flat = new double[rows.length * width];
        for (int t = 0; t < rows.length; t++) {
            System.arraycopy(rows[t], 0, flat, t * width, width);
        }
        return flat;
    }

    // ---------------------------------------------------------------- weights and inputs as float64

    private double[][] matrix(String name) {
        Tensor tensor = weights.get(name);
        int rows = tensor.dimension(0);
        int columns = tensor.dimension(1);
        float[] values = tensor.data();
        double[][] matrix = new double[rows][columns];
        for (int row = 0; row < rows; row++) {
            for (int column = 0; column < columns; column++) {
                matrix[row][column] = values[row * columns + column];
            }
        }
        return matrix;
    }

    private double[] vector(String name) {
        float[] values = weights.get(name).data();
        double[] vector = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            vector[i] = values[i];
        }
        return vector;
    }

    private static double[][] sequenceOf(Tensor input, int index) {
        int length = input.dimension(1);
        int features = input.dimension(2);
        if (index < 0 || index >= input.dimension(0)) {
            throw new IndexOutOfBoundsException("sequence " + index + " outside batch of " + input.dimension(0));
        }
        float[] values = input.data();
        double[][] sequence = new double[length][features];
        int base = index * length * features;
        for (int t = 0; t < length; t++) {
            for (int f = 0; f < features; f++) {
                sequence[t][f] = values[base + t * features + f];
            }
        }
        return sequence;
    }

    private int checkInput(Tensor input) {
        spec.requireInput(input);
        return input.dimension(0);
    }
}
