package org.seqbench.harness.cli;

import java.util.List;
import java.util.Map;
import org.seqbench.harness.sweep.EngineOptions;
import org.seqbench.results.SweepSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How {@code run} measures the cells: variants, JMH's settings, the shard and the engines' settings. A flag not given
 * is null.
 */
final class MeasurementFlags {
    @Spec(Spec.Target.SELF)
    CommandSpec self;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--variants", paramLabel = "WHICH",
            description = "default (each backend's default implementation) or all (every variant).")
    String variants;

    @Option(names = {"--trials", "--forks"}, paramLabel = "N",
            description = "Independent trials per cell, each a JMH run in a fresh JVM, interleaved across the run.")
    Integer trials;

    @Option(names = {"--warmup-iterations", "--warmups"}, paramLabel = "N",
            description = "JMH warm-up iterations per trial.")
    Integer warmupIterations;

    @Option(names = "--iterations", paramLabel = "N", description = "JMH measurement iterations per trial.")
    Integer iterations;

    @Option(names = "--iteration-seconds", paramLabel = "S",
            description = "Length of each warm-up and measurement iteration.")
    Double iterationSeconds;

    @Option(names = "--precision", paramLabel = "P", converter = Converters.Precision.class,
            description = "Adaptive trials: every cell gets 4 trials, then the cells whose headline would move by "
                    + "more than P between two such runs (at 95%%, e.g. 3%%) get more, within the fixed schedule's "
                    + "total (cells times --trials) and at most --max-trials each; off: the fixed schedule, "
                    + "--trials for every cell.")
    Converters.PrecisionTarget precision;

    @Option(names = "--max-trials", paramLabel = "N", converter = Converters.Positive.class,
            description = "With --precision, the most trials one cell gets (default: three times --trials).")
    Integer maxTrials;

    @Option(names = "--cell-timeout", paramLabel = "S", converter = Converters.CellTimeoutConverter.class,
            description = "Most seconds one trial of a cell (model load, accuracy check, warm-up and iterations) may "
                    + "take; past it the trial JVM is stopped and the cell fails.")
    Double cellTimeoutSeconds;

    @Option(names = "--shard", paramLabel = "i/n", converter = Converters.ShardConverter.class,
            description = "Measure only part i of n of the cells (to split a sweep across machines).")
    SweepSpec.Shard shard;

    @Option(names = "--engine-option", paramLabel = "ID.KEY=VALUE", converter = Converters.EngineOptionConverter.class,
            description = "An engine setting for one backend, e.g. onnx.optimization=disabled; repeatable. "
                    + "'seqbench backends --settings' lists each backend's settings and their values.")
    List<EngineOptions.Option> engineOptions;

    /** The flags of this mixin that were given, as typed. */
    List<String> given() {
        return Flags.given(command, self.options());
    }

    /** {@code base} with the settings given. */
    SweepSpec.Measurement over(SweepSpec.Measurement base) {
        return new SweepSpec.Measurement(
                trials != null ? trials : base.trials(),
                warmupIterations != null ? warmupIterations : base.warmupIterations(),
                iterationSeconds != null ? iterationSeconds : base.warmupSeconds(),
                iterations != null ? iterations : base.iterations(),
                iterationSeconds != null ? iterationSeconds : base.iterationSeconds(),
                cellTimeoutSeconds != null ? cellTimeoutSeconds : base.cellTimeoutSeconds(),
                precision != null ? precision.fraction() : base.precision(),
                maxTrials != null ? maxTrials : base.maxTrials());
    }

    /** {@code base}'s engine settings with those given laid over them. */
    Map<String, Map<String, String>> over(Map<String, Map<String, String>> base) {
        return engineOptions == null ? base : EngineOptions.overlay(base, engineOptions);
    }
}
