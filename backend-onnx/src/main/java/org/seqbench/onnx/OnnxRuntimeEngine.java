package org.seqbench.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import java.util.function.Supplier;
import org.seqbench.spi.EngineStart;

/**
 * Starting ONNX Runtime: loading its native library and creating the JVM's one {@link OrtEnvironment}. The first
 * attempt decides for the whole JVM; a failure is kept as the reason the backend is unavailable, never thrown at
 * the harness.
 */
final class OnnxRuntimeEngine {

    /** Holds the JVM-wide attempt; the class is initialised, and natives touched, only on first use. */
    private static final class Shared {
        static final EngineStart<OrtEnvironment> START = start(
                () -> OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "seqbench"));
    }

    private OnnxRuntimeEngine() {
    }

    /** The JVM's engine, started on the first call. */
    static EngineStart<OrtEnvironment> shared() {
        return Shared.START;
    }

    /** Starts an environment with {@code starter}, turning every failure into a {@link EngineStart.Failed}. */
    static EngineStart<OrtEnvironment> start(Supplier<OrtEnvironment> starter) {
        return EngineStart.attempt(() -> new EngineStart.Started<>(starter.get()),
                "the ONNX Runtime native library could not be loaded", "ONNX Runtime could not create its environment");
    }
}
