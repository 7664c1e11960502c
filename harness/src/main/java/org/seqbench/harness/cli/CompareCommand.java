package org.seqbench.harness.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.seqbench.harness.sweep.UserError;
import org.seqbench.results.Json;
import org.seqbench.results.RunRecord;
import org.seqbench.results.RunRecordFiles;
import org.seqbench.results.analysis.Bootstrap;
import org.seqbench.results.analysis.CellComparison;
import org.seqbench.results.analysis.Comparison;
import org.seqbench.results.analysis.EnvironmentDifference;
import org.seqbench.results.analysis.HistoryBaseline;
import org.seqbench.results.analysis.Verdict;
import org.seqbench.results.report.CompareHtml;
import org.seqbench.results.report.CompareReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code seqbench compare BASELINE CURRENT}: the regression gate. Every matched cell's headline ratio with its interval
 * across trials and a verdict ({@link Comparison}); a table on the terminal, and with {@code --out} the pull-request
 * comment {@code compare.md}, the page {@code compare.html} with a forest plot of the ratios per model kind, and the
 * machine-readable {@code compare.json}. Exit status 0 without a regression, 1 with one, 2 for bad input, as
 * {@code diff} does.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compare a run against a baseline cell by cell; exit 1 if any cell got slower or less accurate.",
                "A cell is slower when the 95%% interval of its headline ratio lies wholly above 1 and the ratio is "
                        + "past --threshold; a disturbed or too wide cell is noisy and never fails the gate."})
final class CompareCommand implements Callable<Integer> {
    /** The version of compare.json's layout. */
    static final int SCHEMA_VERSION = 1;

    @Parameters(arity = "1..2", paramLabel = "RUN", description = "BASELINE CURRENT, or CURRENT alone with "
            + "--baseline: a run's directory (or its run.json); the baseline may also be history:BRANCH[~N].")
    List<String> runs;

    @Option(names = "--baseline", paramLabel = "SOURCE", description = "The baseline: a run's directory, or "
            + "history:BRANCH[~N], the newest N runs (1 by default) of BRANCH in the history database (--db): a cell "
            + "regresses when slower than every one of them; the current run is left out.")
    String baselineSource;

    @Mixin
    HistoryDatabase database;

    @Option(names = "--threshold", paramLabel = "PERCENT", converter = Fraction.class, defaultValue = "5%",
            description = "The smallest change that counts, e.g. 5%% or 0.05 (default ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--max-width", paramLabel = "PERCENT", converter = Fraction.class, defaultValue = "20%",
            description = "A cell whose interval is wider than this is noisy (default ${DEFAULT-VALUE}).")
    double maxWidth;

    @Option(names = "--cross-machine", description = "Compare runs of different CPU models or core counts.")
    boolean crossMachine;

    @Option(names = "--out", paramLabel = "DIR", description = "Write compare.md, compare.html and compare.json "
            + "into DIR.")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Comparison.Settings settings;
        try {
            settings = new Comparison.Settings(threshold, maxWidth);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        if (baselineSource == null ? runs.size() != 2 : runs.size() != 1) {
            throw new UserError(baselineSource == null
                    ? "compare needs BASELINE and CURRENT (or CURRENT with --baseline SOURCE); got " + runs.size()
                            + " run: " + String.join(" ", runs)
                    : "with --baseline " + baselineSource + ", give only the CURRENT run; got " + runs.size() + ": "
                            + String.join(" ", runs));
        }
        RunRecord now = Records.read(Path.of(runs.getLast()));
        RunSources.Source baseline = RunSources.read(baselineSource != null ? baselineSource : runs.getFirst(),
                database, now, crossMachine);
        RunRecord base = baseline.run();
        EnvironmentDifference environment = EnvironmentDifference.of(base.environment(), now.environment());
        if (!environment.sameMachine() && !crossMachine) {
            throw new UserError("the runs were measured on different machines (" + String.join("; ",
                    environment.refusing()) + "): their ratios would compare machines, not code; add "
                    + "--cross-machine to compare them anyway");
        }
        if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
            throw new UserError("--out " + out + " is a file; give a directory for compare.md, compare.html and "
                    + "compare.json");
        }
        // Several runs of a branch: slower only than every one of them, not than their pooled fastest trials.
        Comparison comparison = baseline.runs().isEmpty() ? Comparison.of(base, now, settings, Bootstrap.DEFAULT)
                : HistoryBaseline.compare(base.runId(), baseline.runs(), now, settings, Bootstrap.DEFAULT);
        PrintWriter console = spec.commandLine().getOut();
        console.println(CompareReport.verdict(comparison).replace("**", ""));
        String pooled = baseline.description("baseline " + base.runId(), "compared run by run with");
        if (pooled != null) {
            console.println(pooled);
        }
        environment.refusing().forEach(line -> console.println("different machine: " + line));
        environment.stated().forEach(line -> console.println("differs: " + line));
        List<String[]> rows = new ArrayList<>();
        rows.add(CompareReport.COLUMNS.toArray(String[]::new));
        for (CellComparison cell : comparison.ordered()) {
            if (cell.verdict() == Verdict.NO_CHANGE && !cell.accuracyRegressed()) {
                continue;
            }
            rows.add(CompareReport.fields(cell).toArray(String[]::new));
        }
        if (rows.size() > 1) {
            Tables.print(console, rows);
        }
        console.flush();
        if (out != null) {
            write(comparison, environment);
            console.println("wrote " + out.resolve("compare.md") + ", " + out.resolve(CompareHtml.FILE_NAME)
                    + " and " + out.resolve("compare.json"));
        }
        return comparison.hasRegression() ? ExitCodes.FAILURE : 0;
    }

    private void write(Comparison comparison, EnvironmentDifference environment) {
        try {
            Files.createDirectories(out);
            RunRecordFiles.writeAtomically(out.resolve("compare.md"), CompareReport.markdown(comparison, environment));
            CompareHtml.write(out, comparison, environment);
            RunRecordFiles.writeAtomically(out.resolve("compare.json"), json(comparison, environment));
        } catch (IOException e) {
            throw new UserError("cannot write --out " + out + ": " + IoErrors.describe(e));
        }
    }

    /** compare.json: every cell's verdict and figures, the settings and what differs, schema-versioned. */
    static String json(Comparison comparison, EnvironmentDifference environment) throws IOException {
        ObjectMapper mapper = Json.mapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("baseline", comparison.baselineRun());
        root.put("current", comparison.currentRun());
        root.put("regression", comparison.hasRegression());
        root.put("threshold", comparison.settings().threshold());
        root.put("maxWidth", comparison.settings().maxWidth());
        root.set("differentMachine", mapper.valueToTree(environment.refusing()));
        root.set("differs", mapper.valueToTree(environment.stated()));
        ObjectNode counts = root.putObject("counts");
        for (Verdict verdict : Verdict.values()) {
            counts.put(verdict.id(), comparison.summary().count(verdict));
        }
        counts.put("less-accurate", comparison.summary().accuracyRegressions());
        ArrayNode cells = root.putArray("cells");
        for (CellComparison cell : comparison.ordered()) {
            ObjectNode node = cells.addObject();
            node.put("key", cell.key());
            node.put("label", cell.label());
            node.put("verdict", cell.verdict().id());
            node.put("reason", cell.reason());
            node.put("lessAccurate", cell.accuracyRegressed());
            if (cell.ratio() != null) {
                node.put("estimator", cell.ratio().estimator().id());
                node.put("baselineMs", cell.ratio().baseline());
                node.put("currentMs", cell.ratio().current());
                node.put("ratio", cell.ratioValue());
                if (cell.ratio().hasInterval()) {
                    node.put("low", cell.ratio().interval().low());
                    node.put("high", cell.ratio().interval().high());
                }
            }
            if (!Double.isNaN(cell.pValue())) {
                node.put("pValue", cell.pValue());
            }
            node.put("baselineTrials", cell.baselineTrials());
            node.put("currentTrials", cell.currentTrials());
        }
        return mapper.writeValueAsString(root);
    }

    /** "5%" or "0.05" as 0.05. */
    static final class Fraction implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            String value = text.strip();
            try {
                return value.endsWith("%") ? Double.parseDouble(value.substring(0, value.length() - 1)) / 100
                        : Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + text + "' is not a share; give a percentage such as 5% or a "
                        + "fraction such as 0.05");
            }
        }
    }
}
