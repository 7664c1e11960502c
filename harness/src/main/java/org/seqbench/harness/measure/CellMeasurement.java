package org.seqbench.harness.measure;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
import org.seqbench.core.Work;
import org.seqbench.results.Cell;
import org.seqbench.results.CellResult;
import org.seqbench.results.JmhImport;
import org.seqbench.results.SweepSpec;

/**
 * Measures one cell: runs {@link ForwardBenchmark} through JMH in forked JVMs with the cell's coordinates as
 * parameters, then joins JMH's result with what the forks reported (accuracy, other processes' CPU) into a
 * {@link CellResult}. JMH's raw JSON for the cell is kept under {@code jmh/} in the run directory and its log is
 * appended to {@code jmh.log}.
 */
public final class CellMeasurement {
    private static final String BENCHMARK = "^" + ForwardBenchmark.class.getName().replace(".", "\\.") + "\\.forward$";

    private final Path runDirectory;
    private final SweepSpec.Measurement settings;

    public CellMeasurement(Path runDirectory, SweepSpec.Measurement settings) {
        this.runDirectory = runDirectory;
        this.settings = settings;
    }

    /** Measures {@code cell}, the {@code position}-th of the plan; never throws for a failing backend. */
    public CellResult measure(int position, Cell cell, long seed, double tolerance) throws IOException {
        Instant start = Instant.now();
        Path jmhDirectory = Files.createDirectories(runDirectory.resolve("jmh"));
        String name = "cell-%04d".formatted(position);
        Path result = jmhDirectory.resolve(name + ".json");
        Path forkReports = jmhDirectory.resolve(name + ".forks.jsonl");
        Files.deleteIfExists(result);
        Files.deleteIfExists(forkReports);
        Work work = Work.of(cell.spec(), cell.batch(), cell.seqLen());

        try (PrintStream log = new PrintStream(Files.newOutputStream(runDirectory.resolve("jmh.log"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND), true,
                java.nio.charset.StandardCharsets.UTF_8)) {
            log.println("# seqbench cell " + position + ": " + cell.key());
            new Runner(options(cell, seed, tolerance, result, forkReports).build(),
                    OutputFormatFactory.createFormatInstance(log, VerboseMode.NORMAL)).run();
        } catch (RunnerException | RuntimeException e) {
            String reason = ForkReport.readAll(forkReports).stream().map(ForkReport::error).filter(Objects::nonNull)
                    .findFirst().orElse("JMH failed: " + RootCause.message(e) + " (see jmh.log)");
            return failed(cell, reason, work, start);
        }

        List<ForkReport> reports = ForkReport.readAll(forkReports);
        Optional<String> error = reports.stream().map(ForkReport::error).filter(Objects::nonNull).findFirst();
        if (error.isPresent()) {
            return failed(cell, error.get(), work, start);
        }
        if (reports.isEmpty() || !Files.exists(result)) {
            return failed(cell, "the benchmark fork ended without a result (see jmh.log)", work, start);
        }
        CellResult.Latency latency = JmhImport.read(result).getFirst().latency();
        double seconds = latency.mean() / 1000.0;
        CellResult.Throughput throughput = new CellResult.Throughput(cell.batch() / seconds, cell.tokens() / seconds);
        OtherProcessesCpu.Usage usage = reports.stream().map(ForkReport::otherCpu).filter(Objects::nonNull)
                .reduce(OtherProcessesCpu.Usage::plus).orElse(null);
        CellResult.Contention contention = usage == null ? null
                : new CellResult.Contention(usage.cores(), usage.share(),
                        CellResult.Contention.contended(usage.cores(), usage.processors(), cell.threads()),
                        usage.selfCores(), usage.stealCores());
        return new CellResult(cell, CellResult.Status.OK, null, latency, throughput, work, work.flops() / seconds / 1e9,
                reports.getFirst().accuracy(), contention, start.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(), elapsedSeconds(start), null);
    }

    private ChainedOptionsBuilder options(Cell cell, long seed, double tolerance, Path result, Path forkReports) {
        ChainedOptionsBuilder options = new OptionsBuilder()
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
                .param("seed", String.valueOf(seed))
                .param("tolerance", String.valueOf(tolerance))
                .forks(settings.forks())
                .warmupIterations(settings.warmupIterations())
                .warmupTime(milliseconds(settings.warmupSeconds()))
                .measurementIterations(settings.iterations())
                .measurementTime(milliseconds(settings.iterationSeconds()))
                .threads(1)
                .shouldFailOnError(true)
                .resultFormat(ResultFormatType.JSON)
                .result(result.toString())
                .jvmArgs(forkJvmArguments().toArray(String[]::new))
                .jvmArgsAppend("-D" + ForkReport.PROPERTY + "=" + forkReports);
        return options;
    }

    /**
     * The forks get this JVM's flags that matter for the engines (native access, system properties, heap and -XX
     * settings) but not its agents or debugger, which would clash in a second JVM.
     */
    static List<String> forkJvmArguments() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(argument -> argument.startsWith("--enable-native-access")
                        || argument.startsWith("--sun-misc-unsafe-memory-access") || argument.startsWith("-D")
                        || argument.startsWith("-Xmx") || argument.startsWith("-Xms") || argument.startsWith("-XX:"))
                .toList();
    }

    private static TimeValue milliseconds(double seconds) {
        return new TimeValue(Math.max(1, Math.round(seconds * 1000)), TimeUnit.MILLISECONDS);
    }

    private static CellResult failed(Cell cell, String reason, Work work, Instant start) {
        return new CellResult(cell, CellResult.Status.FAILED, reason, null, null, work, null, null, null,
                start.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(), elapsedSeconds(start), null);
    }

    private static double elapsedSeconds(Instant start) {
        return Duration.between(start, Instant.now()).toMillis() / 1000.0;
    }
}
