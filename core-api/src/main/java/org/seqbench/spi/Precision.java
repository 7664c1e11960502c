package org.seqbench.spi;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The arithmetic a backend computes in. Weights and inputs are always given in float32. */
public enum Precision {
    FP32;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Precision parse(String text) {
        for (Precision precision : values()) {
            if (precision.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return precision;
            }
        }
        throw new IllegalArgumentException("unknown precision '" + text + "'; accepted: "
                + Arrays.stream(values()).map(Precision::id).collect(Collectors.joining(", ")));
    }
}
