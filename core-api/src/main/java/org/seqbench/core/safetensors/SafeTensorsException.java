package org.seqbench.core.safetensors;

/** A file is not a well-formed safetensors file, or holds something seqbench cannot read; the message says what. */
public final class SafeTensorsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public SafeTensorsException(String message) {
        super(message);
    }
}
