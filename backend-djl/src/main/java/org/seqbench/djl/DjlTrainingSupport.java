package org.seqbench.djl;

import ai.djl.ndarray.NDManager;
import java.util.EnumSet;
import java.util.Set;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Weights;
import org.seqbench.spi.BackendException;
import org.seqbench.spi.TrainableModel;
import org.seqbench.spi.Training;
import org.seqbench.spi.TrainingOptions;
import org.seqbench.spi.TrainingSupport;

/**
 * Training with libtorch's autograd, for all four kinds. The recurrent kinds train through libtorch's fused ops,
 * the Transformer through the NDArray-built network (the fused encoder layer is an inference-only kernel).
 */
final class DjlTrainingSupport implements TrainingSupport {
    private final DjlBackendProvider provider;

    DjlTrainingSupport(DjlBackendProvider provider) {
        this.provider = provider;
    }

    @Override
    public Set<ModelKind> supportedKinds() {
        return EnumSet.allOf(ModelKind.class);
    }

    @Override
    public TrainableModel create(ModelSpec spec, Weights initial, TrainingOptions options) {
        Training.checkCreatable(provider, spec, initial, options);
        PyTorchEngine.Running engine = provider.running();
        int threads = options.threads() > 0 ? options.threads() : engine.defaultThreads();
        NDManager manager = engine.engine().newBaseManager();
        try {
            Parameters parameters = Parameters.upload(manager, initial);
            Network network = spec.kind().isRecurrent()
                    ? new RecurrentNetwork(spec, parameters, true)
                    : new TransformerNetwork(spec, parameters);
            ParameterUpdate update = ParameterUpdate.of(options, parameters.byName(), manager);
            return new DjlTrainableModel(spec, options, manager, parameters, network, update, threads);
        } catch (RuntimeException e) {
            manager.close();
            throw new BackendException("libtorch could not set up training for " + spec.describe() + ": "
                    + e.getMessage(), e);
        }
    }
}
