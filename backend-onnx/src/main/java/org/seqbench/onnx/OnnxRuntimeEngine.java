package org.seqbench.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import java.util.function.Supplier;

/**
 * Starting ONNX Runtime: loading its native library and creating the JVM's one {@link OrtEnvironment}. The first
 * attempt decides for the whole JVM; a failure is kept as the reason the backend is unavailable, never thrown at
 * the harness.
 */
final class OnnxRuntimeEngine {

    /** How starting the engine went. */
    sealed interface Start {
        /** The engine runs; {@code version} is the native library's own, e.g. "1.29.0". */
        record Started(OrtEnvironment environment, String version) implements Start {
        }

        /** The engine cannot run here, and why, in one sentence. */
        record Failed(String reason) implements Start {
        }
    }

    /** Holds the JVM-wide attempt; the class is initialised, and natives touched, only on first use. */
    private static final class Shared {
        static final Start START = start(
                () -> OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "seqbench"));
    }

    private OnnxRuntimeEngine() {
    }

    /** The JVM's engine, started on the first call. */
    static Start shared() {
        return Shared.START;
    }

    /** Starts an environment with {@code starter}, turning every failure into a {@link Start.Failed}. */
    static Start start(Supplier<OrtEnvironment> starter) {
        try {
            OrtEnvironment environment = starter.get();
            return new Start.Started(environment, environment.getVersion());
        } catch (LinkageError e) {
            // UnsatisfiedLinkError, or the ExceptionInInitializerError/NoClassDefFoundError it leaves behind.
            return new Start.Failed("the ONNX Runtime native library could not be loaded (" + rootCause(e) + ")");
        } catch (RuntimeException e) {
            return new Start.Failed("ONNX Runtime could not create its environment (" + rootCause(e) + ")");
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
