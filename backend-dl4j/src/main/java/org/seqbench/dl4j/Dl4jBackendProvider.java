package org.seqbench.dl4j;

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
import org.seqbench.spi.EngineSettings;
import org.seqbench.spi.EngineStart;
import org.seqbench.spi.Precision;
import org.seqbench.spi.RunOptions;
import org.seqbench.spi.TrainingSupport;

/**
 * Deeplearning4j's ND4J on the CPU: SameDiff graphs, ND4J's native recurrent operators called directly, and eager
 * array operations, whichever is the fastest exact path for each kind (see {@link Variant}).
 */
public final class Dl4jBackendProvider extends AbstractEngineProvider<EngineThreads, Variant> {
    /** Threads are honoured process-wide: see {@link EngineThreads}. */
    /** This backend's id. */
    static final String ID = "dl4j";
    private static final BackendDescriptor<Variant> DESCRIPTOR = new BackendDescriptor<>(ID,
            "Deeplearning4j ND4J/SameDiff", "cpu", BackendDescriptor.everyKind(Variant::offeredFor),
            EnumSet.of(Precision.FP32), true, List.of(StartupProperties.WAIT_POLICY));

    /** The provider {@link java.util.ServiceLoader} creates; it touches no native code until asked to. */
    public Dl4jBackendProvider() {
        this(Nd4jEngine::shared);
    }

    /** A provider that starts its engine with {@code starter} (tests use it to play a machine without natives). */
    Dl4jBackendProvider(Supplier<EngineStart<EngineThreads>> starter) {
        super(DESCRIPTOR, starter);
    }

    /** The version of the ND4J jars on the class path; read from the jar, so it is known even without natives. */
    @Override
    public String engineVersion() {
        return Nd4jEngine.version();
    }

    @Override
    public BackendModel load(ModelSpec spec, Weights weights, RunOptions options) {
        RunOptions resolved = Backends.checkLoadable(this, spec, weights, options);
        EngineThreads threads = engine();
        String policy = EngineSettings.atStart(ID, StartupProperties.WAIT_POLICY);
        if (!resolved.setting(StartupProperties.WAIT_POLICY).equals(policy)) {
            throw new BackendException("dl4j.omp-wait-policy is fixed when ND4J starts, and this JVM started it with "
                    + policy + "; a model cannot ask for " + resolved.setting(StartupProperties.WAIT_POLICY)
                    + " (start the JVM with -D" + StartupProperties.WAIT_POLICY.property(ID) + "="
                    + resolved.setting(StartupProperties.WAIT_POLICY) + ")");
        }
        Variant variant = descriptor().variant(spec.kind(), resolved.variant());
        threads.use(resolved.threads());
        Network network = EngineErrors.guard(
                () -> "build the " + variant.id() + " network of " + spec.describe(),
                () -> variant.build(spec, weights));
        return new Dl4jModel(spec, variant, network, threads, resolved.threads());
    }

    /** SameDiff's backpropagation: see {@link Dl4jTrainingSupport} for the kinds it trains. */
    @Override
    public Optional<TrainingSupport> training() {
        return Optional.of(new Dl4jTrainingSupport(this));
    }

    /**
     * The running engine, for training.
     *
     * @throws BackendException "dl4j is unavailable: reason" when it did not start
     */
    EngineThreads running() {
        return engine();
    }
}
