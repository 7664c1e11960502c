package org.seqbench.spi;

/**
 * A backend cannot do what was asked: it is unavailable, does not support the model or option, or its engine
 * failed. The message is a sentence for the user; the cause, when there is one, is the engine's own error.
 */
public class BackendException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BackendException(String message) {
        super(message);
    }

    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
