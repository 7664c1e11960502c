package org.seqbench.core;

/** A set of weights does not have the names and shapes a {@link ModelSpec} needs; the message lists what is off. */
public final class WeightsMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public WeightsMismatchException(String message) {
        super(message);
    }
}
