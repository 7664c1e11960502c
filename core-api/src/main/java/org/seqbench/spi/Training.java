package org.seqbench.spi;

import java.util.EnumSet;
import java.util.stream.Collectors;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Weights;

/** Discovery of the training capability, and the checks every {@link TrainingSupport#create} starts with. */
public final class Training {
    private Training() {
    }

    /**
     * The checks every {@link TrainingSupport#create} starts with, so that all backends refuse bad requests with the
     * same sentences: the backend is available and can train the kind, the loss fits the spec, and the weights are
     * exactly the spec's.
     *
     * @throws BackendException if the backend is unavailable
     * @throws UnsupportedModelException if it cannot train, or cannot train this kind
     * @throws IllegalArgumentException if the loss cannot train the spec
     * @throws org.seqbench.core.WeightsMismatchException if the weights do not match the spec
     */
    public static void checkCreatable(BackendProvider provider, ModelSpec spec, Weights weights,
            TrainingOptions options) {
        Availability availability = provider.availability();
        if (!availability.available()) {
            throw new BackendException(provider.id() + " is unavailable: " + availability.reason());
        }
        TrainingSupport support = provider.training().orElseThrow(
                () -> new UnsupportedModelException(provider.id() + " cannot train models; it runs inference only"));
        if (!support.supportedKinds().contains(spec.kind())) {
            throw new UnsupportedModelException(provider.id() + " cannot train " + spec.kind().id() + "; it trains "
                    + (support.supportedKinds().isEmpty() ? "nothing"
                            : EnumSet.copyOf(support.supportedKinds()).stream().map(ModelKind::id)
                                    .collect(Collectors.joining(", "))));
        }
        options.loss().requireApplicable(spec);
        weights.requireMatches(spec);
    }
}
