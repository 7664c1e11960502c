package org.seqbench.spi;

/**
 * The backend cannot compute this model exactly: a kind it does not implement, or weights whose semantics its
 * engine cannot express (rather than approximate them silently, it refuses them with this exception).
 */
public final class UnsupportedModelException extends BackendException {
    private static final long serialVersionUID = 1L;

    public UnsupportedModelException(String message) {
        super(message);
    }
}
