package org.seqbench.harness.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
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
import java.util.concurrent.Callable;
import org.seqbench.harness.measure.PeakProbe;
import org.seqbench.harness.run.EnvironmentProbe;
import org.seqbench.harness.run.SweepRun;
import org.seqbench.harness.sweep.BackendSelection;
import org.seqbench.harness.sweep.EngineOptions;
import org.seqbench.harness.sweep.Profiles;
import org.seqbench.harness.sweep.SweepFiles;
import org.seqbench.harness.sweep.SweepPlanner;
import org.seqbench.harness.sweep.SweepPlanner.PlannedCell;
import org.seqbench.harness.sweep.UserError;
import org.seqbench.results.CellResult;
import org.seqbench.results.Environment;
import org.seqbench.results.Numbers;
import org.seqbench.results.RunRecord;
import org.seqbench.results.RunRecordFiles;
import org.seqbench.results.SweepSpec;
import org.seqbench.results.report.HtmlReport;
import org.seqbench.spi.BackendProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code seqbench run}: verify each cell's accuracy, measure it, write the reports. The sweep comes from a profile,
 * overlaid by a {@code --config} file, overlaid by explicit flags.
 */
@Command(name = "run", mixinStandardHelpOptions = true, abbreviateSynopsis = true, sortOptions = false,
        description = {"Measure a sweep: each cell is checked against the float64 reference, then measured with JMH.",
                "The machine's bounds are measured first (FMA peak, memory bandwidth, each engine's matrix product);",
                "each finished cell is written at once to OUT/<run-id>/ (run.json, cells.csv, summary.md, report.html,",
                "jmh.json);",
                "an interrupted run continues with --resume OUT/<run-id>."})
final class RunCommand implements Callable<Integer> {
    private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    @Option(names = "--profile", paramLabel = "NAME", defaultValue = Profiles.DEFAULT,
            completionCandidates = ProfileNames.class,
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A sweep.yaml whose keys override the profile (flags override both).")
    Path config;

    @Mixin
    SweepFlags sweepFlags;

    @Mixin
    MeasurementFlags measurementFlags;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs",
            description = "Where run directories go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN_DIR",
            description = "Continue an interrupted run: measure the cells its run.json does not hold yet.")
    Path resume;

    @Option(names = "--repeat", paramLabel = "RUN_DIR",
            description = "Measure exactly the sweep of an earlier run again, into a new run directory under --out "
                    + "(for the A/A check: seqbench reproducibility).")
    Path repeat;

    @Option(names = "--force", description = "Write the new run even when --out lies inside an existing run "
            + "directory (one that holds a run.json); without it such an --out is refused.")
    boolean force;

    @Option(names = "--strict", description = "Fail the run (exit 1) when any cell stays noisy: every one of its "
            + "trials measured while other processes used the cores it needed, after the contention guard's retries.")
    boolean strict;

    @Option(names = "--dry-run", description = "Print the planned cells and the time estimate; measure nothing.")
    boolean dryRun;

    @ParentCommand
    SeqbenchCommand seqbench;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        List<BackendProvider> providers = seqbench.backends();
        SweepSpec repeated = repeat != null ? repeated() : null;
        if (resume != null) {
            if (force) {
                throw new UserError("--force writes a new run inside an existing run directory; --resume continues "
                        + "one in place: give one of them");
            }
            return resume(providers, console);
        }
        refuseOutInsideRun();
        SweepSpec sweep = repeated != null ? repeated : sweep();
        List<PlannedCell> plan = SweepPlanner.plan(sweep, providers);
        EngineOptions.check(sweep, providers);
        if (dryRun) {
            printPlan(plan, sweep, console);
            return 0;
        }
        // The environment is probed before the run directory exists, and the record is written the moment it does:
        // a run killed at any point leaves either no directory or one that --resume continues.
        Environment environment = EnvironmentProbe.probe(providers, sweep);
        Path directory = createRunDirectory(sweep.profile());
        RunRecord record = new RunRecord(RunRecord.SCHEMA_VERSION, directory.getFileName().toString(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), null, sweep, environment, List.of(),
                List.of());
        RunRecordFiles.write(directory, record);
        console.printf("seqbench run %s: %d cells (%s), writing to %s%n", record.runId(), plan.size(),
                estimate(plan, sweep), directory);
        printEngineSettings(sweep, console);
        int status = finish(new SweepRun(directory, record, plan, console, peakBackends(sweep, providers),
                new PeakProbe()).execute(), directory, console, strict);
        if (repeat != null) {
            console.printf("compare the two runs with: seqbench reproducibility %s %s%n", runDirectory(repeat),
                    directory);
        }
        return status;
    }

    /**
     * The sweep of the run {@code --repeat} names, exactly as it was (seed, backends, variants, measurement settings,
     * shard): a second run of one sweep is what an A/A check compares, so nothing else may shape it.
     */
    private SweepSpec repeated() throws IOException {
        List<String> conflicting = new ArrayList<>();
        if (resume != null) {
            conflicting.add("--resume");
        }
        if (Flags.given(spec, "--profile")) {
            conflicting.add("--profile");
        }
        conflicting.addAll(sweepFlagsGiven());
        if (!conflicting.isEmpty()) {
            throw new UserError("--repeat measures the earlier run's sweep exactly, into a new run directory; drop "
                    + String.join(", ", conflicting) + (resume != null ? " (--resume continues a run in place)" : ""));
        }
        try {
            return Records.read(repeat).sweep();
        } catch (UserError e) {
            throw new UserError("--repeat: " + e.getMessage());
        }
    }

    private static Path runDirectory(Path run) {
        return Files.isDirectory(run) ? run : run.toAbsolutePath().getParent();
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
        List<String> conflicting = new ArrayList<>(sweepFlagsGiven());
        if (Flags.given(spec, "--profile")) {
            conflicting.add("--profile");
        }
        if (!conflicting.isEmpty()) {
            throw new UserError("--resume takes the sweep from the run record; drop " + String.join(", ", conflicting));
        }
        RunRecord record = Records.read(resume);
        Path directory = Files.isDirectory(resume) ? resume : resume.toAbsolutePath().getParent();
        List<PlannedCell> plan = SweepPlanner.plan(record.sweep(), providers);
        EngineOptions.check(record.sweep(), providers);
        if (dryRun) {
            printPlan(plan, record.sweep(), console);
            return 0;
        }
        // Written back in this seqbench's format: a version 1 record gains the peak the resumed run measures.
        return finish(new SweepRun(directory, record.completed(null).inCurrentSchema(), plan, console,
                peakBackends(record.sweep(), providers), new PeakProbe()).execute(), directory, console, strict);
    }

    private static int finish(RunRecord record, Path directory, PrintWriter console, boolean strict) {
        long failed = record.count(CellResult.Status.FAILED);
        long ok = record.count(CellResult.Status.OK);
        List<CellResult> noisy = record.noisyCells();
        console.printf("%d ok, %d failed, %d skipped; %d of the ok cells noisy (%s)%n", ok, failed,
                record.count(CellResult.Status.SKIPPED), noisy.size(),
                Numbers.percent(ok == 0 ? 0 : (double) noisy.size() / ok));
        console.printf("report: %s (also summary.md, run.json, cells.csv, jmh.json there)%n",
                directory.resolve(HtmlReport.FILE_NAME));
        if (strict && !noisy.isEmpty()) {
            console.printf("--strict: %d cell%s stayed noisy: %s%n", noisy.size(), noisy.size() == 1 ? "" : "s",
                    String.join("; ", noisy.stream().map(result -> String.format(java.util.Locale.ROOT,
                            "%s (others %.2f cores)", result.cell().label(), result.contention().otherCpuCores()))
                            .toList()));
            return SeqbenchCommand.FAILURE;
        }
        return failed > 0 ? SeqbenchCommand.FAILURE : 0;
    }

    /** The profile, overlaid by the config file, overlaid by the flags given. */
    SweepSpec sweep() throws IOException {
        SweepSpec base = Profiles.named(profile);
        if (config != null) {
            base = overlay(base, config);
        }
        SweepFlags flags = sweepFlags;
        ModelFlags model = flags.model;
        boolean custom = !sweepFlagsGiven().isEmpty();
        return new SweepSpec(
                custom ? base.profile() + "+custom" : base.profile(),
                flags.backends != null ? SweepFlags.distinct(flags.backends) : base.backends(),
                flags.kinds != null ? SweepFlags.distinct(flags.kinds) : base.kinds(),
                flags.seqLens != null ? SweepFlags.distinct(flags.seqLens) : base.seqLens(),
                flags.batches != null ? SweepFlags.distinct(flags.batches) : base.batches(),
                flags.hiddenSizes != null ? SweepFlags.distinct(flags.hiddenSizes) : base.hiddenSizes(),
                flags.layers != null ? SweepFlags.distinct(flags.layers) : base.layers(),
                flags.threads != null ? SweepFlags.distinct(flags.threads) : base.threads(),
                flags.arithmetic != null ? SweepFlags.distinct(flags.arithmetic) : base.arithmetic(),
                model.inputSize != null ? model.inputSize : base.inputSize(),
                model.heads != null ? model.heads : base.heads(),
                model.ffnRatio != null ? model.ffnRatio : base.ffnRatio(),
                model.outputSize != null ? model.outputSize : base.outputSize(),
                model.bidirectional != null ? model.bidirectional : base.bidirectional(),
                measurementFlags.variants != null ? measurementFlags.variants : base.variants(),
                flags.seed != null ? flags.seed : base.seed(),
                flags.tolerance != null ? flags.tolerance : base.tolerance(),
                measurementFlags.over(base.measurement()),
                measurementFlags.shard != null ? measurementFlags.shard : base.shard(),
                measurementFlags.over(base.engineOptions()));
    }

    /** The flags that change the sweep, as typed: the config file and every flag of the sweep's mixins. */
    private List<String> sweepFlagsGiven() {
        List<String> given = new ArrayList<>();
        if (config != null) {
            given.add("--config");
        }
        given.addAll(sweepFlags.given());
        given.addAll(measurementFlags.given());
        return given;
    }

    /** Reads a sweep.yaml and lays its keys over {@code base}; unknown keys and bad values name the key. */
    static SweepSpec overlay(SweepSpec base, Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new UserError("--config " + file + " is a directory; give a sweep file such as sweep.yaml");
        }
        try (Reader text = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return SweepFiles.overlay(base, "--config " + file, text);
        } catch (NoSuchFileException e) {
            throw new UserError("--config " + file + " does not exist");
        } catch (AccessDeniedException e) {
            throw new UserError("--config " + file + " cannot be read (permission denied)");
        }
    }

    /**
     * A new run written inside another (a typo for {@code --resume}, or {@code --out} pointed at a run) would be
     * taken for part of it by the tools that walk run directories, so it needs {@code --force}. Checked before the
     * plan, so that a dry run says so too, and before anything is written.
     */
    private void refuseOutInsideRun() {
        if (force) {
            return;
        }
        for (Path at = out.toAbsolutePath().normalize(); at != null; at = at.getParent()) {
            if (Files.isRegularFile(at.resolve(RunRecordFiles.FILE_NAME))) {
                throw new UserError("--out " + out + " is inside the run directory " + at + "; give --resume " + at
                        + " to continue it, or --force to write a new run inside it");
            }
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

    /**
     * Seconds a trial costs beyond JMH's iterations (the model's load and reference check, the canary's visit after
     * it) and a round beyond its trials (a worker JVM started for each backend), before any was measured.
     */
    private static final double TRIAL_OVERHEAD_SECONDS = 0.3;
    private static final double WORKER_START_SECONDS = 3.0;

    private static String estimate(List<PlannedCell> plan, SweepSpec sweep) {
        long measured = plan.stream().filter(cell -> cell.skipReason() == null).count();
        long workers = plan.stream().filter(cell -> cell.skipReason() == null)
                .map(cell -> cell.cell().backend() + " " + cell.cell().threads()).distinct().count();
        SweepSpec.Measurement settings = sweep.measurement();
        double seconds = settings.trials() * (measured * (settings.secondsPerTrial() + TRIAL_OVERHEAD_SECONDS)
                + workers * WORKER_START_SECONDS);
        return "about " + Numbers.duration(seconds) + " to measure "
                + measured + (plan.size() > measured ? ", " + (plan.size() - measured) + " skipped" : "");
    }

    /** The profiles' names, for {@code --profile}'s help. */
    static final class ProfileNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Profiles.names().iterator();
        }
    }

    private static void printPlan(List<PlannedCell> plan, SweepSpec sweep, PrintWriter console) {
        for (PlannedCell planned : plan) {
            console.printf("%4d  %s%s%n", planned.position(), planned.cell().label(),
                    planned.skipReason() == null ? "" : "  (skipped: " + planned.skipReason() + ")");
        }
        console.printf("%d cells, %s%n", plan.size(), estimate(plan, sweep));
        printEngineSettings(sweep, console);
    }

    /** The engine settings the sweep asks for, when it asks for any: a run with them is not a default run. */
    private static void printEngineSettings(SweepSpec sweep, PrintWriter console) {
        if (!sweep.engineOptions().isEmpty()) {
            console.printf("engine settings: %s (the others at their defaults)%n",
                    EngineOptions.describe(sweep.engineOptions()));
        }
    }

}
