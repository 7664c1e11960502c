package org.seqbench.harness.cli;

import java.util.List;
import org.seqbench.core.ModelKind;
import org.seqbench.spi.Precision;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The flags that choose the cells of a sweep, for {@code run} (what to measure) and {@code verify} (what to check):
 * backends, kinds and the lists whose cross product makes the cells (the arithmetics among them), the fixed sizes
 * ({@link ModelFlags}), the seed and the tolerance. Each flag is named after its key in the sweep, the earlier
 * spelling kept as an alias; lists are comma-separated. A flag not given is null.
 */
final class SweepFlags {
    @Spec(Spec.Target.SELF)
    CommandSpec self;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--backends", paramLabel = "ID", split = ",", converter = Converters.BackendId.class,
            description = "Backend ids (default: every discovered backend).")
    List<String> backends;

    @Option(names = {"--kinds", "--models"}, paramLabel = "KIND", split = ",", converter = Converters.Kind.class,
            description = "Model kinds: rnn, lstm, gru, transformer.")
    List<ModelKind> kinds;

    @Option(names = {"--seq-lens", "--seq"}, paramLabel = "T", split = ",",
            converter = Converters.PositiveInteger.class, description = "Sequence lengths.")
    List<Integer> seqLens;

    @Option(names = {"--batches", "--batch"}, paramLabel = "B", split = ",",
            converter = Converters.PositiveInteger.class, description = "Batch sizes.")
    List<Integer> batches;

    @Option(names = {"--hidden-sizes", "--hidden"}, paramLabel = "H", split = ",",
            converter = Converters.PositiveInteger.class, description = "Hidden sizes (d_model for the transformer).")
    List<Integer> hiddenSizes;

    @Option(names = "--layers", paramLabel = "L", split = ",", converter = Converters.PositiveInteger.class,
            description = "Layer counts.")
    List<Integer> layers;

    @Option(names = "--threads", paramLabel = "N", split = ",", converter = Converters.ThreadCount.class,
            description = "Engine threads: 0 (the engine's default), a number, or all-cores.")
    List<Integer> threads;

    @Option(names = "--arithmetic", paramLabel = "A", split = ",", converter = Converters.Arithmetic.class,
            description = "Arithmetics to compute in: fp32, tf32, bf16 (a backend that does not offer one skips its "
                    + "cells); each is checked against its own tolerance.")
    List<Precision> arithmetic;

    @Mixin
    ModelFlags model;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of weights and inputs.")
    Long seed;

    @Option(names = "--tolerance", paramLabel = "X",
            description = "Largest absolute error against the float64 reference that passes in fp32 (tf32 and "
                    + "bf16 have wider bounds of their own).")
    Double tolerance;

    /** The flags of this mixin (its model sizes included) that were given, as typed. */
    List<String> given() {
        return Flags.given(command, self.options());
    }

    /** Each value once, in the order given: {@code --seq-lens 16,16} is one length. */
    static <T> List<T> distinct(List<T> values) {
        return values == null ? null : List.copyOf(new java.util.LinkedHashSet<>(values));
    }
}
