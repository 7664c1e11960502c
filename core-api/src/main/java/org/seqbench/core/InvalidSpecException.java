package org.seqbench.core;

/** A {@link ModelSpec} field has a value no model can have; the message names the field and the value. */
public final class InvalidSpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidSpecException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The name of the offending field, as in the spec's JSON form ({@code hiddenSize}, {@code heads}, ...). */
    public String field() {
        return field;
    }
}
