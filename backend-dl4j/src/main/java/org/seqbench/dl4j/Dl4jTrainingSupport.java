package org.seqbench.dl4j;

import java.util.EnumSet;
import java.util.Set;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Weights;
import org.seqbench.spi.TrainableModel;
import org.seqbench.spi.Training;
import org.seqbench.spi.TrainingOptions;
import org.seqbench.spi.TrainingSupport;

/**
 * Training with SameDiff's backpropagation on graphs whose variables are the canonical parameters
 * ({@link TrainingGraph}), for every kind, uni- and bidirectional, any number of layers, with or without a head;
 * the optimizers are {@link ParameterUpdate}'s copies of {@code torch.optim}'s rules. The Transformer runs on the
 * primitive operations inference's SameDiff graph uses; the recurrent kinds are unrolled in time from primitive
 * operations ({@link RecurrentTrainingGraph}, which says why not on the fused {@code lstmLayer} and {@code gru}).
 */
final class Dl4jTrainingSupport implements TrainingSupport {
    private static final Set<ModelKind> KINDS = EnumSet.allOf(ModelKind.class);

    private final Dl4jBackendProvider provider;

    Dl4jTrainingSupport(Dl4jBackendProvider provider) {
        this.provider = provider;
    }

    @Override
    public Set<ModelKind> supportedKinds() {
        return EnumSet.copyOf(KINDS);
    }

    @Override
    public TrainableModel create(ModelSpec spec, Weights initial, TrainingOptions options) {
        Training.checkCreatable(provider, spec, initial, options);
        EngineThreads threads = provider.running();
        threads.use(options.threads());
        return EngineErrors.guard(() -> "set up training for " + spec.describe(),
                () -> new Dl4jTrainableModel(spec, initial, options, threads));
    }
}
