package org.seqbench.harness.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.seqbench.core.ModelKind;
import org.seqbench.harness.sweep.UserError;
import org.seqbench.results.RunRecord;
import org.seqbench.results.analysis.Goal;
import org.seqbench.results.analysis.Recommendation;
import org.seqbench.results.analysis.Workload;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code seqbench recommend --kind KIND --seq T --batch B SOURCE}: the fastest backend and variant for a workload,
 * from a run's measured cells ({@link Recommendation}). Exit status 0 with an answer, 1 when none meets the goal (or
 * none computes the function within its tolerance), 2 for bad input, and {@value #OUTSIDE_RANGE} when the run cannot
 * answer without more measurements: a refusal is no mistake in the input (the same question is right against a run
 * that measured there), and a script can tell "measure T = 512" from a typo and from a negative answer.
 */
@Command(name = "recommend", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Recommend the fastest backend for a workload from a run's measured cells.",
                "Between measured lengths and batches it interpolates along the fitted laws, never more than 1.25x "
                        + "past the measured range. Exit 0 with an answer, 1 when no backend meets the budget or "
                        + "target, 2 for bad input, 3 when the run must measure more to answer."})
final class RecommendCommand implements Callable<Integer> {
    /** Exit status when the workload lies outside what the run measured: the answer is what to measure. */
    static final int OUTSIDE_RANGE = 3;

    @Option(names = "--kind", required = true, paramLabel = "KIND", converter = KindOrAny.class,
            description = "The model kind: rnn, lstm, gru, transformer, or any (every kind competes).")
    KindOrAny.Choice kind;

    @Option(names = {"--seq-len", "--seq"}, required = true, paramLabel = "T", converter = Converters.Positive.class,
            description = "The sequence length to serve.")
    int seqLen;

    @Option(names = "--batch", required = true, paramLabel = "B", converter = Converters.Positive.class,
            description = "The batch size to serve.")
    int batch;

    @Option(names = "--threads", paramLabel = "N", converter = Converters.RecordedThreads.class,
            description = "Thread count (0: the engine's default); needed where the run measured several.")
    Integer threads;

    @Option(names = {"--hidden-size", "--hidden"}, paramLabel = "H", converter = Converters.Positive.class,
            description = "Hidden size (d_model for the Transformer); needed where the run measured several.")
    Integer hiddenSize;

    @Option(names = "--layers", paramLabel = "L", converter = Converters.Positive.class,
            description = "Layers; needed where the run measured several.")
    Integer layers;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    GoalOption goal;

    @Option(names = "--json", description = "Print the answer as JSON instead of text.")
    boolean json;

    @Parameters(index = "0", paramLabel = "SOURCE",
            description = "A run's directory (or its run.json), or history:BRANCH[~N]: the newest N runs (1 "
                    + "by default) of BRANCH in the history database (--db), their trials pooled.")
    String source;

    @Mixin
    HistoryDatabase database;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** A latency budget or a throughput target, not both. */
    static final class GoalOption {
        @Option(names = "--latency-budget", required = true, paramLabel = "TIME", converter = LatencyBudget.class,
                description = "The most the predicted p50 may take: 20ms, 1.5ms, 500us, 2s.")
        Goal.LatencyBudget latency;

        @Option(names = "--throughput-target", required = true, paramLabel = "RATE", converter = Throughput.class,
                description = "The fewest sequences per second at the predicted p50: 5000/s (or tokens: "
                        + "800000tokens/s).")
        Goal.ThroughputTarget throughput;

        Goal goal() {
            return latency != null ? latency : throughput;
        }
    }

    @Override
    public Integer call() throws IOException {
        RunRecord run = source(source);
        Workload workload = new Workload(kind.kind(), seqLen, batch, hiddenSize, layers, threads,
                goal == null ? null : goal.goal());
        Recommendation recommendation = Recommendation.of(run, workload);
        if (recommendation.outcome() instanceof Recommendation.NotInRun missing) {
            throw new UserError(RecommendationText.notInRun(recommendation, missing));
        }
        PrintWriter console = spec.commandLine().getOut();
        if (json) {
            console.println(RecommendationText.json(recommendation));
        } else {
            RecommendationText.print(console, recommendation);
        }
        console.flush();
        return switch (recommendation.outcome()) {
            case Recommendation.Recommended recommended -> 0;
            case Recommendation.OutsideRange outside -> OUTSIDE_RANGE;
            case Recommendation.NoneMeetsGoal none -> ExitCodes.FAILURE;
            case Recommendation.NoneAccurate none -> ExitCodes.FAILURE;
            case Recommendation.NotInRun missing -> ExitCodes.BAD_INPUT;
        };
    }

    /**
     * The run {@code source} names: a run directory, its run.json, or the pooled newest runs of a branch in the history
     * database ({@link RunSources}).
     *
     * @throws UserError when the source names no readable run
     */
    RunRecord source(String source) throws IOException {
        RunSources.Source read = RunSources.read(source, database, null);
        String pooled = read.description(source, "pooled");
        if (pooled != null && !json) {
            spec.commandLine().getOut().println(pooled);
        }
        return read.run();
    }

    /** {@code --kind}: a model kind, or {@code any}. */
    static final class KindOrAny implements ITypeConverter<KindOrAny.Choice> {
        static final String ANY = "any";

        /** @param kind the kind; null for any */
        record Choice(ModelKind kind) {
        }

        @Override
        public Choice convert(String text) {
            if (ANY.equals(text.strip().toLowerCase(Locale.ROOT))) {
                return new Choice(null);
            }
            try {
                return new Choice(ModelKind.parse(text));
            } catch (IllegalArgumentException e) {
                // ModelKind.parse reports an unknown name this way, and the text is all it read.
                throw new TypeConversionException("'" + text + "' is not a model kind; accepted: "
                        + ModelKind.acceptedIds() + ", " + ANY);
            }
        }
    }

    /** {@code 20ms}, {@code 1.5ms}, {@code 500us} (or {@code µs}), {@code 2s}: a time with its unit. */
    static final class LatencyBudget implements ITypeConverter<Goal.LatencyBudget> {
        private static final Pattern TIME = Pattern.compile("(\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)\\s*(ns|us|µs|ms|s)");

        @Override
        public Goal.LatencyBudget convert(String text) {
            Matcher matcher = TIME.matcher(text.strip());
            if (matcher.matches()) {
                double value = Double.parseDouble(matcher.group(1));
                double ms = switch (matcher.group(2)) {
                    case "ns" -> value / 1e6;
                    case "us", "µs" -> value / 1e3;
                    case "ms" -> value;
                    default -> value * 1e3;
                };
                if (ms > 0 && Double.isFinite(ms)) {
                    return new Goal.LatencyBudget(ms);
                }
            }
            throw new TypeConversionException("'" + text + "' is not a latency budget; accepted: a positive time "
                    + "with its unit, e.g. 20ms, 1.5ms, 500us or 2s");
        }
    }

    /** {@code 5000/s} (sequences per second) or {@code 800000tokens/s}. */
    static final class Throughput implements ITypeConverter<Goal.ThroughputTarget> {
        private static final Pattern RATE = Pattern.compile(
                "(\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)\\s*(tokens|sequences|seq)?\\s*/\\s*s");

        @Override
        public Goal.ThroughputTarget convert(String text) {
            Matcher matcher = RATE.matcher(text.strip());
            if (matcher.matches()) {
                double value = Double.parseDouble(matcher.group(1));
                if (value > 0 && Double.isFinite(value)) {
                    return new Goal.ThroughputTarget(value, "tokens".equals(matcher.group(2)));
                }
            }
            throw new TypeConversionException("'" + text + "' is not a throughput target; accepted: a positive rate "
                    + "per second, in sequences (5000/s) or tokens (800000tokens/s)");
        }
    }
}
