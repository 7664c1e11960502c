package org.seqbench.djl;

import ai.djl.ndarray.NDManager;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Weights;
import org.seqbench.spi.AbstractEngineProvider;
import org.seqbench.spi.BackendDescriptor;
import org.seqbench.spi.BackendException;
import org.seqbench.spi.BackendModel;
import org.seqbench.spi.Backends;
import org.seqbench.spi.EngineStart;
import org.seqbench.spi.Precision;
import org.seqbench.spi.RunOptions;
import org.seqbench.spi.TrainingSupport;

/**
 * DJL with the PyTorch engine (libtorch) on the CPU: libtorch's fused kernels for RNN, LSTM and GRU; the
 * Transformer from libtorch tensor operations, or with libtorch's fused encoder layer through TorchScript. Also the
 * SPI's trainable backend.
 *
 * <p>Threads: {@link RunOptions#threads()} sets libtorch's intra-op threads. libtorch keeps that number per
 * process and per thread (see {@link CallingThread}); each model applies its own number in the thread that calls
 * it, so models with different numbers can be used one after another. Inter-op threads are 1 (see
 * {@link PyTorchEngine}).
 */
public final class DjlBackendProvider extends AbstractEngineProvider<PyTorchEngine.Running, Variant> {
    private static final BackendDescriptor<Variant> DESCRIPTOR = new BackendDescriptor<>("djl", "DJL PyTorch", "cpu",
            BackendDescriptor.everyKind(Variant::offeredFor), EnumSet.of(Precision.FP32), true,
            List.of(OneDnn.SETTING));

    /** The provider {@link java.util.ServiceLoader} creates; it touches no native code until asked to. */
    public DjlBackendProvider() {
        this(PyTorchEngine::shared);
    }

    /** A provider that starts its engine with {@code starter} (tests use it to play a machine without libtorch). */
    DjlBackendProvider(Supplier<EngineStart<PyTorchEngine.Running>> starter) {
        super(DESCRIPTOR, starter);
    }

    /** libtorch's release and DJL's, e.g. "PyTorch 2.7.1 (DJL 0.36.0)", as the running engine reports them. */
    @Override
    public String engineVersion() {
        return startedEngine()
                .map(running -> "PyTorch " + running.libtorchVersion() + " (DJL " + running.djlVersion() + ")")
                .orElse("unknown");
    }

    @Override
    public BackendModel load(ModelSpec spec, Weights weights, RunOptions options) {
        RunOptions resolved = Backends.checkLoadable(this, spec, weights, options);
        PyTorchEngine.Running engine = running();
        Variant variant = descriptor().variant(spec.kind(), resolved.variant());
        int threads = resolved.threads() > 0 ? resolved.threads() : engine.defaultThreads();
        NDManager manager = engine.engine().newBaseManager();
        try {
            Parameters parameters = Parameters.upload(manager, weights);
            Network network = switch (variant) {
                case FUSED_OP -> new RecurrentNetwork(spec, parameters, false);
                case NDARRAY_OPS -> new TransformerNetwork(spec, parameters);
                case FUSED_ENCODER_LAYER -> ScriptedTransformer.load(spec, parameters, manager);
            };
            return new DjlModel(spec, variant, manager, network, threads,
                    OneDnn.enabledBy(resolved.setting(OneDnn.SETTING)));
        } catch (RuntimeException e) {
            manager.close();
            throw e instanceof BackendException backend ? backend
                    : new BackendException("libtorch could not load " + spec.describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<TrainingSupport> training() {
        return Optional.of(new DjlTrainingSupport(this));
    }

    /**
     * The running engine.
     *
     * @throws org.seqbench.spi.BackendException "djl is unavailable: reason" when it did not start
     */
    PyTorchEngine.Running running() {
        return engine();
    }
}
