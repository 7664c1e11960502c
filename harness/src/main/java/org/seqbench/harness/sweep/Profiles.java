package org.seqbench.harness.sweep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seqbench.core.ModelKind;
import org.seqbench.results.SweepSpec;

/** The named sweeps of {@code seqbench run --profile}. */
public final class Profiles {
    private static final List<ModelKind> ALL_KINDS = List.of(ModelKind.values());
    private static final long SEED = 42;
    private static final double TOLERANCE = 1e-4;

    private static final Map<String, SweepSpec> PROFILES = new LinkedHashMap<>();

    static {
        // Seconds per cell: proves that every backend and kind runs end to end (the tests use it).
        PROFILES.put("smoke", new SweepSpec("smoke", List.of(), ALL_KINDS, List.of(4, 16), List.of(2), List.of(16),
                List.of(1), List.of(1), 8, 2, 2, 4, false, SweepSpec.DEFAULT_VARIANTS, SEED, TOLERANCE,
                new SweepSpec.Measurement(1, 1, 0.1, 2, 0.1), null));
        // The default: every kind at three lengths and two batch sizes, one thread, in minutes.
        PROFILES.put("quick", new SweepSpec("quick", List.of(), ALL_KINDS, List.of(16, 64, 256), List.of(1, 8),
                List.of(128), List.of(1), List.of(1), 64, 4, 4, 10, false, SweepSpec.DEFAULT_VARIANTS, SEED,
                TOLERANCE, new SweepSpec.Measurement(1, 2, 1.0, 3, 1.0), null));
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
        SweepSpec profile = PROFILES.get(name);
        if (profile == null) {
            throw new UserError("unknown profile '" + name + "'; accepted: " + String.join(", ", PROFILES.keySet()));
        }
        return profile;
    }

    public static List<String> names() {
        return List.copyOf(PROFILES.keySet());
    }
}
