package org.seqbench.study.gradient;

import java.util.List;
import org.seqbench.core.ModelKind;

/**
 * The norm of dLoss/dx_t against the distance {@code T - 1 - t} from the last step: how strongly an input that many
 * steps back still moves the loss.
 *
 * @param norms the mean over sequences and seeds of the Euclidean norm of one step's input gradient, indexed by
 *     distance (0 is the last step)
 * @param sequences the sequences averaged: batch times seeds
 */
public record GradientProfile(ModelKind kind, int length, List<Double> norms, int sequences) {

    public GradientProfile {
        norms = List.copyOf(norms);
    }

    /** The mean norm at {@code distance} steps from the last. */
    public double normAt(int distance) {
        return norms.get(distance);
    }

    /** The fit of the per-step factor over every distance. */
    public RhoFit fit() {
        return RhoFit.fit(norms.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
