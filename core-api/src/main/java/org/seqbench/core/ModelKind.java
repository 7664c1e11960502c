package org.seqbench.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The four model families seqbench compares. */
public enum ModelKind {
    /** Elman RNN with tanh: {@code h' = tanh(W_ih x + b_ih + W_hh h + b_hh)}. */
    RNN(1),
    /** LSTM with gate blocks i, f, g, o (PyTorch's order). */
    LSTM(4),
    /** GRU with gate blocks r, z, n and b_hn inside {@code r * (W_hn h + b_hn)} (PyTorch's form). */
    GRU(3),
    /** Post-norm ReLU Transformer encoder with sinusoidal positional encoding. */
    TRANSFORMER(0);

    private final int gateBlocks;

    ModelKind(int gateBlocks) {
        this.gateBlocks = gateBlocks;
    }

    /** True for RNN, LSTM and GRU: the models that run one time step after another. */
    public boolean isRecurrent() {
        return this != TRANSFORMER;
    }

    /**
     * Number of H-row blocks stacked in a recurrent layer's weight matrices (1 for RNN, 4 for LSTM, 3 for GRU).
     *
     * @throws IllegalStateException for the Transformer, which has no gates
     */
    public int gateBlocks() {
        if (!isRecurrent()) {
            throw new IllegalStateException("TRANSFORMER has no recurrent gate blocks");
        }
        return gateBlocks;
    }

    /** The PyTorch module name of the recurrent layer stack: {@code rnn}, {@code lstm}, {@code gru}. */
    public String modulePrefix() {
        if (!isRecurrent()) {
            throw new IllegalStateException("TRANSFORMER has no single recurrent module");
        }
        return name().toLowerCase(Locale.ROOT);
    }

    /** Lower-case name used on the command line and in file names. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a kind from its case-insensitive name.
     *
     * @throws IllegalArgumentException naming the bad value and the accepted ones
     */
    public static ModelKind parse(String text) {
        for (ModelKind kind : values()) {
            if (kind.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown kind '" + text + "'; accepted: " + acceptedIds());
    }

    /** The accepted ids, comma-separated, for error messages. */
    public static String acceptedIds() {
        return Arrays.stream(values()).map(ModelKind::id).collect(Collectors.joining(", "));
    }
}
