package org.seqbench.spi;

import java.util.Objects;

/**
 * Whether a backend can run on this machine, and if not, the one reason why ("no CUDA driver: libcuda.so.1 not
 * found"). An unavailable backend is listed and skipped, never a crash.
 */
public record Availability(boolean available, String reason) {
    public Availability {
        Objects.requireNonNull(reason, "reason");
        if (!available && reason.isBlank()) {
            throw new IllegalArgumentException("an unavailable backend must say why");
        }
    }

    public static Availability yes() {
        return new Availability(true, "");
    }

    public static Availability no(String reason) {
        return new Availability(false, reason);
    }
}
