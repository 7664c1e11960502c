package org.seqbench.harness.sweep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.seqbench.core.ModelKind;
import org.seqbench.results.SweepSpec;

/** The named sweeps of {@code seqbench run --profile}. */
public final class Profiles {
    private static final List<ModelKind> ALL_KINDS = List.of(ModelKind.values());
    private static final long SEED = 42;
    private static final double TOLERANCE = 1e-4;

    private static final Map<String, Supplier<SweepSpec>> PROFILES = new LinkedHashMap<>();

    static {
        // Seconds per cell: proves that every backend and kind runs end to end (the tests use it).
        PROFILES.put("smoke", () -> new SweepSpec("smoke", List.of(), ALL_KINDS, List.of(4, 16), List.of(2),
                List.of(16), List.of(1), List.of(1), 8, 2, 2, 4, false, SweepSpec.DEFAULT_VARIANTS, SEED, TOLERANCE,
                new SweepSpec.Measurement(1, 1, 0.1, 2, 0.1), null));
        // The default: every kind at three lengths and two batch sizes, one thread, in minutes.
        PROFILES.put("quick", () -> new SweepSpec("quick", List.of(), ALL_KINDS, List.of(16, 64, 256), List.of(1, 8),
                List.of(128), List.of(1), List.of(1), 64, 4, 4, 10, false, SweepSpec.DEFAULT_VARIANTS, SEED,
                TOLERANCE, new SweepSpec.Measurement(1, 2, 1.0, 3, 1.0), null));
        // The parallelism study: seven lengths for the fits and crossovers, three batch sizes, one thread against
        // all cores. Half-second iterations keep it near 17 minutes per backend: 168 cells of about 6 s each.
        PROFILES.put("standard", () -> new SweepSpec("standard", List.of(), ALL_KINDS,
                List.of(16, 32, 64, 128, 256, 512, 1024), List.of(1, 8, 32), List.of(128), List.of(1), oneAndAllCores(),
                64, 4, 4, 10, false, SweepSpec.DEFAULT_VARIANTS, SEED, TOLERANCE,
                new SweepSpec.Measurement(1, 2, 0.5, 4, 0.5), null));
    }

    private Profiles() {
    }

    public static final String DEFAULT = "quick";

    /**
     * The profile called {@code name}.
     *
     * @throws UserError naming the accepted profiles
     */
    public static SweepSpec named(String name) {
        Supplier<SweepSpec> profile = PROFILES.get(name);
        if (profile == null) {
            throw new UserError("unknown profile '" + name + "'; accepted: " + String.join(", ", PROFILES.keySet()));
        }
        return profile.get();
    }

    public static List<String> names() {
        return List.copyOf(PROFILES.keySet());
    }

    /**
     * 1 and the processors this JVM sees, counted when the sweep is planned and written into it. An explicit
     * count, not 0 (the engine's default): engines differ in what their default is (physical or logical cores,
     * an environment variable), so 0 would compare unlike things across backends, and a speedup could not be
     * turned into an efficiency without knowing how many threads it took. The record keeps the number, so a
     * resumed or repeated run asks for the same.
     */
    static List<Integer> oneAndAllCores() {
        int cores = Runtime.getRuntime().availableProcessors();
        return cores > 1 ? List.of(1, cores) : List.of(1);
    }
}
