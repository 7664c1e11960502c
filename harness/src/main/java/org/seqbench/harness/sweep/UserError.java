package org.seqbench.harness.sweep;

/**
 * A mistake in what the user asked for: a bad option value, a file that is not what it should be. The command
 * line prints the message as one line and exits with status 2; nothing already written is touched.
 */
public final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message);
    }
}
