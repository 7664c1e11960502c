package org.seqbench.harness.cli;

import java.util.List;
import java.util.function.UnaryOperator;
import org.seqbench.core.InvalidSpecException;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.harness.sweep.UserError;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The sizes every model of a sweep or case shares, for {@code run}, {@code verify} and {@code export}; each flag is
 * named after its key in the sweep ({@code --output-size} for {@code outputSize}), the earlier spelling kept as an
 * alias. A flag not given is null: {@code run} takes it from the profile, {@code verify} and {@code export} from
 * {@link OneCaseDefaults}.
 */
final class ModelFlags {
    @Spec(Spec.Target.SELF)
    CommandSpec self;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--input-size", paramLabel = "N", description = "Features per time step.")
    Integer inputSize;

    @Option(names = "--heads", paramLabel = "N", description = "Attention heads (transformer).")
    Integer heads;

    @Option(names = "--ffn-ratio", paramLabel = "N",
            description = "Feed-forward width as a multiple of d_model (transformer).")
    Integer ffnRatio;

    @Option(names = {"--output-size", "--output"}, paramLabel = "N",
            description = "Outputs of the last-step head; 0 returns the whole sequence.")
    Integer outputSize;

    @Option(names = "--bidirectional", negatable = true,
            description = "Bidirectional recurrent layers (rnn, lstm, gru).")
    Boolean bidirectional;

    /** The flags of this mixin that were given, as typed. */
    List<String> given() {
        return Flags.given(command, self.options());
    }

    boolean isBidirectional() {
        return Boolean.TRUE.equals(bidirectional);
    }

    /**
     * Checks that each flag given applies to {@code kind}, which the command names alone ({@code export},
     * {@code verify --weights}); {@code ffnSizeFlag} is the command's own flag for the feed-forward width itself.
     */
    void requireAppliesTo(ModelKind kind, String ffnSizeFlag) {
        if (kind.isRecurrent()) {
            for (String flag : List.of("--heads", "--ffn-ratio", ffnSizeFlag)) {
                if (Flags.given(command, flag)) {
                    throw new UserError(Flags.typed(command, flag) + " applies to the transformer only, not "
                            + kind.id());
                }
            }
        } else if (isBidirectional()) {
            throw new UserError("--bidirectional applies to rnn, lstm and gru only, not the transformer");
        }
    }

    /**
     * The spec of one model of {@code kind} with these sizes. The transformer's feed-forward width is
     * {@code ffnSize} when it is not null, else {@code --ffn-ratio} times the hidden size; giving both is a mistake.
     * Bad sizes are a {@link UserError} naming the flag: {@code flagOf} turns a spec field into the command's flag.
     */
    ModelSpec spec(ModelKind kind, int hiddenSize, int layers, Integer ffnSize, String ffnSizeFlag,
            UnaryOperator<String> flagOf) {
        if (ffnSize != null && Flags.given(command, "--ffn-ratio")) {
            throw new UserError("give " + Flags.typed(command, ffnSizeFlag) + " or --ffn-ratio, not both");
        }
        long width = ffnSize != null ? ffnSize : (long) ffnRatio * hiddenSize;
        if (!kind.isRecurrent() && width > Integer.MAX_VALUE) {
            throw new UserError("--ffn-ratio " + ffnRatio + " times hidden size " + hiddenSize
                    + " is no feed-forward width; accepted: a product up to " + Integer.MAX_VALUE);
        }
        try {
            return kind.isRecurrent()
                    ? ModelSpec.recurrent(kind, inputSize, hiddenSize, layers, isBidirectional(), outputSize)
                    : ModelSpec.transformer(inputSize, hiddenSize, layers, heads, (int) width, outputSize);
        } catch (InvalidSpecException e) {
            String flag = e.field().equals("ffnSize") ? (ffnSize != null ? ffnSizeFlag : "--ffn-ratio")
                    : flagOf.apply(e.field());
            throw new UserError(Flags.typed(command, flag) + ": " + e.getMessage());
        }
    }

    /** The flag of a {@link ModelSpec} field whose name is the same in the sweep ({@code inputSize}, ...). */
    static String flagOf(String field) {
        return "--" + field.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
    }
}
