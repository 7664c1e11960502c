package org.seqbench.core;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The innermost cause of a failure, which is what a person needs to read: engines and loaders wrap the error that
 * matters (a missing library, a rejected shape) in layers of their own.
 */
public final class RootCause {
    private RootCause() {
    }

    /**
     * The innermost cause of {@code error}, or {@code error} itself when it has none; a chain that loops back on
     * itself ends at the last cause not seen before.
     */
    public static Throwable of(Throwable error) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable root = error;
        while (seen.add(root) && root.getCause() != null && !seen.contains(root.getCause())) {
            root = root.getCause();
        }
        return root;
    }

    /** The root cause as its class's simple name and its message, e.g. "UnsatisfiedLinkError: no onnxruntime". */
    public static String describe(Throwable error) {
        Throwable root = of(error);
        return root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** The root cause's message, or its class's simple name when it has none. */
    public static String message(Throwable error) {
        Throwable root = of(error);
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
