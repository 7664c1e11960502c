package org.seqbench.djl;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * Starting DJL's PyTorch engine: extracting and loading libtorch and DJL's JNI bridge. The first attempt decides
 * for the whole JVM; a failure is kept as the reason the backend is unavailable, never thrown at the harness.
 */
final class PyTorchEngine {
    /** DJL's name for the engine. */
    static final String NAME = "PyTorch";
    /** System property with which a user picks libtorch's inter-op threads themselves (DJL applies it at start). */
    static final String INTEROP_THREADS_PROPERTY = "ai.djl.pytorch.num_interop_threads";

    /** How starting the engine went. */
    sealed interface Start {
        /**
         * The engine runs.
         *
         * @param libtorchVersion libtorch's release, e.g. "2.7.1"
         * @param djlVersion DJL's release, e.g. "0.36.0"
         * @param defaultThreads libtorch's intra-op threads before any model asked for a number: what
         *     {@code threads = 0} means
         */
        record Started(Engine engine, String libtorchVersion, String djlVersion, int defaultThreads) implements Start {
        }

        /** The engine cannot run here, and why, in one sentence. */
        record Failed(String reason) implements Start {
        }
    }

    /** Holds the JVM-wide attempt; the class is initialised, and natives touched, only on first use. */
    private static final class Shared {
        static final Start START = start(() -> Engine.getEngine(NAME));
    }

    private PyTorchEngine() {
    }

    /** The JVM's engine, started on the first call. */
    static Start shared() {
        return Shared.START;
    }

    /** Starts the engine with {@code starter}, offline, turning every failure into a {@link Start.Failed}. */
    static Start start(Supplier<Engine> starter) {
        OfflineMode.ensure();
        try {
            Engine engine = starter.get();
            if (engine == null) {
                return new Start.Failed("DJL found no PyTorch engine on the class path (pytorch-engine is missing)");
            }
            limitInteropThreads();
            return new Start.Started(engine, engine.getVersion(), Engine.getDjlVersion(), JniUtils.getNumThreads());
        } catch (LinkageError e) {
            // UnsatisfiedLinkError, or the ExceptionInInitializerError/NoClassDefFoundError it leaves behind.
            return new Start.Failed("libtorch could not be loaded (" + rootCause(e) + ")");
        } catch (RuntimeException e) {
            return new Start.Failed("DJL could not start its PyTorch engine (" + rootCause(e) + ")");
        }
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

    private static String rootCause(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
