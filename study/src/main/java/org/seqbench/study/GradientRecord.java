package org.seqbench.study;

import java.util.List;
import org.seqbench.core.ModelKind;
import org.seqbench.study.gradient.GradientProfile;

/**
 * A gradient-flow profile as study.json stores it.
 *
 * @param start what the weights were: {@link #PYTORCH} or {@link #MEMORY} at initialisation (the gate init the
 *     training used), {@link #TRAINED} after training at the best rate (averaged over its seeds)
 * @param norms the mean input-gradient norm by distance from the last step
 * @param sequences the sequences averaged
 */
public record GradientRecord(String kind, int length, String start, List<Double> norms, int sequences) {
    public static final String PYTORCH = "init-pytorch";
    public static final String MEMORY = "init-memory";
    public static final String TRAINED = "trained";

    public GradientRecord {
        norms = List.copyOf(norms);
    }

    public static GradientRecord of(GradientProfile profile, String start) {
        return new GradientRecord(profile.kind().id(), profile.length(), start, profile.norms(), profile.sequences());
    }

    public GradientProfile profile() {
        return new GradientProfile(ModelKind.parse(kind), length, norms, sequences);
    }
}
