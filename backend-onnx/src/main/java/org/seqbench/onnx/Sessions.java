package org.seqbench.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import org.seqbench.spi.BackendException;

/** Opens ONNX Runtime sessions with the settings every seqbench measurement uses. */
final class Sessions {
    private Sessions() {
    }

    /**
     * A session for a serialised model.
     *
     * @param threads intra-op threads; 0 keeps ONNX Runtime's default (one per core, the caller's thread included)
     * @param description what the model is, for the error message
     * @throws BackendException if ONNX Runtime rejects the model or the options
     */
    static OrtSession open(OrtEnvironment environment, byte[] model, int threads, String description) {
        try (SessionOptions options = new SessionOptions()) {
            if (threads > 0) {
                options.setIntraOpNumThreads(threads);
            }
            // Sequential execution runs one operator at a time, so inter-op threads would only sit idle; all the
            // parallelism measured is inside operators, which the thread option controls.
            options.setInterOpNumThreads(1);
            options.setExecutionMode(ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OptLevel.ALL_OPT);
            return environment.createSession(model, options);
        } catch (OrtException e) {
            throw new BackendException("ONNX Runtime could not create a session for " + description + ": "
                    + e.getMessage(), e);
        }
    }
}
