package org.seqbench.harness.measure;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.seqbench.core.RootCause;

/**
 * Runs a probe in one JMH fork and takes its iterations from {@link Runner#run()}'s {@link RunResult}
 * (JMHSample_25), with JMH's log appended to a file rather than the console.
 *
 * <p>The fork gets {@code --add-modules jdk.incubator.vector}: the FMA kernel is written with the Vector API, which
 * is still an incubator module. Only the fork needs it, so the JVM's "using incubator modules" warning lands in the
 * log, never on the user's console.
 */
public final class JmhProbeRunner implements ProbeRunner {
    /** The flag the fork needs to load the Vector API. */
    public static final String VECTOR_MODULE = "--add-modules=jdk.incubator.vector";

    private final Path log;
    private final int warmups;
    private final int iterations;
    private final Duration iterationTime;

    /**
     * @param log where JMH's output is appended; null to drop it
     * @param warmups warm-up iterations (the JIT compiles the kernel during these)
     * @param iterations measurement iterations, the best of which is the probe's figure
     * @param iterationTime length of each warm-up and measurement iteration
     */
    public JmhProbeRunner(Path log, int warmups, int iterations, Duration iterationTime) {
        this.log = log;
        this.warmups = warmups;
        this.iterations = iterations;
        this.iterationTime = iterationTime;
    }

    /** The runner the sweeps use: 3 warm-up and 5 measured iterations of 200 ms, a couple of seconds a probe. */
    public static JmhProbeRunner standard(Path log) {
        return new JmhProbeRunner(log, 3, 5, Duration.ofMillis(200));
    }

    @Override
    public Outcome run(Class<?> benchmark, Map<String, String> params, int threads) {
        Path facts = null;
        try (PrintStream out = logStream()) {
            facts = Files.createTempFile("seqbench-probe-", ".properties");
            out.println("# seqbench probe: " + benchmark.getSimpleName() + " " + params + " on " + threads
                    + (threads == 1 ? " thread" : " threads"));
            ChainedOptionsBuilder options = new OptionsBuilder()
                    .include("^" + benchmark.getName().replace(".", "\\.") + "\\.")
                    .forks(1)
                    .threads(threads)
                    .warmupIterations(warmups)
                    .warmupTime(time())
                    .measurementIterations(iterations)
                    .measurementTime(time())
                    .shouldFailOnError(true)
                    .jvmArgs(forkArguments().toArray(String[]::new))
                    .jvmArgsAppend("-D" + ProbeFacts.PROPERTY + "=" + facts, ParentWatch.flag());
            params.forEach(options::param);
            JmhLock.leaveToContentionAccounting();
            Collection<RunResult> results = new Runner(options.build(),
                    OutputFormatFactory.createFormatInstance(out, VerboseMode.NORMAL)).run();
            List<Double> scores = new ArrayList<>();
            for (RunResult result : results) {
                for (BenchmarkResult fork : result.getBenchmarkResults()) {
                    for (IterationResult iteration : fork.getIterationResults()) {
                        scores.add(iteration.getPrimaryResult().getScore());
                    }
                }
            }
            if (scores.isEmpty()) {
                throw new ProbeException(benchmark.getSimpleName() + " measured nothing"
                        + (log == null ? "" : " (see " + log + ")"), null);
            }
            return new Outcome(scores, ProbeFacts.read(facts));
        } catch (RunnerException | RuntimeException e) {
            if (e instanceof ProbeException probe) {
                throw probe;
            }
            throw new ProbeException(benchmark.getSimpleName() + " failed in its JMH fork: " + RootCause.message(e)
                    + (log == null ? "" : " (see " + log + ")"), e);
        } catch (IOException e) {
            throw new ProbeException(benchmark.getSimpleName() + " could not exchange its facts: " + e.getMessage(), e);
        } finally {
            deleteQuietly(facts);
        }
    }

    /** The cells' fork flags (native access, properties, heap), and the Vector API. */
    static List<String> forkArguments() {
        List<String> arguments = new ArrayList<>(ParentWatch.withoutFlag(TrialMeasurement.forkJvmArguments()));
        arguments.add(VECTOR_MODULE);
        return arguments;
    }

    private TimeValue time() {
        return new TimeValue(Math.max(1, iterationTime.toMillis()), TimeUnit.MILLISECONDS);
    }

    private PrintStream logStream() throws IOException {
        OutputStream target = log == null ? OutputStream.nullOutputStream()
                : Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return new PrintStream(target, true, StandardCharsets.UTF_8);
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stray temporary file is harmless
        }
    }
}
