package org.seqbench.results.report;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Collectors;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Parameters;
import org.seqbench.results.Cell;

/**
 * The models some cells ran, each with its analytic parameter count, in one line: what the reports state beside
 * the models' sizes, so that a kind's latency can be read against how many weights it multiplies.
 */
final class ModelSizes {
    private static final Comparator<ModelSpec> ORDER = Comparator.comparing(ModelSpec::kind)
            .thenComparingInt(ModelSpec::hiddenSize).thenComparingInt(ModelSpec::layers)
            .thenComparing(ModelSpec::bidirectional).thenComparingInt(ModelSpec::inputSize)
            .thenComparingInt(ModelSpec::heads).thenComparingInt(ModelSpec::ffnSize)
            .thenComparingInt(ModelSpec::outputSize);

    private ModelSizes() {
    }

    /** {@code "lstm I=64 H=128 L=1 O=10: 100,618 parameters; ..."}, one entry per distinct model; empty for none. */
    static String of(Collection<Cell> cells) {
        return cells.stream().map(Cell::spec).distinct().sorted(ORDER)
                .map(spec -> spec.describe() + ": " + String.format(Locale.ROOT, "%,d", Parameters.of(spec).total())
                        + " parameters")
                .collect(Collectors.joining("; "));
    }
}
