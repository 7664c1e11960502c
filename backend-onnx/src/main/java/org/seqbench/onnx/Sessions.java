package org.seqbench.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.util.List;
import org.seqbench.spi.BackendException;
import org.seqbench.spi.EngineSetting;
import org.seqbench.spi.RunOptions;

/** Opens ONNX Runtime sessions with the settings every seqbench measurement uses, and those a run chose. */
final class Sessions {
    /** Graph optimisation: how much ONNX Runtime rewrites the graph (fuses, folds) before it runs it. */
    static final EngineSetting OPTIMIZATION = EngineSetting.perModel("optimization",
            "graph optimisation level (SessionOptions.setOptimizationLevel): all, extended, basic or disabled",
            "all", "extended", "basic", "disabled");
    /** Whether idle intra-op threads spin waiting for work (ONNX Runtime's default) or sleep. */
    static final EngineSetting SPINNING = EngineSetting.perModel("spinning",
            "whether idle intra-op threads spin for the next operator (session.intra_op.allow_spinning)", "enabled",
            "disabled");
    /** The settings this backend declares, in the order they are listed. */
    static final List<EngineSetting> DECLARED = List.of(OPTIMIZATION, SPINNING);

    /** The chosen values of {@link #DECLARED}. */
    record Settings(OptLevel optimization, boolean spinning) {
        /** What a session gets when a run chooses nothing. */
        static final Settings DEFAULT = of(RunOptions.defaults());

        static Settings of(RunOptions options) {
            OptLevel level = switch (options.setting(OPTIMIZATION)) {
                case "all" -> OptLevel.ALL_OPT;
                case "extended" -> OptLevel.EXTENDED_OPT;
                case "basic" -> OptLevel.BASIC_OPT;
                case "disabled" -> OptLevel.NO_OPT;
                default -> throw new IllegalArgumentException("no optimization level " + options.setting(OPTIMIZATION));
            };
            return new Settings(level, options.setting(SPINNING).equals("enabled"));
        }
    }

    private Sessions() {
    }

    /**
     * A session for a serialised model.
     *
     * @param threads intra-op threads; 0 keeps ONNX Runtime's default (one per core, the caller's thread included)
     * @param settings the engine settings chosen for the run
     * @param description what the model is, for the error message
     * @throws BackendException if ONNX Runtime rejects the model or the options
     */
    static OrtSession open(OrtEnvironment environment, byte[] model, int threads, Settings settings,
            String description) {
        try (SessionOptions options = new SessionOptions()) {
            if (threads > 0) {
                options.setIntraOpNumThreads(threads);
            }
            // Sequential execution runs one operator at a time, so inter-op threads would only sit idle; all the
            // parallelism measured is inside operators, which the thread option controls.
            options.setInterOpNumThreads(1);
            options.setExecutionMode(ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(settings.optimization());
            if (!settings.spinning()) {
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
            }
            return environment.createSession(model, options);
        } catch (OrtException e) {
            throw new BackendException("ONNX Runtime could not create a session for " + description + ": "
                    + e.getMessage(), e);
        }
    }
}
