package org.seqbench.harness.study;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.seqbench.core.ModelKind;
import org.seqbench.harness.measure.ParentWatch;
import org.seqbench.harness.measure.TrialMeasurement;
import org.seqbench.spi.BackendProvider;
import org.seqbench.spi.Backends;
import org.seqbench.study.memory.ForwardMemory;

/**
 * The memory study's measurements: one {@link ForwardPeakWorker} JVM per point of backends x kinds x lengths, so
 * that no point inherits an earlier one's arena, heap or native pages. The workers get the flags the JMH forks get
 * and this JVM's class path (through {@code CLASSPATH}); their standard error is appended to the caller's log. A point that fails (the backend
 * unavailable, an engine error, a crash, the timeout) is a failed {@link ForwardMemory}, never an exception.
 */
public final class ForwardPeakProbe {

    /**
     * What to measure.
     *
     * @param backends backend ids, e.g. {@code onnx}
     * @param lengths the sequence lengths T, each a point of its own
     */
    public record Plan(List<String> backends, List<ModelKind> kinds, List<Integer> lengths, int batch,
            int hiddenSize, long seed) {
        public Plan {
            backends = List.copyOf(backends);
            kinds = List.copyOf(kinds);
            lengths = List.copyOf(lengths);
            if (backends.isEmpty() || kinds.isEmpty() || lengths.isEmpty()) {
                throw new IllegalArgumentException("a memory plan needs at least one backend, kind and length, got "
                        + backends + ", " + kinds + ", " + lengths);
            }
            for (int length : lengths) {
                requirePositive("every length", length);
            }
            requirePositive("batch", batch);
            requirePositive("hiddenSize", hiddenSize);
        }

        private static void requirePositive(String what, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(what + " must be a positive integer, got " + value);
            }
        }
    }

    private final Path log;
    private final Duration timeout;

    /**
     * @param log the file the workers' standard error is appended to
     * @param timeout how long one point may take, engine start included, before its JVM is stopped
     */
    public ForwardPeakProbe(Path log, Duration timeout) {
        this.log = Objects.requireNonNull(log, "log");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout per point must be positive, got " + timeout);
        }
        this.timeout = timeout;
    }

    /**
     * Measures every point of {@code plan}, backend by backend, kind by kind, length by length, calling
     * {@code progress} after each. Once a backend's worker says it cannot run here, its other points get the same
     * failure without a JVM of their own.
     *
     * @throws InterruptedException when interrupted while a worker runs (the worker is stopped first)
     */
    public List<ForwardMemory> measure(Plan plan, Consumer<ForwardMemory> progress) throws InterruptedException {
        // Listing the providers touches no native code: an unknown id is refused without starting a JVM.
        List<String> known = Backends.discover().stream().map(BackendProvider::id).toList();
        Map<String, String> unavailable = new HashMap<>();
        List<ForwardMemory> points = new ArrayList<>();
        for (String backend : plan.backends()) {
            if (!known.contains(backend)) {
                unavailable.put(backend, "no backend '" + backend + "' on the class path; accepted: "
                        + String.join(", ", known));
            }
            for (ModelKind kind : plan.kinds()) {
                for (int length : plan.lengths()) {
                    ForwardMemory point;
                    String reason = unavailable.get(backend);
                    if (reason != null) {
                        point = ForwardMemory.failed(backend, kind.id(), length, plan.batch(), plan.hiddenSize(),
                                reason);
                    } else {
                        Outcome outcome = run(backend, kind, length, plan);
                        point = outcome.point();
                        if (outcome.backendUnavailable()) {
                            unavailable.put(backend, point.failure());
                        }
                    }
                    points.add(point);
                    progress.accept(point);
                }
            }
        }
        return List.copyOf(points);
    }

    private record Outcome(ForwardMemory point, boolean backendUnavailable) {
    }

    private Outcome run(String backend, ModelKind kind, int length, Plan plan) throws InterruptedException {
        Path out;
        try {
            // The worker's standard output goes to a file, read once it has ended: no reader thread to manage.
            out = Files.createTempFile("seqbench-forward-memory-", ".out");
        } catch (IOException e) {
            return failed(backend, kind, length, plan, "could not create the worker's output file: " + e.getMessage());
        }
        try {
            Process process;
            try {
                ProcessBuilder builder = new ProcessBuilder(command(backend, kind, length, plan));
                // The class path goes in the environment, not on the command line: ONNX Runtime 1.29 reads
                // /proc/self/cmdline when it loads (its telemetry, beside /tmp/mat-debug-PID.log) and overflows its
                // stack on one longer than about 4 KB, killing the JVM with SIGSEGV and no hs_err file; a test JVM's
                // class path of ~/.m2 jars is longer than that.
                builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
                // Every C allocation of 128 KiB or more its own mapping, returned when freed: glibc otherwise raises
                // that threshold as blocks are freed and serves later ones from pages it kept resident, which a pass
                // then reuses without a resident figure to show for it.
                String tunables = builder.environment().get("GLIBC_TUNABLES");
                builder.environment().put("GLIBC_TUNABLES", (tunables == null || tunables.isBlank() ? ""
                        : tunables + ":") + "glibc.malloc.mmap_threshold=131072");
                process = builder.redirectOutput(out.toFile())
                        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start();
            } catch (IOException e) {
                return failed(backend, kind, length, plan, "could not start the worker JVM: " + e.getMessage());
            }
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    return failed(backend, kind, length, plan, "timed out after " + seconds(timeout) + " s");
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                throw e;
            }
            int status = process.exitValue();
            Optional<ForwardMemory> reported = result(out);
            if (reported.isPresent()) {
                return new Outcome(reported.get(), status == ForwardPeakWorker.UNAVAILABLE);
            }
            return failed(backend, kind, length, plan, "the worker JVM ended with exit code " + status
                    + (status > 128 ? " (signal " + (status - 128) + ", a crash in native code)" : "")
                    + " without a result; see " + log);
        } finally {
            try {
                Files.deleteIfExists(out);
            } catch (IOException ignored) {
                // A temporary file left behind loses nothing.
            }
        }
    }

    /** Whole seconds as such (60), shorter timeouts with their fraction (0.25). */
    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? String.valueOf(millis / 1000) : String.valueOf(millis / 1000.0);
    }

    private static Outcome failed(String backend, ModelKind kind, int length, Plan plan, String reason) {
        return new Outcome(ForwardMemory.failed(backend, kind.id(), length, plan.batch(), plan.hiddenSize(), reason),
                false);
    }

    /** The worker's result line, if it wrote one that reads. */
    private static Optional<ForwardMemory> result(Path out) {
        try {
            // Decoded leniently: a native library's stray bytes must not hide the result line.
            for (String line : new String(Files.readAllBytes(out), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith(ForwardPeakWorker.RESULT)) {
                    return Optional.of(ForwardPeakWorker.JSON.readValue(
                            line.substring(ForwardPeakWorker.RESULT.length()), ForwardMemory.class));
                }
            }
        } catch (IOException e) {
            // A result that cannot be read is no result: the caller says how the worker ended.
        }
        return Optional.empty();
    }

    private static List<String> command(String backend, ModelKind kind, int length, Plan plan) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ParentWatch.withoutFlag(TrialMeasurement.forkJvmArguments()));
        command.add(ParentWatch.flag());
        // The heap must not shrink after the worker's System.gc(): G1 then hands the regions back concurrently, and a
        // release during the pass hides its growth (DJL's Transformer at T=256 was seen 15 MB below its baseline).
        command.add("-XX:MaxHeapFreeRatio=100");
        command.add(ForwardPeakWorker.class.getName());
        command.add(backend);
        command.add(kind.id());
        command.add(String.valueOf(length));
        command.add(String.valueOf(plan.batch()));
        command.add(String.valueOf(plan.hiddenSize()));
        command.add(String.valueOf(plan.seed()));
        return command;
    }
}
