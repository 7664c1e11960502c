package org.seqbench.harness.cli;

import org.seqbench.harness.sweep.UserError;
import org.seqbench.results.analysis.ChangePoints;
import picocli.CommandLine.Option;

/** What a change point must pass to be reported: {@code --max-p}, {@code --min-change}, {@code --min-runs}. */
final class ChangeFlags {
    @Option(names = "--max-p", paramLabel = "P", defaultValue = "0.001",
            description = "Report a change whose p-value is below P (default ${DEFAULT-VALUE}, as Hunter).")
    double maxPValue;

    @Option(names = "--min-change", paramLabel = "PERCENT", converter = CompareCommand.Fraction.class,
            defaultValue = "5%", description = "Report a change that moves the level by more than this (default "
                    + "${DEFAULT-VALUE}, compare's threshold).")
    double minChange;

    @Option(names = "--min-runs", paramLabel = "N", defaultValue = "3",
            description = "The fewest runs a level may hold (default ${DEFAULT-VALUE}).")
    int minSegment;

    ChangePoints.Settings settings() {
        try {
            return new ChangePoints.Settings(maxPValue, minChange, minSegment);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }
}
