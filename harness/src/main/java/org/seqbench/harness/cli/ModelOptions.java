package org.seqbench.harness.cli;

import org.seqbench.core.InvalidSpecException;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.harness.sweep.UserError;
import picocli.CommandLine.Option;

/** The flags that describe one model and one input, shared by {@code export} and {@code verify}. */
final class ModelOptions {
    @Option(names = "--input-size", paramLabel = "N", description = "Features per time step (default: ${DEFAULT-VALUE}).",
            defaultValue = "16")
    int inputSize;

    @Option(names = "--hidden", paramLabel = "N",
            description = "Hidden size; d_model for the transformer (default: ${DEFAULT-VALUE}).", defaultValue = "32")
    int hidden;

    @Option(names = "--layers", paramLabel = "N", description = "Stacked layers (default: ${DEFAULT-VALUE}).",
            defaultValue = "1")
    int layers;

    @Option(names = "--bidirectional", description = "Bidirectional recurrent layers (rnn, lstm, gru only).")
    boolean bidirectional;

    @Option(names = "--heads", paramLabel = "N", description = "Attention heads (transformer only; default: 4).")
    Integer heads;

    @Option(names = "--ffn", paramLabel = "N",
            description = "Feed-forward width (transformer only; default: 4 x hidden).")
    Integer ffn;

    @Option(names = "--output", paramLabel = "N",
            description = "Outputs of the last-step head; 0 returns the whole sequence (default: ${DEFAULT-VALUE}).",
            defaultValue = "4")
    int output;

    @Option(names = "--seq", paramLabel = "T", description = "Sequence length (default: ${DEFAULT-VALUE}).",
            defaultValue = "20")
    int sequenceLength;

    @Option(names = "--batch", paramLabel = "B", description = "Batch size (default: ${DEFAULT-VALUE}).",
            defaultValue = "3")
    int batch;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of weights and input (default: ${DEFAULT-VALUE}).",
            defaultValue = "42")
    long seed;

    /**
     * The spec these flags describe for {@code kind}, named alone (by {@code --model}): a flag that does not apply
     * to the kind is a mistake. Bad values are a {@link UserError} naming the flag.
     */
    ModelSpec spec(ModelKind kind) {
        if (kind.isRecurrent() && heads != null) {
            throw new UserError("--heads applies to the transformer only, not " + kind.id());
        }
        if (kind.isRecurrent() && ffn != null) {
            throw new UserError("--ffn applies to the transformer only, not " + kind.id());
        }
        if (!kind.isRecurrent() && bidirectional) {
            throw new UserError("--bidirectional applies to rnn, lstm and gru only, not the transformer");
        }
        return specAmongKinds(kind);
    }

    /**
     * The spec for {@code kind} when one command checks several kinds: each flag applies to the kinds it describes
     * ({@code --bidirectional} to the recurrent ones, {@code --heads} and {@code --ffn} to the transformer).
     */
    ModelSpec specAmongKinds(ModelKind kind) {
        try {
            return kind.isRecurrent()
                    ? ModelSpec.recurrent(kind, inputSize, hidden, layers, bidirectional, output)
                    : ModelSpec.transformer(inputSize, hidden, layers, heads == null ? 4 : heads,
                            ffn == null ? 4 * hidden : ffn, output);
        } catch (InvalidSpecException e) {
            throw new UserError(flagOf(e.field()) + ": " + e.getMessage());
        }
    }

    /** Checks the input shape flags. */
    void requireInputShape() {
        if (sequenceLength <= 0) {
            throw new UserError("--seq must be a positive integer, got " + sequenceLength);
        }
        if (batch <= 0) {
            throw new UserError("--batch must be a positive integer, got " + batch);
        }
    }

    static String flagOf(String field) {
        return switch (field) {
            case "inputSize" -> "--input-size";
            case "hiddenSize" -> "--hidden";
            case "ffnSize" -> "--ffn";
            case "outputSize" -> "--output";
            case "kind" -> "--model";
            default -> "--" + field;
        };
    }
}
