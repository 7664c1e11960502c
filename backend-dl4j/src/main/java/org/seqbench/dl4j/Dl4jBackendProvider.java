package org.seqbench.dl4j;

import java.util.EnumSet;
import java.util.function.Supplier;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Weights;
import org.seqbench.spi.AbstractEngineProvider;
import org.seqbench.spi.BackendDescriptor;
import org.seqbench.spi.BackendModel;
import org.seqbench.spi.Backends;
import org.seqbench.spi.EngineStart;
import org.seqbench.spi.Precision;
import org.seqbench.spi.RunOptions;

/**
 * Deeplearning4j's ND4J on the CPU: SameDiff graphs, ND4J's native recurrent operators called directly, and eager
 * array operations, whichever is the fastest exact path for each kind (see {@link Variant}).
 */
public final class Dl4jBackendProvider extends AbstractEngineProvider<EngineThreads, Variant> {
    /** Threads are honoured process-wide: see {@link EngineThreads}. */
    private static final BackendDescriptor<Variant> DESCRIPTOR = new BackendDescriptor<>("dl4j",
            "Deeplearning4j ND4J/SameDiff", "cpu", BackendDescriptor.everyKind(Variant::offeredFor),
            EnumSet.of(Precision.FP32), true);

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
        Variant variant = descriptor().variant(spec.kind(), resolved.variant());
        threads.use(resolved.threads());
        Network network = EngineErrors.guard(
                () -> "build the " + variant.id() + " network of " + spec.describe(),
                () -> variant.build(spec, weights));
        return new Dl4jModel(spec, variant, network, threads, resolved.threads());
    }
}
