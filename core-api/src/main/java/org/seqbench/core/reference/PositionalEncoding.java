package org.seqbench.core.reference;

/**
 * The sinusoidal positional encoding of "Attention Is All You Need":
 * {@code PE[pos, 2i] = sin(pos / 10000^(2i/d))}, {@code PE[pos, 2i+1] = cos(pos / 10000^(2i/d))}.
 *
 * <p>It is a buffer, not a weight. Backends take the float32 rounding of these float64 values
 * ({@link #table(int, int)}); computing the angle {@code pos * 10000^(-2i/d)} in float32 instead, as many PyTorch
 * snippets do, is off by up to about {@code pos * 6e-8} radians, 6e-5 at position 1000, which a float64
 * comparison would blame on the engine.
 */
public final class PositionalEncoding {
    private PositionalEncoding() {
    }

    /** {@code PE[position, index]} for a model of width {@code dModel}, in float64. */
    public static double value(int position, int index, int dModel) {
        int evenIndex = index - index % 2;
        double angle = position / Math.pow(10000.0, (double) evenIndex / dModel);
        return index % 2 == 0 ? Math.sin(angle) : Math.cos(angle);
    }

    /** The encoding of positions {@code 0 .. sequenceLength-1}, row-major {@code [sequenceLength, dModel]}, float32. */
    public static float[] table(int sequenceLength, int dModel) {
        float[] table = new float[Math.multiplyExact(sequenceLength, dModel)];
        for (int position = 0; position < sequenceLength; position++) {
            for (int index = 0; index < dModel; index++) {
                table[position * dModel + index] = (float) value(position, index, dModel);
            }
        }
        return table;
    }
}
