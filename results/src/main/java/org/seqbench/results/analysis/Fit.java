package org.seqbench.results.analysis;

/**
 * The outcome of fitting a model to a curve: the fitted figures, or why there are none (too few points, say), in
 * words a report can print as they are.
 */
public sealed interface Fit<T> {

    record Fitted<T>(T value) implements Fit<T> {
    }

    record NotFitted<T>(String reason) implements Fit<T> {
    }

    static <T> Fit<T> of(T value) {
        return new Fitted<>(value);
    }

    static <T> Fit<T> none(String reason) {
        return new NotFitted<>(reason);
    }

    /** The fitted figures, or null when there are none. */
    default T orNull() {
        return this instanceof Fitted<T>(T value) ? value : null;
    }
}
