package org.seqbench.harness.study;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Collectors;
import org.seqbench.core.Inputs;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.RootCause;
import org.seqbench.core.Tensor;
import org.seqbench.core.Weights;
import org.seqbench.harness.measure.ParentWatch;
import org.seqbench.harness.measure.ProcStatus;
import org.seqbench.results.Json;
import org.seqbench.spi.Availability;
import org.seqbench.spi.BackendModel;
import org.seqbench.spi.BackendProvider;
import org.seqbench.spi.Backends;
import org.seqbench.spi.PreparedInput;
import org.seqbench.spi.RunOptions;
import org.seqbench.study.memory.ForwardMemory;
import org.seqbench.study.task.RecallTask;
import org.seqbench.study.training.StudyModel;

/**
 * The JVM one point of the memory study runs in, started by {@link ForwardPeakProbe}: it measures the memory of ONE
 * forward pass at one sequence length and prints one line, {@value #RESULT} and a {@link ForwardMemory} as JSON.
 *
 * <p>Before the measured pass, everything that is not the pass is made resident: the engine is started, the study's
 * model loaded with seeded weights, one pass run at T = {@value #WARM_LENGTH} (the engine's first-call set-up, its
 * kernels and the JIT), and the measured input prepared in the engine's form. Then a collection, the C heap's free
 * pages returned ({@link NativeHeap}), the kernel's peak resident set reset, and the baseline read; nothing is allocated between that reading and the pass, so the peak
 * above the baseline is the pass's own working memory, native included.
 *
 * <p>Arguments: backend id, kind id, length T, batch, hidden size, seed. Exit status 0 when measured,
 * {@value #FAILED} when the point failed, {@value #UNAVAILABLE} when the backend cannot run here (every other point
 * of it would fail the same way), {@value #BAD_ARGUMENTS} for arguments it cannot read.
 */
public final class ForwardPeakWorker {
    /** The start of the result line; anything else on standard output (a native library's) is not the result. */
    public static final String RESULT = "seqbench-forward-memory ";
    public static final int FAILED = 1;
    public static final int BAD_ARGUMENTS = 2;
    public static final int UNAVAILABLE = 3;
    /** The warm-up pass's length: as short as a pass gets, so that it leaves little behind beyond what every pass needs. */
    static final int WARM_LENGTH = 2;

    static final ObjectMapper JSON = Json.mapper().copy().disable(SerializationFeature.INDENT_OUTPUT);

    /** A point that failed, with the exit status it ends the JVM with. */
    private static final class PointFailed extends Exception {
        final int status;

        PointFailed(String message, int status) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private ForwardPeakWorker() {
    }

    public static void main(String[] args) throws JsonProcessingException {
        // A point hung in an engine would outlive a killed study otherwise.
        ParentWatch.startIfAsked();
        PrintStream results = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        // Whatever an engine prints through System.out goes to the log with standard error, never into the result.
        System.setOut(System.err);
        if (args.length != 6) {
            results.println(RESULT + JSON.writeValueAsString(ForwardMemory.failed(args.length > 0 ? args[0] : "",
                    args.length > 1 ? args[1] : "", 0, 0, 0, "the worker takes 6 arguments (backend, kind, length,"
                            + " batch, hidden size, seed), got " + args.length)));
            System.exit(BAD_ARGUMENTS);
        }
        String backend = args[0];
        String kindId = args[1];
        int length = 0;
        int batch = 0;
        int hiddenSize = 0;
        ForwardMemory result;
        int status;
        try {
            length = positive("length", args[2]);
            batch = positive("batch", args[3]);
            hiddenSize = positive("hidden size", args[4]);
            long seed = parseSeed(args[5]);
            ModelKind kind = ModelKind.parse(kindId);
            System.err.println("# seqbench forward memory of " + backend + " " + kind.id() + " at T=" + length
                    + ", batch " + batch + ", hidden " + hiddenSize + " in JVM " + ProcessHandle.current().pid());
            result = measure(backend, kind, length, batch, hiddenSize, seed);
            status = 0;
        } catch (IllegalArgumentException e) {
            result = ForwardMemory.failed(backend, kindId, length, batch, hiddenSize, e.getMessage());
            status = BAD_ARGUMENTS;
        } catch (PointFailed e) {
            result = ForwardMemory.failed(backend, kindId, length, batch, hiddenSize, e.getMessage());
            status = e.status;
        }
        results.println(RESULT + JSON.writeValueAsString(result));
        // Engines leave non-daemon threads behind; the point is done.
        System.exit(status);
    }

    private static ForwardMemory measure(String backendId, ModelKind kind, int length, int batch, int hiddenSize,
            long seed) throws PointFailed {
        // Checked before the engine starts, which takes seconds: without these there is no figure to take.
        if (ProcStatus.read().isEmpty()) {
            throw new PointFailed("no /proc/self/status with VmRSS and VmHWM here: the resident set cannot be read",
                    UNAVAILABLE);
        }
        if (!ProcStatus.resetPeak()) {
            throw new PointFailed("the kernel's peak resident set could not be reset through /proc/self/clear_refs"
                    + " (Linux 4.0 or later is needed)", UNAVAILABLE);
        }
        BackendProvider provider = Backends.find(backendId).orElseThrow(() -> new PointFailed("no backend '"
                + backendId + "' on the class path; accepted: " + acceptedBackends(), UNAVAILABLE));
        Availability availability = provider.availability();
        if (!availability.available()) {
            throw new PointFailed(backendId + " is unavailable: " + availability.reason(), UNAVAILABLE);
        }
        ModelSpec spec = StudyModel.spec(kind, new RecallTask(), hiddenSize);
        Weights weights = Weights.initialise(spec, seed);
        // One engine thread, as the benchmark's default cells: per-thread scratch then does not vary with the cores.
        try (BackendModel model = provider.load(spec, weights, RunOptions.threads(1))) {
            try (PreparedInput warm = model.prepare(Inputs.generate(batch, WARM_LENGTH, spec.inputSize(), seed))) {
                model.forward(warm);
            }
            Tensor input = Inputs.generate(batch, length, spec.inputSize(), seed);
            try (PreparedInput prepared = model.prepare(input)) {
                System.gc();
                NativeHeap.trim();
                ProcStatus.resetPeak();
                ProcStatus before = read();
                long heapBefore = heapUsed();
                Tensor output = model.forward(prepared);
                ProcStatus after = read();
                long heapAfter = heapUsed();
                if (output.dimension(0) != batch) {
                    throw new PointFailed("the forward pass returned " + output.dimension(0) + " sequences for a batch"
                            + " of " + batch, FAILED);
                }
                return new ForwardMemory(backendId, kind.id(), length, batch, hiddenSize,
                        Math.max(0, after.peakResidentBytes() - before.residentBytes()), heapAfter - heapBefore, null);
            }
        } catch (RuntimeException | LinkageError e) {
            throw new PointFailed(backendId + " failed: " + RootCause.describe(e), FAILED);
        }
    }

    private static ProcStatus read() throws PointFailed {
        Optional<ProcStatus> status = ProcStatus.read();
        if (status.isEmpty()) {
            throw new PointFailed("/proc/self/status could not be read during the measurement", FAILED);
        }
        return status.get();
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The ids of the backends on the class path, for the error that names an unknown one. */
    private static String acceptedBackends() {
        return Backends.discover().stream().map(BackendProvider::id).collect(Collectors.joining(", "));
    }

    private static int positive(String what, String text) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Refused below with the same sentence.
        }
        throw new IllegalArgumentException(what + " must be a positive integer, got '" + text + "'");
    }

    private static long parseSeed(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("seed must be an integer, got '" + text + "'");
        }
    }
}
