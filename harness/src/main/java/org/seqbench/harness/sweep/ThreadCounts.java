package org.seqbench.harness.sweep;

/**
 * The thread counts a sweep may ask for: 0 (the engine's default), a positive number, or {@value #ALL_CORES}, the
 * processors this JVM sees, counted when the sweep is planned and written into it as a number. An explicit count,
 * not 0: engines differ in what their default is (physical or logical cores, an environment variable), so 0 would
 * compare unlike things across backends, and a speedup could not be turned into an efficiency without knowing how
 * many threads it took. The record keeps the number, so a resumed or repeated run asks for the same.
 */
public final class ThreadCounts {
    /** The word for "all the processors this JVM sees", in sweep files and in {@code --threads}. */
    public static final String ALL_CORES = "all-cores";

    /** What a thread count may be, for error messages. */
    public static final String ACCEPTED = "0 (the engine's default), a positive integer, or " + ALL_CORES
            + " (the processors this JVM sees)";

    private ThreadCounts() {
    }

    /**
     * The count {@code text} stands for.
     *
     * @throws UserError naming the text and what is accepted
     */
    public static int parse(String text) {
        String trimmed = text.trim();
        if (ALL_CORES.equals(trimmed)) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int count = Integer.parseInt(trimmed);
            if (count >= 0) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UserError("'" + text + "' is not a thread count; accepted: " + ACCEPTED);
    }
}
