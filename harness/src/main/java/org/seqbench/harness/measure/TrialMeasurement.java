package org.seqbench.harness.measure;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.seqbench.core.RootCause;
import org.seqbench.results.Cell;
import org.seqbench.results.CellResult;
import org.seqbench.results.JmhImport;
import org.seqbench.results.SampleHistogram;
import org.seqbench.results.SweepSpec;

/**
 * Measures one trial of a cell: {@link ForwardBenchmark} through JMH, with the cell's coordinates as parameters,
 * inside a {@link TrialWorker} JVM, then reads what JMH and the benchmark wrote into a {@link CellResult.Trial}.
 * JMH's raw JSON for each trial is kept under {@code jmh/} in the run directory ({@code cell-0007-t2.json}) and its
 * log is appended to {@code jmh.log}.
 */
public final class TrialMeasurement {
    private static final String BENCHMARK = "^" + ForwardBenchmark.class.getName().replace(".", "\\.") + "\\.forward$";

    /**
     * What one trial gave.
     *
     * @param trial its figures; null when it failed
     * @param histogram its samples, in ms; null when it failed
     * @param accuracy the output's error against the reference; null when not checked
     * @param otherCpu other processes' CPU during its measurement; null without /proc or when it failed
     * @param error why it failed; null when it measured
     */
    public record Outcome(CellResult.Trial trial, SampleHistogram histogram, CellResult.AccuracyFigures accuracy,
            OtherProcessesCpu.Usage otherCpu, String error) {

        public boolean failed() {
            return error != null;
        }

        /** A trial that failed for {@code reason}. */
        public static Outcome failed(String reason) {
            return failed(reason, null);
        }

        /**
         * A trial that failed for {@code reason} with the output's error against the reference, when the check ran
         * (a cell that fails it keeps its figures, so that compare can call it less accurate).
         */
        public static Outcome failed(String reason, CellResult.AccuracyFigures accuracy) {
            return new Outcome(null, null, accuracy, null, reason);
        }
    }

    private final Path runDirectory;
    private final SweepSpec.Measurement settings;

    private final TrialTimeout timeout;

    public TrialMeasurement(Path runDirectory, SweepSpec.Measurement settings) {
        this.runDirectory = runDirectory;
        this.settings = settings;
        this.timeout = TrialTimeout.of(settings);
    }

    /** The file JMH's JSON result of trial {@code index} of the {@code position}-th cell goes to. */
    public static Path resultFile(Path runDirectory, int position, int index) {
        return runDirectory.resolve("jmh").resolve("cell-%04d-t%d.json".formatted(position, index));
    }

    /**
     * Measures trial {@code index} of {@code cell}, the {@code position}-th of the plan, in {@code worker}; never
     * throws for a failing backend.
     *
     * @throws TrialWorkerProcess.WorkerGone when the worker JVM ended or hung (the caller starts another)
     */
    public Outcome measure(TrialWorkerProcess worker, int position, Cell cell, int index, long seed, double tolerance,
            Map<String, String> engineSettings) throws IOException, TrialWorkerProcess.WorkerGone {
        Instant start = Instant.now();
        Path result = resultFile(runDirectory, position, index);
        Files.createDirectories(result.getParent());
        Path reports = result.resolveSibling(result.getFileName().toString().replace(".json", ".report.jsonl"));
        Files.deleteIfExists(result);
        Files.deleteIfExists(reports);
        return run(worker, new TrialRequest(cell, seed, tolerance, settings, result.toString(), reports.toString(),
                runDirectory.resolve("jmh.log").toString(), engineSettings, false), result, reports, index, start);
    }

    /** Runs {@code request} in {@code worker} and reads what it wrote into {@code result} and {@code reports}. */
    private Outcome run(TrialWorkerProcess worker, TrialRequest request, Path result, Path reports, int index,
            Instant start) throws IOException, TrialWorkerProcess.WorkerGone {
        String error;
        try {
            error = worker.run(request, timeout);
        } catch (TrialWorkerProcess.WorkerGone gone) {
            // A report the benchmark wrote before the JVM went says more than the JVM's end does.
            Optional<String> said = TrialReport.readAll(reports).stream().map(TrialReport::error)
                    .filter(Objects::nonNull).findFirst();
            if (said.isPresent()) {
                return Outcome.failed(said.get());
            }
            throw gone;
        }
        List<TrialReport> written = TrialReport.readAll(reports);
        Optional<TrialReport> reported = written.stream().filter(report -> report.error() != null).findFirst();
        if (reported.isPresent()) {
            return Outcome.failed(reported.get().error(), reported.get().accuracy());
        }
        if (error != null) {
            return Outcome.failed(error);
        }
        if (written.isEmpty() || !Files.exists(result)) {
            return Outcome.failed("the trial ended without a result (see jmh.log)");
        }
        SampleHistogram histogram = JmhImport.histogram(result);
        if (histogram.isEmpty()) {
            return Outcome.failed("the trial took no samples (see jmh.log)");
        }
        return measured(index, start, request.cell(), histogram, written.getFirst());
    }

    /**
     * How long a fresh worker JVM warms up, in trials' worth of JMH iterations: in the A/A runs the first three
     * trials a worker JVM measured were 1.1x to 1.3x slower than its later ones (the JIT still compiling the engine's
     * and the harness's code), whatever cell came first.
     */
    public static final int WORKER_WARMUP_TRIALS = 2;

    /**
     * How long a worker warms up before its first trial of a model kind it has not run yet, in trials' worth: in the
     * A/A runs a dl4j worker's first trial of a kind was slower than its cell's fastest by more than 5% twice as
     * often as its later trials (about 70% against 32%), the code of that kind's operations not yet compiled.
     */
    public static final int KIND_WARMUP_TRIALS = 1;

    /**
     * A warm-up's outcome.
     *
     * @param took its wall time
     * @param failure what it failed with, as a trial's outcome; null when it ran
     */
    public record WarmUp(Duration took, Outcome failure) {
    }

    /**
     * Warms {@code worker} up on {@code cell} before a trial of it: JMH's warm-up iterations for {@code trials}
     * trials' worth of time and one short measurement, whose result is discarded. It runs the trial's own cell, so a
     * failure it meets is the trial's.
     *
     * @throws TrialWorkerProcess.WorkerGone when the worker JVM ended or hung during it
     */
    public WarmUp warmUp(TrialWorkerProcess worker, Cell cell, int trials, long seed, double tolerance,
            Map<String, String> engineSettings) throws IOException, TrialWorkerProcess.WorkerGone {
        Instant start = Instant.now();
        Path result = runDirectory.resolve("jmh").resolve("worker-warmup.json");
        Path reports = result.resolveSibling("worker-warmup.report.jsonl");
        Files.createDirectories(result.getParent());
        Files.deleteIfExists(result);
        Files.deleteIfExists(reports);
        int iterations = trials * (settings.warmupIterations() + settings.iterations());
        SweepSpec.Measurement warmUp = new SweepSpec.Measurement(1, iterations, settings.iterationSeconds(), 1,
                settings.iterationSeconds(), settings.cellTimeoutSeconds(), null, null);
        try {
            Outcome outcome = run(worker, new TrialRequest(cell, seed, tolerance, warmUp, result.toString(),
                    reports.toString(), runDirectory.resolve("jmh.log").toString(), engineSettings, true), result,
                    reports, 0, start);
            return new WarmUp(Duration.between(start, Instant.now()), outcome.failed() ? outcome : null);
        } finally {
            Files.deleteIfExists(result);
            Files.deleteIfExists(reports);
        }
    }

    /**
     * The outcome of trial {@code index} of {@code cell}, begun at {@code start}, from its samples and the report its
     * benchmark wrote.
     */
    static Outcome measured(int index, Instant start, Cell cell, SampleHistogram histogram, TrialReport report) {
        OtherProcessesCpu.Usage usage = report.otherCpu();
        DeviceTimes device = report.device();
        JvmActivity.Usage jvm = report.jvm();
        CellResult.Trial trial = new CellResult.Trial(index, start.truncatedTo(ChronoUnit.SECONDS).toString(),
                histogram.samples(), histogram.min(), histogram.quantile(0.1), histogram.quantile(0.5),
                histogram.mean(), histogram.quantile(0.9), histogram.quantile(0.99),
                usage == null ? null : usage.cores(), usage == null ? null : usage.selfCores(),
                usage == null ? null : usage.stealCores(),
                usage == null ? null : CellResult.Contention.contended(usage.cores(), usage.processors(),
                        cell.threads()),
                null, Duration.between(start, Instant.now()).toMillis() / 1000.0, report.memory(),
                device == null ? null : device.min(), device == null ? null : device.median(),
                jvm == null ? null : jvm.jitSeconds(), jvm == null ? null : jvm.gcSeconds());
        return new Outcome(trial, histogram, report.accuracy(), usage, null);
    }

    /**
     * Runs one trial in this JVM (the worker's): JMH without a fork of its own, its output appended to the request's
     * log. Returns why it failed, or null.
     */
    static String runHere(TrialRequest request) throws IOException {
        System.setProperty(TrialReport.PROPERTY, request.report());
        try (PrintStream log = new PrintStream(Files.newOutputStream(Path.of(request.log()),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND), true, StandardCharsets.UTF_8)) {
            log.println("# seqbench " + (request.warmUp() ? "warm-up on " : "trial of ") + request.cell().key()
                    + " in JVM " + ProcessHandle.current().pid());
            // JMH writes its result in place; beside it first, so a killed trial never leaves a torn cell-*.json.
            Path result = Path.of(request.result());
            Path partial = result.resolveSibling("." + result.getFileName() + ".partial");
            try {
                JmhLock.leaveToContentionAccounting();
                new Runner(options(request, partial).build(), OutputFormatFactory.createFormatInstance(log,
                        VerboseMode.NORMAL)).run();
                if (Files.exists(partial)) {
                    Files.move(partial, result, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
                return null;
            } catch (RunnerException | RuntimeException e) {
                Optional<OutOfMemoryError> outOfMemory = outOfMemory(e);
                if (outOfMemory.isPresent()) {
                    return outOfMemory(outOfMemory.get(), Runtime.getRuntime().maxMemory());
                }
                return "JMH failed: " + RootCause.message(e) + " (see jmh.log)";
            } finally {
                Files.deleteIfExists(partial);
            }
        }
    }

    /**
     * The {@link OutOfMemoryError} behind {@code error}, if any: JMH hands on a benchmark's error as the cause, or as
     * a suppressed exception, of its own; the root cause's message ("Java heap space") alone would not say what ran
     * out.
     */
    static Optional<OutOfMemoryError> outOfMemory(Throwable error) {
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.Deque<Throwable> pending = new java.util.ArrayDeque<>(List.of(error));
        while (!pending.isEmpty()) {
            Throwable next = pending.pop();
            if (!seen.add(next)) {
                continue;
            }
            if (next instanceof OutOfMemoryError outOfMemory) {
                return Optional.of(outOfMemory);
            }
            if (next.getCause() != null) {
                pending.push(next.getCause());
            }
            for (Throwable suppressed : next.getSuppressed()) {
                pending.push(suppressed);
            }
        }
        return Optional.empty();
    }

    /** A trial's failure for {@code error} in a JVM whose heap may grow to {@code maxHeap} bytes. */
    static String outOfMemory(OutOfMemoryError error, long maxHeap) {
        String what = error.getMessage() == null || error.getMessage().isBlank() ? "no detail" : error.getMessage();
        return "out of memory (" + what + "); the trial JVM's heap limit is " + maxHeap / (1024 * 1024)
                + " MB (see jmh.log)";
    }

    private static ChainedOptionsBuilder options(TrialRequest request, Path result) {
        Cell cell = request.cell();
        SweepSpec.Measurement settings = request.settings();
        return new OptionsBuilder()
                .include(BENCHMARK)
                .param("backend", cell.backend())
                .param("variant", cell.variant())
                .param("kind", cell.kind().id())
                .param("seqLen", String.valueOf(cell.seqLen()))
                .param("batch", String.valueOf(cell.batch()))
                .param("hiddenSize", String.valueOf(cell.hiddenSize()))
                .param("layers", String.valueOf(cell.layers()))
                .param("threads", String.valueOf(cell.threads()))
                .param("inputSize", String.valueOf(cell.inputSize()))
                .param("heads", String.valueOf(cell.heads()))
                .param("ffnSize", String.valueOf(cell.ffnSize()))
                .param("outputSize", String.valueOf(cell.outputSize()))
                .param("bidirectional", String.valueOf(cell.bidirectional()))
                .param("precision", cell.precision())
                .param("seed", String.valueOf(request.seed()))
                .param("tolerance", String.valueOf(request.tolerance()))
                .param("engineSettings", ForwardBenchmark.encodeSettings(request.engineSettings()))
                // The worker is the trial's JVM: a fresh one each round of the schedule.
                .forks(0)
                .warmupIterations(settings.warmupIterations())
                .warmupTime(milliseconds(settings.warmupSeconds()))
                .measurementIterations(settings.iterations())
                .measurementTime(milliseconds(settings.iterationSeconds()))
                .threads(1)
                .shouldFailOnError(true)
                .resultFormat(ResultFormatType.JSON)
                .result(result.toString());
    }

    /**
     * The worker JVMs get this JVM's flags that matter for the engines (native access, system properties, heap and
     * -XX settings) but not its agents or debugger, which would clash in a second JVM. The study's memory probe
     * starts its JVMs with the same flags.
     */
    public static List<String> forkJvmArguments() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(argument -> argument.startsWith("--enable-native-access")
                        || argument.startsWith("--sun-misc-unsafe-memory-access") || argument.startsWith("-D")
                        || argument.startsWith("-Xmx") || argument.startsWith("-Xms") || argument.startsWith("-XX:"))
                .toList();
    }

    private static TimeValue milliseconds(double seconds) {
        return new TimeValue(Math.max(1, Math.round(seconds * 1000)), TimeUnit.MILLISECONDS);
    }
}
