package org.seqbench.harness.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.seqbench.core.ModelKind;
import org.seqbench.harness.run.EnvironmentProbe;
import org.seqbench.harness.study.ForwardPeakProbe;
import org.seqbench.harness.sweep.UserError;
import org.seqbench.results.Numbers;
import org.seqbench.results.RunRecord;
import org.seqbench.results.RunRecordFiles;
import org.seqbench.results.analysis.Analysis;
import org.seqbench.results.report.ReportFiles;
import org.seqbench.results.report.StudyEvidence;
import org.seqbench.spi.BackendException;
import org.seqbench.spi.BackendProvider;
import org.seqbench.spi.TrainingSupport;
import org.seqbench.study.StudyConfig;
import org.seqbench.study.StudyFiles;
import org.seqbench.study.StudyRecord;
import org.seqbench.study.StudyRunner;
import org.seqbench.study.StudySummary;
import org.seqbench.study.claims.Claim;
import org.seqbench.study.claims.Claims;
import org.seqbench.study.claims.ParallelismEvidence;
import org.seqbench.study.memory.ForwardMemory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code seqbench study}: the accuracy studies. Trains every kind on the long-range tasks through a backend's
 * training capability, measures the gradient's flow back through time and the memory of one forward pass per
 * backend, counts parameters, and checks the usual claims against all of it. Each finished piece is written to
 * study.json at once; {@code --resume} continues an interrupted study.
 */
@Command(name = "study", mixinStandardHelpOptions = true, abbreviateSynopsis = true, sortOptions = false,
        description = {"Check the classic claims about RNN, LSTM, GRU and the Transformer by measurement:",
                "long-range memory (recall, the adding problem) against T, the gradient's flow back through time,",
                "the memory of one forward pass against T per backend, and parameter counts, ending in a claims",
                "table with verdicts. Writes OUT/study-<time>/ (study.json, report.html, summary.md), or with --run",
                "RUN_DIR joins that run's report; an interrupted study continues with --resume STUDY_DIR."})
final class StudyCommand implements Callable<Integer> {
    private static final DateTimeFormatter STUDY_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);
    /** How long one memory point may take, engine start included, before its JVM is stopped. */
    private static final Duration MEMORY_POINT_TIMEOUT = Duration.ofMinutes(3);
    /** Where a study joined to a run goes inside the run's directory. */
    static final String STUDY_IN_RUN = "study";

    @ArgGroup(exclusive = true)
    ProfileChoice profileChoice;

    static final class ProfileChoice {
        @Option(names = "--quick", description = "The quick profile: recall at T = 64, one seed, about a minute.")
        boolean quick;

        @Option(names = "--profile", paramLabel = "NAME",
                description = "quick, default or full (default: default; full adds T = 1024 and takes hours).")
        String profile;
    }

    @Option(names = "--task", split = ",", paramLabel = "TASK",
            description = "recall, adding (default: the profile's).")
    List<String> tasks;

    @Option(names = "--kind", split = ",", paramLabel = "KIND",
            description = "rnn, lstm, gru, transformer (default: all).")
    List<String> kinds;

    @Option(names = "--seq", split = ",", paramLabel = "T", description = "Sequence lengths trained.")
    List<Integer> lengths;

    @Option(names = "--rates", split = ",", paramLabel = "RATE", description = "Adam's learning-rate grid.")
    List<Double> rates;

    @Option(names = "--seeds", paramLabel = "N", description = "Seeds per cell; the grid is tried on seed 1.")
    Integer seeds;

    @Option(names = "--hidden", paramLabel = "H", description = "Hidden size of every kind (d_model).")
    Integer hidden;

    @Option(names = "--budget", paramLabel = "N", description = "Training sequences per training.")
    Integer budget;

    @Option(names = "--batch", paramLabel = "B", description = "Sequences per optimizer step.")
    Integer batch;

    @Option(names = "--test-size", paramLabel = "N", description = "Held-out sequences scored.")
    Integer testSize;

    @Option(names = "--gate-init", paramLabel = "INIT",
            description = "memory (gate biases keep the state about T steps; default) or pytorch.")
    String gateInit;

    @Option(names = "--gradient-seq", paramLabel = "T", description = "The length whose gradient flow is measured.")
    Integer gradientLength;

    @Option(names = "--memory-seq", split = ",", paramLabel = "T",
            description = "Lengths of the memory study's forward passes; 'none' for no memory study.")
    List<String> memoryLengths;

    @Option(names = "--memory-batch", paramLabel = "B", description = "Batch of the memory study's forward passes.")
    Integer memoryBatch;

    @Option(names = "--memory-backend", split = ",", paramLabel = "ID",
            description = "Backends whose forward-pass memory is measured (default: every available one).")
    List<String> memoryBackends;

    @Option(names = "--trainer", paramLabel = "ID",
            description = "The backend that trains (default: the available one that trains the most kinds).")
    String trainer;

    @Option(names = "--cross-check", paramLabel = "ID",
            description = "A second trainable backend to repeat one training per kind on ('none' for none; default:"
                    + " another available trainable backend).")
    String crossCheck;

    @Option(names = "--run", paramLabel = "RUN_DIR",
            description = "A benchmark run to join: the study goes to RUN_DIR/study and joins its report.html and"
                    + " summary.md, and its thread and batch measurements answer the parallelism claim.")
    Path run;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs",
            description = "Where a study directory goes without --run (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--resume", paramLabel = "STUDY_DIR",
            description = "Continue an interrupted study with the configuration it started with.")
    Path resume;

    @ParentCommand
    SeqbenchCommand seqbench;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        List<BackendProvider> providers = seqbench.backends();
        Path directory;
        StudyRecord record;
        Optional<RunRecord> joined;
        if (resume != null) {
            List<String> given = configurationFlagsGiven();
            if (!given.isEmpty()) {
                throw new UserError("--resume continues the study as it was configured; drop "
                        + String.join(", ", given));
            }
            directory = resume.toAbsolutePath().normalize();
            try {
                record = StudyFiles.read(directory).orElseThrow(() -> new UserError("--resume " + resume
                        + " holds no study.json; accepted: a directory seqbench study wrote"));
                joined = runAbove(directory);
            } catch (IllegalArgumentException e) {
                throw new UserError("--resume " + resume + ": " + e.getMessage());
            }
            // A resumed study trains, cross-checks and measures memory on the backends it started with.
            trainer = record.trainerId();
            crossCheck = record.crossTrainer() == null ? "none" : record.crossTrainer();
            memoryBackends = record.memoryBackends();
        } else {
            StudyConfig config = configuration();
            joined = run == null ? Optional.empty() : Optional.of(readRun(run));
            String studyId = "study-" + STUDY_ID_TIME.format(Instant.now());
            directory = (run != null ? run.resolve(STUDY_IN_RUN) : out.resolve(studyId)).toAbsolutePath()
                    .normalize();
            if (Files.exists(directory.resolve(StudyFiles.FILE_NAME))) {
                throw new UserError(directory + " already holds a study; continue it with --resume " + directory
                        + (run != null ? ", or move it away to study the run again" : ", or give another --out"));
            }
            StudyRunner.Trainer chosen = trainer(providers, config);
            Optional<StudyRunner.Trainer> other = crossTrainer(providers, chosen, config);
            record = StudyRecord.start(studyId,
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), EnvironmentProbe.machine(),
                    describe(chosen, providers), chosen.id(), other.map(StudyRunner.Trainer::id).orElse(null),
                    memoryBackends(providers, config), config);
        }
        StudyConfig config = record.config();
        StudyRunner.Trainer chosen = trainer(providers, config);
        Optional<StudyRunner.Trainer> other = crossTrainer(providers, chosen, config);
        List<String> memory = record.memoryBackends();
        Files.createDirectories(directory);
        StudyFiles.write(directory, record);
        console.printf("seqbench study %s (%s profile): trainer %s, %s; memory on %s; writing to %s%n",
                record.studyId(), config.profile(), record.trainer(),
                other.map(o -> "cross-checked on " + o.id()).orElse("no cross-check"),
                memory.isEmpty() ? "no backend" : String.join(", ", memory), directory);
        ForwardPeakProbe probe = new ForwardPeakProbe(directory.resolve("memory.log"), MEMORY_POINT_TIMEOUT);
        StudyRunner.MemoryProbe memoryProbe = (backend, kind, length, batchSize, hiddenSize) -> {
            try {
                return probe.measure(new ForwardPeakProbe.Plan(List.of(backend), List.of(kind), List.of(length),
                        batchSize, hiddenSize, 1), point -> { }).getFirst();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendException("interrupted while measuring the memory of " + backend + " " + kind.id()
                        + " at T=" + length, e);
            }
        };
        Path studyDirectory = directory;
        StudyRunner runner = new StudyRunner(config, chosen, other, memory, memoryProbe,
                finished -> StudyFiles.write(studyDirectory, finished),
                (done, total, what, took, elapsed, left) -> console.printf(Locale.ROOT, "[%d/%d] %s (%s) · %s"
                        + " elapsed, %s%n", done, total, what, words(took), words(elapsed),
                        left.map(time -> "about " + words(time) + " left").orElse("estimating the time"
                                + " left")));
        StudyRecord finished;
        try {
            finished = runner.run(record);
        } catch (BackendException e) {
            throw new BackendException(e.getMessage() + "; what finished is in " + directory.resolve(StudyFiles
                    .FILE_NAME) + ", continue with seqbench study --resume " + directory, e);
        }
        writeReports(directory, finished, joined, console);
        return 0;
    }

    private void writeReports(Path directory, StudyRecord finished, Optional<RunRecord> joined, PrintWriter console)
            throws IOException {
        List<RunRecord> runs = joined.map(List::of).orElse(List.of());
        ReportFiles.writeStudyReports(directory, finished, runs);
        if (joined.isPresent()) {
            ReportFiles.writeReports(directory.getParent(), runs, Optional.of(finished));
        }
        List<Claim> claims = Claims.of(new StudySummary(finished), joined.map(StudyCommand::evidence));
        console.println("claims:");
        for (Claim claim : claims) {
            console.printf("  %-20s %s%n", claim.verdict().words(), claim.statement());
        }
        console.printf("report: %s%n", directory.resolve("report.html"));
        joined.ifPresent(ignored -> console.printf("joined: %s%n", directory.getParent().resolve("report.html")));
    }

    /** The profile's configuration, overridden by the flags given. */
    private StudyConfig configuration() {
        String profile = profileChoice == null ? StudyConfig.DEFAULT
                : profileChoice.quick ? StudyConfig.QUICK : profileChoice.profile;
        try {
            StudyConfig base = StudyConfig.profile(profile);
            return new StudyConfig(base.profile(), or(tasks, base.tasks()), or(kinds, base.kinds()),
                    or(lengths, base.lengths()), or(rates, base.learningRates()), or(seeds, base.seeds()),
                    or(hidden, base.hiddenSize()), or(budget, base.budget()), or(batch, base.batchSize()),
                    or(testSize, base.testSize()), or(gateInit, base.gateInit()),
                    or(gradientLength, gradientDefault(base)), base.gradientBatch(),
                    memoryLengths == null ? base.memoryLengths() : memoryLengths(), or(memoryBatch, base.memoryBatch()),
                    base.threads());
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** The profile's gradient length where it is trained, else the longest trained length of at least 2. */
    private int gradientDefault(StudyConfig base) {
        List<Integer> trained = or(lengths, base.lengths());
        if (trained.contains(base.gradientLength())) {
            return base.gradientLength();
        }
        return trained.stream().mapToInt(Integer::intValue).max().orElse(base.gradientLength());
    }

    private List<Integer> memoryLengths() {
        if (memoryLengths.size() == 1 && memoryLengths.getFirst().equalsIgnoreCase("none")) {
            return List.of();
        }
        List<Integer> parsed = new ArrayList<>();
        for (String text : memoryLengths) {
            try {
                parsed.add(Integer.parseInt(text.trim()));
            } catch (NumberFormatException e) {
                throw new UserError("--memory-seq '" + text + "' is not a length; accepted: positive integers, or"
                        + " 'none'");
            }
        }
        return parsed;
    }

    /** How an error names a backend choice: the option, or study.json's choice when a study is resumed. */
    private String given(String option) {
        return resume == null ? option : "the resumed study's " + option.substring(2) + " (in study.json)";
    }

    private static String words(Duration time) {
        return Numbers.duration(time.toMillis() / 1000.0);
    }

    private static <T> T or(T given, T otherwise) {
        return given != null ? given : otherwise;
    }

    private List<String> configurationFlagsGiven() {
        List<String> given = new ArrayList<>();
        for (String option : List.of("--quick", "--profile", "--task", "--kind", "--seq", "--rates", "--seeds",
                "--hidden", "--budget", "--batch", "--test-size", "--gate-init", "--gradient-seq", "--memory-seq",
                "--memory-batch", "--memory-backend", "--trainer", "--cross-check", "--run", "--out")) {
            if (Flags.given(spec, option)) {
                given.add(option);
            }
        }
        return given;
    }

    /** The backend that trains: {@code --trainer}, else the first available one that can train every kind. */
    private StudyRunner.Trainer trainer(List<BackendProvider> providers, StudyConfig config) {
        List<BackendProvider> trainable = providers.stream().filter(provider -> provider.training().isPresent())
                .toList();
        String trainableIds = trainable.isEmpty() ? "none" : String.join(", ",
                trainable.stream().map(BackendProvider::id).toList());
        BackendProvider provider;
        if (trainer != null) {
            provider = providers.stream().filter(candidate -> candidate.id().equals(trainer)).findFirst()
                    .orElseThrow(() -> new UserError(given("--trainer") + " '" + trainer + "' is not a backend"
                            + " here; accepted (backends that train): " + trainableIds));
            if (provider.training().isEmpty()) {
                throw new UserError(given("--trainer") + " " + trainer + " cannot train models; it runs inference"
                        + " only; backends that train here: " + trainableIds);
            }
        } else {
            // The backend that trains the most kinds first (libtorch's autograd trains all four), so that every
            // kind of a study is trained by one engine even when the study names only some of them.
            provider = trainable.stream().filter(candidate -> candidate.availability().available()
                    && candidate.training().orElseThrow().supportedKinds().containsAll(config.parsedKinds()))
                    .sorted(java.util.Comparator.comparingInt((BackendProvider candidate) -> -candidate.training()
                            .orElseThrow().supportedKinds().size()))
                    .findFirst().orElseThrow(() -> new BackendException("no available backend here trains "
                            + String.join(", ", config.kinds()) + "; backends that train: " + trainableIds));
        }
        if (!provider.availability().available()) {
            throw new BackendException(provider.id() + " is unavailable: " + provider.availability().reason());
        }
        TrainingSupport support = provider.training().orElseThrow();
        List<String> missing = config.parsedKinds().stream().filter(kind -> !support.supportedKinds().contains(kind))
                .map(ModelKind::id).toList();
        if (!missing.isEmpty()) {
            throw new UserError(given("--trainer") + " " + provider.id() + " cannot train "
                    + String.join(", ", missing) + "; it trains " + String.join(", ", support.supportedKinds()
                            .stream().sorted().map(ModelKind::id).toList())
                    + ": choose --kind among those, or another --trainer");
        }
        return new StudyRunner.Trainer(provider.id(), support);
    }

    private Optional<StudyRunner.Trainer> crossTrainer(List<BackendProvider> providers, StudyRunner.Trainer chosen,
            StudyConfig config) {
        if ("none".equalsIgnoreCase(crossCheck)) {
            return Optional.empty();
        }
        if (crossCheck != null) {
            BackendProvider provider = providers.stream().filter(candidate -> candidate.id().equals(crossCheck))
                    .findFirst().orElseThrow(() -> new UserError(given("--cross-check") + " '" + crossCheck
                            + "' is not a backend here; accepted: " + String.join(", ", providers.stream()
                            .filter(p -> p.training().isPresent()).map(BackendProvider::id).toList()) + ", none"));
            if (provider.training().isEmpty()) {
                throw new UserError(given("--cross-check") + " " + crossCheck + " cannot train models; it runs"
                        + " inference only");
            }
            if (!provider.availability().available()) {
                throw new BackendException(provider.id() + " is unavailable: " + provider.availability().reason());
            }
            if (provider.id().equals(chosen.id())) {
                throw new UserError(given("--cross-check") + " " + crossCheck + " is the trainer itself; name"
                        + " another backend, or none");
            }
            return Optional.of(new StudyRunner.Trainer(provider.id(), provider.training().orElseThrow()));
        }
        return providers.stream().filter(provider -> !provider.id().equals(chosen.id())
                && provider.training().isPresent() && provider.availability().available()).findFirst()
                .map(provider -> new StudyRunner.Trainer(provider.id(), provider.training().orElseThrow()));
    }

    private List<String> memoryBackends(List<BackendProvider> providers, StudyConfig config) {
        if (config.memoryLengths().isEmpty()) {
            return List.of();
        }
        List<String> ids = providers.stream().map(BackendProvider::id).toList();
        if (memoryBackends == null) {
            return providers.stream().filter(provider -> provider.availability().available())
                    .map(BackendProvider::id).toList();
        }
        for (String id : memoryBackends) {
            if (!ids.contains(id)) {
                throw new UserError(given("--memory-backend") + " '" + id + "' is not a backend here; accepted: "
                        + String.join(", ", ids));
            }
        }
        return List.copyOf(memoryBackends);
    }

    private static String describe(StudyRunner.Trainer trainer, List<BackendProvider> providers) {
        return providers.stream().filter(provider -> provider.id().equals(trainer.id())).findFirst()
                .map(provider -> provider.id() + " (" + provider.engineVersion() + ")").orElse(trainer.id());
    }

    private static RunRecord readRun(Path directory) throws IOException {
        if (!Files.isRegularFile(directory.resolve(RunRecordFiles.FILE_NAME))) {
            throw new UserError("--run " + directory + " holds no run.json; accepted: a run directory seqbench run"
                    + " wrote");
        }
        try {
            return RunRecordFiles.read(directory);
        } catch (IllegalArgumentException e) {
            throw new UserError("--run " + directory + ": " + e.getMessage());
        }
    }

    /** The run a study directory sits in ({@code RUN_DIR/study}), when it does. */
    private static Optional<RunRecord> runAbove(Path studyDirectory) throws IOException {
        Path parent = studyDirectory.toAbsolutePath().getParent();
        if (parent == null || !studyDirectory.getFileName().toString().equals(STUDY_IN_RUN)
                || !Files.isRegularFile(parent.resolve(RunRecordFiles.FILE_NAME))) {
            return Optional.empty();
        }
        return Optional.of(RunRecordFiles.read(parent));
    }

    /** The parallelism evidence of a run, from the report's analysis. */
    private static ParallelismEvidence evidence(RunRecord run) {
        return StudyEvidence.of(Analysis.of(run));
    }
}
