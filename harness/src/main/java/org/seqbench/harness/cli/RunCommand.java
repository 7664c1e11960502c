package org.seqbench.harness.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.seqbench.harness.measure.PeakProbe;
import org.seqbench.harness.run.EnvironmentProbe;
import org.seqbench.harness.run.SweepRun;
import org.seqbench.harness.sweep.BackendSelection;
import org.seqbench.harness.sweep.Profiles;
import org.seqbench.harness.sweep.SweepFiles;
import org.seqbench.harness.sweep.SweepPlanner;
import org.seqbench.harness.sweep.SweepPlanner.PlannedCell;
import org.seqbench.harness.sweep.UserError;
import org.seqbench.results.CellResult;
import org.seqbench.results.Numbers;
import org.seqbench.results.RunRecord;
import org.seqbench.results.RunRecordFiles;
import org.seqbench.results.SweepSpec;
import org.seqbench.results.report.HtmlReport;
import org.seqbench.spi.BackendProvider;
import org.seqbench.spi.Backends;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code seqbench run}: verify each cell's accuracy, measure it, write the reports. The sweep comes from a profile,
 * overlaid by a {@code --config} file, overlaid by explicit flags.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure a sweep: each cell is checked against the float64 reference, then measured with JMH.",
                "The machine's float32 peak is measured first; each finished cell is written at once to OUT/<run-id>/",
                "(run.json, cells.csv, summary.md, report.html, jmh.json);",
                "an interrupted run continues with --resume OUT/<run-id>."})
final class RunCommand implements Callable<Integer> {
    private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    @Option(names = "--profile", paramLabel = "NAME", defaultValue = Profiles.DEFAULT,
            description = "smoke, quick, standard (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A sweep.yaml whose keys override the profile (flags override both).")
    Path config;

    @Option(names = "--backends", paramLabel = "IDS", converter = Converters.Names.Converter.class,
            description = "Backend ids, comma-separated (default: every discovered backend).")
    Converters.Names backends;

    @Option(names = "--models", paramLabel = "KINDS", converter = Converters.ModelKinds.Converter.class,
            description = "rnn, lstm, gru, transformer, comma-separated.")
    Converters.ModelKinds models;

    @Option(names = "--seq-lens", paramLabel = "T,...", converter = Converters.PositiveIntegers.Converter.class,
            description = "Sequence lengths.")
    Converters.PositiveIntegers seqLens;

    @Option(names = "--batches", paramLabel = "B,...", converter = Converters.PositiveIntegers.Converter.class,
            description = "Batch sizes.")
    Converters.PositiveIntegers batches;

    @Option(names = "--hidden", paramLabel = "H,...", converter = Converters.PositiveIntegers.Converter.class,
            description = "Hidden sizes (d_model for the transformer).")
    Converters.PositiveIntegers hidden;

    @Option(names = "--layers", paramLabel = "L,...", converter = Converters.PositiveIntegers.Converter.class,
            description = "Layer counts.")
    Converters.PositiveIntegers layers;

    @Option(names = "--threads", paramLabel = "N,...", converter = Converters.Counts.Converter.class,
            description = "Engine threads (0 = the engine's default).")
    Converters.Counts threads;

    @Option(names = "--input-size", paramLabel = "N", description = "Features per time step.")
    Integer inputSize;

    @Option(names = "--heads", paramLabel = "N", description = "Transformer attention heads.")
    Integer heads;

    @Option(names = "--ffn-ratio", paramLabel = "N", description = "Transformer feed-forward width / d_model.")
    Integer ffnRatio;

    @Option(names = "--output", paramLabel = "N", description = "Outputs of the last-step head (0 = no head).")
    Integer outputSize;

    @Option(names = "--bidirectional", negatable = true, description = "Bidirectional recurrent models.")
    Boolean bidirectional;

    @Option(names = "--variants", paramLabel = "WHICH",
            description = "default (each backend's default implementation) or all (every variant).")
    String variants;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of weights and inputs.")
    Long seed;

    @Option(names = "--tolerance", paramLabel = "X",
            description = "Largest absolute error against the float64 reference for a cell to be measured.")
    Double tolerance;

    @Option(names = "--forks", paramLabel = "N", description = "JMH forks per cell.")
    Integer forks;

    @Option(names = "--warmups", paramLabel = "N", description = "JMH warm-up iterations per fork.")
    Integer warmups;

    @Option(names = "--iterations", paramLabel = "N", description = "JMH measurement iterations per fork.")
    Integer iterations;

    @Option(names = "--iteration-seconds", paramLabel = "S",
            description = "Length of each warm-up and measurement iteration.")
    Double iterationSeconds;

    @Option(names = "--shard", paramLabel = "i/n", converter = Converters.ShardConverter.class,
            description = "Measure only part i of n of the cells (to split a sweep across machines).")
    SweepSpec.Shard shard;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs",
            description = "Where run directories go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN_DIR",
            description = "Continue an interrupted run: measure the cells its run.json does not hold yet.")
    Path resume;

    @Option(names = "--dry-run", description = "Print the planned cells and the time estimate; measure nothing.")
    boolean dryRun;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        List<BackendProvider> providers = Backends.discover();
        if (resume != null) {
            return resume(providers, console);
        }
        SweepSpec sweep = sweep();
        List<PlannedCell> plan = SweepPlanner.plan(sweep, providers);
        if (dryRun) {
            printPlan(plan, sweep, console);
            return 0;
        }
        Path directory = createRunDirectory(sweep.profile());
        RunRecord record = new RunRecord(RunRecord.SCHEMA_VERSION, directory.getFileName().toString(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), null, sweep, EnvironmentProbe.probe(providers), List.of());
        console.printf("seqbench run %s: %d cells (%s), writing to %s%n", record.runId(), plan.size(),
                estimate(plan, sweep), directory);
        return finish(new SweepRun(directory, record, plan, console, peakBackends(sweep, providers), new PeakProbe())
                .execute(), directory, console);
    }

    /**
     * The backends whose matrix product measures the machine's peak: the sweep's own that offer one, or, when none
     * of them does, every discovered backend that does (the peak belongs to the machine, not to a backend).
     */
    static List<BackendProvider> peakBackends(SweepSpec sweep, List<BackendProvider> discovered) {
        List<BackendProvider> offering = BackendSelection.select(sweep.backends(), discovered).stream()
                .filter(provider -> provider.availability().available() && provider.matrixProduct().isPresent())
                .toList();
        return offering.isEmpty() ? discovered.stream()
                .filter(provider -> provider.availability().available() && provider.matrixProduct().isPresent())
                .toList() : offering;
    }

    private int resume(List<BackendProvider> providers, PrintWriter console) throws IOException {
        List<String> conflicting = sweepFlagsGiven();
        if (!conflicting.isEmpty()) {
            throw new UserError("--resume takes the sweep from the run record; drop " + String.join(", ", conflicting));
        }
        RunRecord record = RunRecordFiles.read(resume);
        Path directory = Files.isDirectory(resume) ? resume : resume.toAbsolutePath().getParent();
        List<PlannedCell> plan = SweepPlanner.plan(record.sweep(), providers);
        if (dryRun) {
            printPlan(plan, record.sweep(), console);
            return 0;
        }
        // Written back in this seqbench's format: a version 1 record gains the peak the resumed run measures.
        return finish(new SweepRun(directory, record.completed(null).inCurrentSchema(), plan, console,
                peakBackends(record.sweep(), providers), new PeakProbe()).execute(), directory, console);
    }

    private static int finish(RunRecord record, Path directory, PrintWriter console) {
        long failed = record.count(CellResult.Status.FAILED);
        console.printf("%d ok, %d failed, %d skipped%n", record.count(CellResult.Status.OK), failed,
                record.count(CellResult.Status.SKIPPED));
        console.printf("report: %s (also summary.md, run.json, cells.csv, jmh.json there)%n",
                directory.resolve(HtmlReport.FILE_NAME));
        return failed > 0 ? SeqbenchCommand.FAILURE : 0;
    }

    /** The profile, overlaid by the config file, overlaid by the flags given. */
    SweepSpec sweep() throws IOException {
        SweepSpec base = Profiles.named(profile);
        if (config != null) {
            base = overlay(base, config);
        }
        SweepSpec.Measurement measurement = base.measurement();
        measurement = new SweepSpec.Measurement(
                forks != null ? forks : measurement.forks(),
                warmups != null ? warmups : measurement.warmupIterations(),
                iterationSeconds != null ? iterationSeconds : measurement.warmupSeconds(),
                iterations != null ? iterations : measurement.iterations(),
                iterationSeconds != null ? iterationSeconds : measurement.iterationSeconds());
        boolean custom = !sweepFlagsGiven().isEmpty() || config != null;
        return new SweepSpec(
                custom ? base.profile() + "+custom" : base.profile(),
                backends != null ? backends.values() : base.backends(),
                models != null ? models.values() : base.kinds(),
                seqLens != null ? seqLens.values() : base.seqLens(),
                batches != null ? batches.values() : base.batches(),
                hidden != null ? hidden.values() : base.hiddenSizes(),
                layers != null ? layers.values() : base.layers(),
                threads != null ? threads.values() : base.threads(),
                inputSize != null ? inputSize : base.inputSize(),
                heads != null ? heads : base.heads(),
                ffnRatio != null ? ffnRatio : base.ffnRatio(),
                outputSize != null ? outputSize : base.outputSize(),
                bidirectional != null ? bidirectional : base.bidirectional(),
                variants != null ? variants : base.variants(),
                seed != null ? seed : base.seed(),
                tolerance != null ? tolerance : base.tolerance(),
                measurement,
                shard != null ? shard : base.shard());
    }

    /** The flags that change the sweep (everything but --out, --resume, --dry-run and --profile). */
    private List<String> sweepFlagsGiven() {
        List<String> given = new ArrayList<>();
        Map<String, Object> flags = new java.util.LinkedHashMap<>();
        flags.put("--config", config);
        flags.put("--backends", backends);
        flags.put("--models", models);
        flags.put("--seq-lens", seqLens);
        flags.put("--batches", batches);
        flags.put("--hidden", hidden);
        flags.put("--layers", layers);
        flags.put("--threads", threads);
        flags.put("--input-size", inputSize);
        flags.put("--heads", heads);
        flags.put("--ffn-ratio", ffnRatio);
        flags.put("--output", outputSize);
        flags.put("--bidirectional", bidirectional);
        flags.put("--variants", variants);
        flags.put("--seed", seed);
        flags.put("--tolerance", tolerance);
        flags.put("--forks", forks);
        flags.put("--warmups", warmups);
        flags.put("--iterations", iterations);
        flags.put("--iteration-seconds", iterationSeconds);
        flags.put("--shard", shard);
        flags.forEach((flag, value) -> {
            if (value != null) {
                given.add(flag);
            }
        });
        if (spec.commandLine().getParseResult() != null
                && spec.commandLine().getParseResult().hasMatchedOption("--profile") && resume != null) {
            given.add("--profile");
        }
        return given;
    }

    /** Reads a sweep.yaml and lays its keys over {@code base}; unknown keys and bad values name the key. */
    static SweepSpec overlay(SweepSpec base, Path file) throws IOException {
        try (Reader text = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return SweepFiles.overlay(base, "--config " + file, text);
        } catch (NoSuchFileException e) {
            throw new UserError("--config " + file + " does not exist");
        }
    }

    private Path createRunDirectory(String profileName) throws IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UserError("--out " + out + " is a file; give a directory to hold run directories");
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UserError("cannot create --out directory " + out + ": " + IoErrors.describe(e));
        }
        if (!Files.isWritable(out)) {
            throw new UserError("cannot write to --out directory " + out + " (permission denied)");
        }
        String stem = RUN_ID_TIME.format(Instant.now()) + "-" + profileName.replace('+', '-');
        for (int attempt = 1; ; attempt++) {
            Path candidate = out.resolve(attempt == 1 ? stem : stem + "-" + attempt);
            try {
                return Files.createDirectory(candidate);
            } catch (FileAlreadyExistsException e) {
                // another run started in the same second: take the next name
            } catch (IOException e) {
                throw new UserError("cannot create a run directory in --out " + out + ": " + IoErrors.describe(e));
            }
        }
    }

    private static String estimate(List<PlannedCell> plan, SweepSpec sweep) {
        long measured = plan.stream().filter(cell -> cell.skipReason() == null).count();
        return "about " + Numbers.duration(measured * (sweep.measurement().secondsPerCell() + 3.0)) + " to measure "
                + measured + (plan.size() > measured ? ", " + (plan.size() - measured) + " skipped" : "");
    }

    private static void printPlan(List<PlannedCell> plan, SweepSpec sweep, PrintWriter console) {
        for (PlannedCell planned : plan) {
            console.printf("%4d  %s%s%n", planned.position(), planned.cell().label(),
                    planned.skipReason() == null ? "" : "  (skipped: " + planned.skipReason() + ")");
        }
        console.printf("%d cells, %s%n", plan.size(), estimate(plan, sweep));
    }

}
