package org.seqbench.djl;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;
import org.seqbench.spi.EngineStart;

/**
 * Starting DJL's PyTorch engine: extracting and loading libtorch and DJL's JNI bridge. The first attempt decides
 * for the whole JVM; a failure is kept as the reason the backend is unavailable, never thrown at the harness.
 */
final class PyTorchEngine {
    /** DJL's name for the engine. */
    static final String NAME = "PyTorch";
    /** System property with which a user picks libtorch's inter-op threads themselves (DJL applies it at start). */
    static final String INTEROP_THREADS_PROPERTY = "ai.djl.pytorch.num_interop_threads";

    /**
     * The engine, running.
     *
     * @param libtorchVersion libtorch's release, e.g. "2.7.1"
     * @param djlVersion DJL's release, e.g. "0.36.0"
     * @param defaultThreads libtorch's intra-op threads before any model asked for a number: what
     *     {@code threads = 0} means
     */
    record Running(Engine engine, String libtorchVersion, String djlVersion, int defaultThreads) {
    }

    /** Holds the JVM-wide attempt; the class is initialised, and natives touched, only on first use. */
    private static final class Shared {
        static final EngineStart<Running> START = start(() -> Engine.getEngine(NAME));
    }

    private PyTorchEngine() {
    }

    /** The JVM's engine, started on the first call. */
    static EngineStart<Running> shared() {
        return Shared.START;
    }

    /** Starts the engine with {@code starter}, offline, turning every failure into a {@link EngineStart.Failed}. */
    static EngineStart<Running> start(Supplier<Engine> starter) {
        OfflineMode.ensure();
        return EngineStart.attempt(() -> {
            Engine engine = starter.get();
            if (engine == null) {
                return new EngineStart.Failed<>(
                        "DJL found no PyTorch engine on the class path (pytorch-engine is missing)");
            }
            limitInteropThreads();
            return new EngineStart.Started<>(new Running(engine, engine.getVersion(), Engine.getDjlVersion(),
                    JniUtils.getNumThreads()));
        }, "libtorch could not be loaded", "DJL could not start its PyTorch engine");
    }

    /**
     * libtorch's inter-op pool runs independent operators of a TorchScript graph side by side ({@code fork}); no
     * model here forks, so its threads (one per core by default) would only sit idle next to the measured ones.
     * libtorch accepts the setting once, before any parallel work, so it is made at start, unless the user chose
     * a number with {@value #INTEROP_THREADS_PROPERTY}.
     */
    private static void limitInteropThreads() {
        if (System.getProperty(INTEROP_THREADS_PROPERTY) == null) {
            try {
                JniUtils.setNumInteropThreads(1);
            } catch (RuntimeException alreadyStarted) {
                // Someone else in this JVM ran libtorch first; its pool stays as it is, which costs nothing measured.
            }
        }
    }

}
