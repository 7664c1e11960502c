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
 * ({@link TrainingGraph}), on the operators inference uses: {@code lstmLayer} for the LSTM and, with constant
 * gates, the RNN; primitive operations for the Transformer. Uni- and bidirectional, any number of layers, with or
 * without a head; the optimizers are {@link ParameterUpdate}'s copies of {@code torch.optim}'s rules.
 *
 * <p>Not the GRU. Its graph on {@code gru} with {@link ConstantUnitGru}'s constant unit computes PyTorch's forward
 * pass exactly, but the operator's backward pass ({@code gru_bp} in 1.0.0-M2.1) does not match its own forward
 * pass: on a plain GRU in float64, without the constant unit, its gradients differ from central finite differences
 * of the same graph by up to 5% (dLoss/dInput) to 14% (recurrent weights) of the largest element. An exact GRU
 * would have to be unrolled from primitive operations, one graph per sequence length; that is not built, so the
 * GRU is refused (README.md, "Training").
 */
final class Dl4jTrainingSupport implements TrainingSupport {
    private static final Set<ModelKind> KINDS = EnumSet.of(ModelKind.RNN, ModelKind.LSTM, ModelKind.TRANSFORMER);

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
        TrainingGraph graph = EngineErrors.guard(() -> "build the training graph of " + spec.describe(),
                () -> TrainingGraph.build(spec, initial, options.loss()));
        return new Dl4jTrainableModel(spec, options, graph, threads);
    }
}
