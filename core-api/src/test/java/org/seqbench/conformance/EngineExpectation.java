package org.seqbench.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assumptions;
import org.seqbench.spi.Availability;
import org.seqbench.spi.BackendProvider;

/**
 * What the conformance kits do with a backend that is unavailable where they run: skip its checks, or fail. The
 * build ships the engines' natives for Linux x86-64, the platform CI runs on; there a missing engine is a broken
 * build, and a kit that skipped it would pass while checking nothing. Elsewhere (macOS, ARM) the natives are not
 * shipped and the kit skips with the engine's reason, as it does everywhere for an engine that needs hardware a
 * machine may lack (a GPU). A developer on Linux x86-64 without the natives opts out with
 * {@code -Dseqbench.allowMissingEngines=true}.
 *
 * @param required whether an unavailable engine fails the checks rather than skipping them
 * @param why what decided it, said in the failure or skip
 */
public record EngineExpectation(boolean required, String why) {

    /** The system property through which a developer lets missing engines skip on Linux x86-64. */
    public static final String ALLOW_MISSING = "seqbench.allowMissingEngines";

    public EngineExpectation {
        Objects.requireNonNull(why, "why");
    }

    /** The expectation on this machine for an engine whose natives the build ships for Linux x86-64. */
    public static EngineExpectation shippedNatives() {
        return shippedNatives(System::getProperty);
    }

    /**
     * The expectation for an engine whose natives the build ships for Linux x86-64, on the platform that
     * {@code properties} describe ({@code os.name}, {@code os.arch} and {@value #ALLOW_MISSING}).
     *
     * @throws IllegalArgumentException if {@value #ALLOW_MISSING} is set to neither true nor false
     */
    public static EngineExpectation shippedNatives(UnaryOperator<String> properties) {
        String os = String.valueOf(properties.apply("os.name"));
        String arch = String.valueOf(properties.apply("os.arch"));
        String platform = os + " " + arch;
        boolean shipped = os.toLowerCase(Locale.ROOT).startsWith("linux")
                && (arch.equals("amd64") || arch.equals("x86_64"));
        if (!shipped) {
            return new EngineExpectation(false, "the build ships no natives for " + platform);
        }
        if (allowMissing(properties.apply(ALLOW_MISSING))) {
            return new EngineExpectation(false, "-D" + ALLOW_MISSING + "=true lets it skip on " + platform);
        }
        return new EngineExpectation(true, "the build ships its natives for " + platform
                + ", so this is a broken build, not a skip (-D" + ALLOW_MISSING + "=true makes it one)");
    }

    /** The expectation for an engine that needs what a machine may lack ({@code need}: "an NVIDIA GPU"). */
    public static EngineExpectation needs(String need) {
        return new EngineExpectation(false, "it needs " + need);
    }

    /**
     * Returns when the provider is available; otherwise fails, or skips the calling test, with the provider's
     * reason.
     */
    public void assumeAvailable(BackendProvider provider) {
        Availability availability = provider.availability();
        if (availability.available()) {
            return;
        }
        String unavailable = provider.id() + " is unavailable here: " + availability.reason() + "; " + why;
        if (required) {
            fail(unavailable);
        }
        Assumptions.abort(unavailable);
    }

    private static boolean allowMissing(String value) {
        if (value == null) {
            return false;
        }
        // A bare -Dname is on (Maven passes "true", a JVM ""); a typo must not quietly mean false.
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(
                    ALLOW_MISSING + " is '" + value + "'; accepted values are true and false");
        };
    }
}
