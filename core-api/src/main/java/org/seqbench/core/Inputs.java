package org.seqbench.core;

/** Deterministic model inputs. */
public final class Inputs {
    private Inputs() {
    }

    /**
     * A batch-first float32 input {@code [batch, sequenceLength, inputSize]} of standard normal values (like
     * {@code torch.randn}), the same for the same arguments on every JVM.
     *
     * @throws IllegalArgumentException if a size is not positive or the tensor would not fit in one array
     */
    public static Tensor generate(int batch, int sequenceLength, int inputSize, long seed) {
        requirePositive("batch", batch);
        requirePositive("sequence length", sequenceLength);
        requirePositive("input size", inputSize);
        Tensor input = Tensor.zeros(batch, sequenceLength, inputSize);
        float[] values = input.data();
        SplitMix64 random = SplitMix64.forStream(seed, "input");
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return input;
    }

    private static void requirePositive(String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be a positive integer, got " + value);
        }
    }
}
