package org.seqbench.spi;

import java.util.Locale;

/**
 * One way a backend computes a kind (a fused operator, a graph of standard operators, ...): a distinct path a
 * benchmark can measure. A backend lists its variants as an enum implementing this; the id, on the command line and
 * in results, is the constant's name in lower case with hyphens, so {@code FUSED_OP} is {@code fused-op}.
 */
public interface BackendVariant {

    /** The enum constant's name, e.g. {@code FUSED_OP}. */
    String name();

    /** The id people type and results carry, e.g. {@code fused-op}. */
    default String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
