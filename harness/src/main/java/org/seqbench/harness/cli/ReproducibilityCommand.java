package org.seqbench.harness.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.seqbench.harness.sweep.UserError;
import org.seqbench.results.CellResult;
import org.seqbench.results.RunRecord;
import org.seqbench.results.RunRecordFiles;
import org.seqbench.results.analysis.Bootstrap;
import org.seqbench.results.analysis.TrialEstimator;
import org.seqbench.results.report.ReproducibilityReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code seqbench reproducibility} ({@code aa}): the A/A check a user runs before trusting a machine. Two runs of one
 * sweep ({@code seqbench run --repeat} makes the second) are compared cell by cell by every estimator; the report
 * goes to standard output, and to {@code --out} as well. Reads both records before writing anything.
 */
@Command(name = "reproducibility", aliases = "aa", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"A/A check: compare two runs of the same sweep on the same machine, where every true ratio "
                + "is 1.",
                "Prints, as Markdown, how often each cell's 95%% interval of the ratio contains 1 and how far the "
                        + "ratios stray from 1, by every estimator, then the shown estimator's cells, worst first.",
                "Make the second run with: seqbench run --repeat FIRST_RUN"})
final class ReproducibilityCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FIRST_RUN", description = "The first run's directory (or its run.json).")
    Path first;

    @Parameters(index = "1", paramLabel = "SECOND_RUN", description = "The second run's directory (or its run.json).")
    Path second;

    @Option(names = "--estimator", paramLabel = "NAME", converter = EstimatorName.class,
            completionCandidates = EstimatorNames.class,
            description = "Whose cell-by-cell table to show: ${COMPLETION-CANDIDATES} (default: the headline "
                    + "estimator, the one every report is driven by).")
    TrialEstimator estimator;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the report to FILE (Markdown).")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        RunRecord a = Records.read(first);
        RunRecord b = Records.read(second);
        if (a.runId().equals(b.runId()) && a.createdAt().equals(b.createdAt())) {
            throw new UserError(first + " and " + second + " hold the same run (" + a.runId() + "); an A/A check "
                    + "compares two runs of one sweep: make the second with 'seqbench run --repeat " + first + "'");
        }
        checkOut();
        ReproducibilityReport report = ReproducibilityReport.of(a, b,
                estimator == null ? TrialEstimator.HEADLINE : estimator, Bootstrap.DEFAULT);
        if (!report.anyMatched()) {
            throw new UserError(first + " and " + second + " have no measured cell in common (" + measured(a)
                    + " ok in the first, " + measured(b) + " in the second); an A/A check compares two runs of one "
                    + "sweep: make the second with 'seqbench run --repeat " + first + "'");
        }
        String markdown = report.markdown();
        PrintWriter console = spec.commandLine().getOut();
        console.print(markdown);
        console.flush();
        if (out != null) {
            try {
                RunRecordFiles.writeAtomically(out, markdown);
            } catch (IOException e) {
                throw new UserError("cannot write --out " + out + ": " + IoErrors.describe(e));
            }
        }
        return 0;
    }

    /** A bad --out is said before the comparison is computed, not after it was printed. */
    private void checkOut() {
        if (out == null) {
            return;
        }
        if (Files.isDirectory(out)) {
            throw new UserError("--out " + out + " is a directory; give a file for the Markdown report, e.g. "
                    + out.resolve("aa.md"));
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new UserError("cannot write --out " + out + ": its directory " + parent + " does not exist");
        }
        if (!Files.isWritable(parent) || Files.exists(out) && !Files.isWritable(out)) {
            throw new UserError("cannot write --out " + out + " (permission denied)");
        }
    }

    private static long measured(RunRecord record) {
        return record.cells().stream().filter(CellResult::ok).count();
    }

    /** {@code median-of-minima} as {@link TrialEstimator#MEDIAN_OF_MINIMA}. */
    static final class EstimatorName implements ITypeConverter<TrialEstimator> {
        @Override
        public TrialEstimator convert(String text) {
            return TrialEstimator.byId(text.strip()).orElseThrow(() -> new TypeConversionException(
                    "unknown estimator '" + text + "'; accepted: " + String.join(", ", new EstimatorNames())));
        }
    }

    /** The estimators' names, for the help and for the message naming a bad one. */
    static final class EstimatorNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(TrialEstimator.values()).map(TrialEstimator::id)
                    .collect(Collectors.toList()).iterator();
        }
    }
}
