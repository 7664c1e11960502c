package org.seqbench.spi;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The arithmetic a backend computes in. Weights and inputs are always given in float32, and outputs returned in it;
 * the reduced arithmetics round the operands of the matrix products only (accumulating in float32), so each has its
 * own bound on the largest absolute error against the float64 reference ({@link #tolerance(double)}).
 */
public enum Precision {
    /** IEEE float32 throughout (24-bit significand): held to the sweep's tolerance, 1e-4 by default. */
    FP32(0),
    /**
     * TensorFloat-32 products: each operand rounded to a 10-bit mantissa (2^-11 relative), about 1e-3 relative per
     * product; 5e-3 leaves room for that error to pass through a few layers and steps of outputs of order one.
     */
    TF32(5e-3),
    /**
     * bfloat16 products: each operand rounded to an 8-bit significand (2^-8 relative), about 8e-3 relative per
     * product; 5e-2 is the same margin of about six over one product's error as tf32's.
     */
    BF16(5e-2);

    private final double ownTolerance;

    Precision(double ownTolerance) {
        this.ownTolerance = ownTolerance;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The largest absolute error against the float64 reference a cell computed in this arithmetic may have:
     * {@code fp32Tolerance} (the sweep's) for fp32; for a reduced arithmetic its own bound, or {@code fp32Tolerance}
     * where that is the wider (a sweep that allows fp32 more allows no reduced arithmetic less).
     */
    public double tolerance(double fp32Tolerance) {
        return this == FP32 ? fp32Tolerance : Math.max(fp32Tolerance, ownTolerance);
    }

    /**
     * The arithmetic called {@code text} ({@code fp32}, {@code tf32}, {@code bf16}; case and surrounding blanks
     * ignored).
     *
     * @throws IllegalArgumentException naming the text and the accepted ids
     */
    public static Precision parse(String text) {
        for (Precision precision : values()) {
            if (precision.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return precision;
            }
        }
        throw new IllegalArgumentException("unknown arithmetic '" + text + "'; accepted: " + acceptedIds());
    }

    /** The accepted ids, comma-separated, for error messages. */
    public static String acceptedIds() {
        return Arrays.stream(values()).map(Precision::id).collect(Collectors.joining(", "));
    }
}
