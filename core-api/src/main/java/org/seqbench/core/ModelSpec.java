package org.seqbench.core;

import java.util.Objects;

/**
 * The architecture of one model, independent of any engine.
 *
 * <p>Recurrent kinds are PyTorch's {@code nn.RNN/nn.LSTM/nn.GRU(inputSize, hiddenSize, layers, batch_first=True,
 * bidirectional=...)} followed by {@code nn.Linear(hiddenSize * directions, outputSize)} on {@code out[:, -1, :]}.
 * The Transformer is {@code nn.Linear(inputSize, d_model)} scaled by sqrt(d_model), plus the sinusoidal positional
 * encoding, then {@code nn.TransformerEncoder} of post-norm ReLU layers ({@code heads}, {@code ffnSize}), then
 * {@code nn.Linear(d_model, outputSize)} on the last position. {@code hiddenSize} is d_model for the Transformer.
 *
 * <p>{@code outputSize == 0} means "no head": the model returns the encoder's whole output sequence
 * {@code [batch, seq, hiddenSize * directions]} instead of {@code [batch, outputSize]}.
 *
 * <p>The component names are the keys of the spec's JSON form (the {@code seqbench.spec} metadata of exported
 * safetensors files).
 */
public record ModelSpec(
        ModelKind kind,
        int inputSize,
        int hiddenSize,
        int layers,
        boolean bidirectional,
        int heads,
        int ffnSize,
        int outputSize) {

    /** Largest number of elements one weight tensor may have: it must fit in one Java array. */
    public static final long MAX_TENSOR_ELEMENTS = Integer.MAX_VALUE - 8;

    public ModelSpec {
        if (kind == null) {
            throw new InvalidSpecException("kind", "kind is missing; accepted: " + ModelKind.acceptedIds());
        }
        requirePositive("inputSize", inputSize);
        requirePositive("hiddenSize", hiddenSize);
        requirePositive("layers", layers);
        if (outputSize < 0) {
            throw new InvalidSpecException("outputSize",
                    "outputSize must be 0 (no head) or a positive integer, got " + outputSize);
        }
        if (kind.isRecurrent()) {
            if (heads != 0) {
                throw new InvalidSpecException("heads",
                        "heads applies to the transformer only; " + kind.id() + " needs heads=0, got " + heads);
            }
            if (ffnSize != 0) {
                throw new InvalidSpecException("ffnSize",
                        "ffnSize applies to the transformer only; " + kind.id() + " needs ffnSize=0, got " + ffnSize);
            }
        } else {
            if (bidirectional) {
                throw new InvalidSpecException("bidirectional",
                        "bidirectional applies to rnn, lstm and gru only; the transformer needs bidirectional=false");
            }
            requirePositive("heads", heads);
            requirePositive("ffnSize", ffnSize);
            if (hiddenSize % 2 != 0) {
                throw new InvalidSpecException("hiddenSize",
                        "hiddenSize (d_model) must be even for the sinusoidal positional encoding, got " + hiddenSize);
            }
            if (hiddenSize % heads != 0) {
                throw new InvalidSpecException("heads", "hiddenSize (d_model) " + hiddenSize
                        + " must be divisible by heads " + heads + "; accepted heads divide " + hiddenSize);
            }
        }
        requireArraySized(kind, inputSize, hiddenSize, bidirectional, ffnSize, outputSize);
    }

    /** A recurrent classifier (RNN, LSTM or GRU); {@code outputSize} 0 means no head. */
    public static ModelSpec recurrent(ModelKind kind, int inputSize, int hiddenSize, int layers,
            boolean bidirectional, int outputSize) {
        Objects.requireNonNull(kind, "kind");
        if (!kind.isRecurrent()) {
            throw new InvalidSpecException("kind", "recurrent() takes rnn, lstm or gru, got " + kind.id());
        }
        return new ModelSpec(kind, inputSize, hiddenSize, layers, bidirectional, 0, 0, outputSize);
    }

    /** A Transformer encoder classifier; {@code outputSize} 0 means no head. */
    public static ModelSpec transformer(int inputSize, int dModel, int layers, int heads, int ffnSize, int outputSize) {
        return new ModelSpec(ModelKind.TRANSFORMER, inputSize, dModel, layers, false, heads, ffnSize, outputSize);
    }

    /** 2 for a bidirectional recurrent model, else 1. */
    public int directions() {
        return bidirectional ? 2 : 1;
    }

    /** Width of the encoder's output at one position: hiddenSize times directions. */
    public int encoderWidth() {
        return hiddenSize * directions();
    }

    /** Whether a last-step linear head follows the encoder. */
    public boolean hasHead() {
        return outputSize > 0;
    }

    /** Width of a recurrent layer's input: the model input for layer 0, the previous layer's output above it. */
    public int layerInputWidth(int layer) {
        return layer == 0 ? inputSize : encoderWidth();
    }

    /** Shape of the model's output for a batch of {@code batch} sequences of length {@code sequenceLength}. */
    public int[] outputShape(int batch, int sequenceLength) {
        return hasHead() ? new int[] {batch, outputSize} : new int[] {batch, sequenceLength, encoderWidth()};
    }

    /** Shape of the input the model takes: batch-first {@code [batch, seq, inputSize]}. */
    public int[] inputShape(int batch, int sequenceLength) {
        return new int[] {batch, sequenceLength, inputSize};
    }

    /**
     * Checks that {@code input} is a batch this model takes: {@code [batch, seq, inputSize]} with batch and seq at
     * least 1. Every backend and the reference check with this one rule, so they refuse with one sentence.
     *
     * @throws IllegalArgumentException naming the expected and the given shape
     */
    public void requireInput(Tensor input) {
        if (input.rank() != 3 || input.dimension(2) != inputSize || input.dimension(0) < 1 || input.dimension(1) < 1) {
            throw new IllegalArgumentException("input must be [batch, seq, " + inputSize
                    + "] with batch and seq >= 1, got " + input.shapeText());
        }
    }

    /** A short human-readable description, e.g. {@code lstm I=64 H=128 L=2 bi O=10}. */
    public String describe() {
        StringBuilder text = new StringBuilder(kind.id())
                .append(" I=").append(inputSize)
                .append(kind.isRecurrent() ? " H=" : " d=").append(hiddenSize)
                .append(" L=").append(layers);
        if (bidirectional) {
            text.append(" bi");
        }
        if (!kind.isRecurrent()) {
            text.append(" heads=").append(heads).append(" ffn=").append(ffnSize);
        }
        return text.append(hasHead() ? " O=" + outputSize : " no-head").toString();
    }

    private static void requirePositive(String field, int value) {
        if (value <= 0) {
            throw new InvalidSpecException(field, field + " must be a positive integer, got " + value);
        }
    }

    /**
     * Rejects sizes whose weight matrices could not be held in one array, before anyone tries to allocate them. The
     * products saturate: at hiddenSize near 2^31 a long product of three sizes wraps around to a small number.
     */
    private static void requireArraySized(ModelKind kind, int inputSize, int hiddenSize, boolean bidirectional,
            int ffnSize, int outputSize) {
        long width = (long) hiddenSize * (bidirectional ? 2 : 1);
        long largest;
        String field;
        String sizes;
        if (kind.isRecurrent()) {
            long rows = (long) kind.gateBlocks() * hiddenSize;
            largest = times(rows, Math.max(Math.max(inputSize, hiddenSize), width));
            field = "hiddenSize";
            sizes = "inputSize " + inputSize + ", hiddenSize " + hiddenSize;
        } else {
            largest = Math.max(times(3L * hiddenSize, hiddenSize),
                    Math.max(times(ffnSize, hiddenSize), times(hiddenSize, inputSize)));
            field = ffnSize > hiddenSize ? "ffnSize" : "hiddenSize";
            sizes = "inputSize " + inputSize + ", hiddenSize " + hiddenSize + ", ffnSize " + ffnSize;
        }
        largest = Math.max(largest, times(outputSize, width));
        if (largest > MAX_TENSOR_ELEMENTS) {
            throw new InvalidSpecException(field, "sizes too large for " + field + ": with " + sizes
                    + ", outputSize " + outputSize + (bidirectional ? " (bidirectional)" : "")
                    + " one weight matrix would need " + (largest == Long.MAX_VALUE ? "more than 2^63" : largest)
                    + " elements; accepted: at most " + MAX_TENSOR_ELEMENTS + ", what one array holds");
        }
    }

    /** {@code a * b} for non-negative sizes, or Long.MAX_VALUE where the product does not fit in a long. */
    private static long times(long a, long b) {
        return Math.multiplyHigh(a, b) != 0 || a * b < 0 ? Long.MAX_VALUE : a * b;
    }
}
