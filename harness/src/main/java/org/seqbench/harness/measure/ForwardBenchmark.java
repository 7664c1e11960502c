package org.seqbench.harness.measure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import org.seqbench.core.Inputs;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.Weights;
import org.seqbench.results.CellResult;
import org.seqbench.spi.BackendModel;
import org.seqbench.spi.BackendProvider;
import org.seqbench.spi.Backends;
import org.seqbench.spi.PreparedInput;
import org.seqbench.spi.Precision;
import org.seqbench.spi.RunOptions;

/**
 * One forward pass of one cell, the only thing JMH times. Its parameters are the cell's coordinates.
 *
 * <p>Everything else happens in setup, outside the measured region: building the weights and the input from the
 * seed, loading the model, preparing the input (host-to-engine conversion, a GPU upload), one forward pass whose
 * output is checked against the float64 reference within its arithmetic's tolerance (a cell that computes the wrong
 * function is not measured), the CPU accounting of other processes around each measurement iteration, the memory
 * readings before the model is loaded and after the last iteration ({@link MemoryProbe}), and, for a model that times
 * its device, a few passes after the last iteration whose device times are recorded beside the latency
 * ({@link DeviceTimes}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ForwardBenchmark {
    @Param("onnx")
    public String backend;
    /** The backend variant; empty for the backend's default. */
    @Param("")
    public String variant;
    @Param("lstm")
    public String kind;
    @Param("64")
    public int seqLen;
    @Param("1")
    public int batch;
    @Param("128")
    public int hiddenSize;
    @Param("1")
    public int layers;
    /** Engine threads; 0 leaves the engine's default. */
    @Param("1")
    public int threads;
    @Param("64")
    public int inputSize;
    /** Attention heads; 0 for recurrent kinds. */
    @Param("0")
    public int heads;
    /** Feed-forward width; 0 for recurrent kinds. */
    @Param("0")
    public int ffnSize;
    /** Head outputs; 0 for no head. */
    @Param("10")
    public int outputSize;
    @Param("false")
    public boolean bidirectional;
    @Param("fp32")
    public String precision;
    @Param("42")
    public long seed;
    /** Largest absolute error against the reference for the cell to be measured (its arithmetic's tolerance). */
    @Param("1e-4")
    public double tolerance;
    /** Engine settings as {@code key=value,key=value} ({@link #encodeSettings}); empty for the engine's defaults. */
    @Param("")
    public String engineSettings;

    private BackendModel loaded;
    private PreparedInput input;
    private CellResult.AccuracyFigures accuracy;
    private final OtherProcessesCpu otherCpu = new OtherProcessesCpu();
    private final JvmActivity jvm = new JvmActivity();
    private final MemoryProbe memory = new MemoryProbe();

    @Setup(Level.Trial)
    public void load() {
        // The baseline is this JVM before the model: the weights, the input and the engine's load all count.
        memory.begin();
        try {
            BackendProvider provider = Backends.find(backend).orElseThrow(
                    () -> new IllegalStateException("no backend '" + backend + "' on the class path"));
            ModelSpec spec = new ModelSpec(ModelKind.parse(kind), inputSize, hiddenSize, layers, bidirectional, heads,
                    ffnSize, outputSize);
            Weights weights = Weights.initialise(spec, seed);
            Tensor tensor = Inputs.generate(batch, seqLen, inputSize, seed);
            loaded = provider.load(spec, weights,
                    new RunOptions(threads, Precision.parse(precision), variant.isEmpty() ? null : variant,
                            decodeSettings(engineSettings)));
            input = loaded.prepare(tensor);
            accuracy = AccuracyCheck.firstAndLastSequence(spec, weights, tensor, loaded.forward(input), tolerance);
            if (!accuracy.passed()) {
                throw new IllegalStateException("the output differs from the float64 reference: max abs error "
                        + accuracy.maxAbsError() + " exceeds the tolerance " + tolerance);
            }
        } catch (RuntimeException | LinkageError e) {
            TrialReport.failed(loaded == null ? variant : loaded.variant(), accuracy, describe(e)).append();
            throw e;
        }
    }

    @Setup(Level.Iteration)
    public void beginIteration(IterationParams iteration) {
        if (iteration.getType() == IterationType.MEASUREMENT) {
            otherCpu.begin();
            jvm.begin();
        }
    }

    @TearDown(Level.Iteration)
    public void endIteration(IterationParams iteration) {
        if (iteration.getType() == IterationType.MEASUREMENT) {
            jvm.end();
            otherCpu.end();
        }
    }

    @Benchmark
    public void forward(Blackhole blackhole) {
        blackhole.consume(loaded.forward(input));
    }

    @TearDown(Level.Trial)
    public void close() {
        // Read before anything is closed: the model and its last output are still held.
        CellResult.Memory used = memory.end();
        // After the measured iterations and the readings of them: these passes are timed by the device alone.
        DeviceTimes device = DeviceTimes.measure(loaded, input);
        new TrialReport(loaded.variant(), accuracy, otherCpu.usage().orElse(null), used, null, device, jvm.usage())
                .append();
        input.close();
        loaded.close();
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
    }

    /** Engine settings as one JMH parameter: {@code key=value} pairs joined by commas (keys and values are words). */
    public static String encodeSettings(Map<String, String> settings) {
        return settings.entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining(","));
    }

    static Map<String, String> decodeSettings(String encoded) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (!encoded.isEmpty()) {
            for (String pair : encoded.split(",")) {
                int equals = pair.indexOf('=');
                settings.put(pair.substring(0, equals), pair.substring(equals + 1));
            }
        }
        return settings;
    }
}
