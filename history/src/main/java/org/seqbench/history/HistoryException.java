package org.seqbench.history;

/**
 * Why the history could not be opened, read or written: its message is one line for the user, naming the history's
 * location (a password in a URL shown as {@code ***}) and what went wrong, never a driver's or Flyway's stack trace.
 */
public final class HistoryException extends Exception {
    private static final long serialVersionUID = 1L;

    public HistoryException(String message) {
        super(oneLine(message));
    }

    public HistoryException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** Drivers' and Flyway's messages span lines; the user's is one. */
    static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
