package org.seqbench.harness.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.Callable;
import org.seqbench.harness.sweep.UserError;
import org.seqbench.results.report.MarkdownSummary;
import org.seqbench.results.report.ReportFiles;
import org.seqbench.results.RunRecord;
import org.seqbench.results.report.HtmlReport;
import org.seqbench.study.StudyRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code seqbench report}: rebuilds report.html and summary.md from run records, for one run into its own
 * directory, or for several runs (machines, versions) side by side into {@code --out}. Reads the records and
 * checks where to write before writing anything, and never touches a run.json.
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Rebuild report.html and summary.md from run records.",
                "One run: into its own directory (or --out). Several runs: side by side, their series told apart by",
                "run id, into --out."})
final class ReportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN_DIR", arity = "1..*",
            description = "Run directories (or their run.json files).")
    List<Path> runs;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where to write the reports; needed for several runs (default for one: its directory).")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        List<RunRecord> records = read();
        Path target = target();
        Optional<StudyRecord> study = Optional.empty();
        if (records.size() == 1 && runs.size() == 1) {
            Path directory = Files.isDirectory(runs.getFirst()) ? runs.getFirst() : runs.getFirst().getParent();
            try {
                // A study joined to the run (seqbench study --run) keeps its sections in the rebuilt report.
                study = directory == null ? Optional.empty() : ReportFiles.joinedStudy(directory);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
        }
        try {
            ReportFiles.writeReports(target, records, study);
        } catch (IOException e) {
            throw new UserError("cannot write the reports into " + target + ": " + IoErrors.describe(e));
        }
        console.printf("report: %s (and %s)%n", target.resolve(HtmlReport.FILE_NAME),
                target.resolve(MarkdownSummary.FILE_NAME));
        return 0;
    }

    /** Every record, read before anything is written; the same run given twice is a mistake. */
    private List<RunRecord> read() throws IOException {
        Map<String, Path> seen = new LinkedHashMap<>();
        List<RunRecord> records = new ArrayList<>();
        for (Path run : runs) {
            RunRecord record = Records.read(run);
            Path earlier = seen.putIfAbsent(record.runId(), run);
            if (earlier != null) {
                throw new UserError(earlier + " and " + run + " hold the same run (" + record.runId()
                        + "); give each run once");
            }
            records.add(record);
        }
        return records;
    }

    private Path target() {
        if (out == null) {
            if (runs.size() > 1) {
                throw new UserError(runs.size() + " runs are reported side by side into a folder of their own: "
                        + "give --out DIR");
            }
            Path directory = runDirectory(runs.getFirst());
            if (!Files.isWritable(directory)) {
                throw new UserError("cannot write the reports into " + directory + " (permission denied); give "
                        + "--out DIR");
            }
            return directory;
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UserError("--out " + out + " is a file; give a directory for report.html and summary.md");
        }
        if (runs.size() > 1) {
            for (Path run : runs) {
                if (Files.exists(out) && sameFile(out, runDirectory(run))) {
                    throw new UserError("--out " + out + " is the directory of run " + run + "; reports of several "
                            + "runs go to a folder of their own, so that the run's own summary.md stays its own");
                }
            }
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UserError("cannot create --out directory " + out + ": " + IoErrors.describe(e));
        }
        if (!Files.isWritable(out)) {
            throw new UserError("cannot write to --out directory " + out + " (permission denied)");
        }
        return out;
    }

    private static Path runDirectory(Path run) {
        return Files.isDirectory(run) ? run : run.toAbsolutePath().getParent();
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
