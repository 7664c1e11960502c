package org.seqbench.dl4j.paths;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.seqbench.core.Accuracy;
import org.seqbench.core.Inputs;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.WeightNames;
import org.seqbench.core.Weights;
import org.seqbench.core.reference.ReferenceModel;
import org.seqbench.spi.BackendProvider;
import org.seqbench.spi.Backends;

/**
 * The DL4J paths this backend measured but does not offer, for the comparison in README.md: DL4J's own
 * {@code LSTM} and {@code SimpleRnn} layers, libnd4j's {@code static_rnn} operator, and an LSTM written as eager
 * per-step operations. Each is checked against the float64 reference before it is timed. Not a test; run it with
 * {@code java -cp <test class path> org.openjdk.jmh.Main OtherPathsBenchmark} (see README.md).
 *
 * <p>Encoder only (no head), one layer, unidirectional, batch 8, input 64, hidden 128, one thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class OtherPathsBenchmark {
    private static final int BATCH = 8;
    private static final int INPUT = 64;
    private static final int HIDDEN = 128;
    private static final long SEED = 42;

    /** Which path: dl4j-lstm-layer, dl4j-simple-rnn, static-rnn-op, lstm-eager-ops. */
    @Param({"dl4j-lstm-layer", "dl4j-simple-rnn", "static-rnn-op", "lstm-eager-ops"})
    public String path;

    @Param({"32", "128", "512"})
    public int seqLen;

    private Path run;
    private INDArray input;

    /** One way of computing the encoder output {@code [B, T, H]}. */
    interface Path {
        INDArray forward(INDArray batchFirst);
    }

    @Setup(Level.Trial)
    public void setUp() {
        // Starting the seqbench backend sets the log level and memory limits as a benchmark would run.
        BackendProvider dl4j = Backends.find("dl4j").orElseThrow();
        if (!dl4j.availability().available()) {
            throw new IllegalStateException(dl4j.availability().reason());
        }
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        Nd4j.factory().blas().setMaxThreads(1);
        ModelKind kind = path.contains("lstm") ? ModelKind.LSTM : ModelKind.RNN;
        ModelSpec spec = ModelSpec.recurrent(kind, INPUT, HIDDEN, 1, false, 0);
        Weights weights = Weights.initialise(spec, SEED);
        run = switch (path) {
            case "dl4j-lstm-layer" -> dl4jLstm(weights);
            case "dl4j-simple-rnn" -> dl4jSimpleRnn(weights);
            case "static-rnn-op" -> staticRnn(weights);
            case "lstm-eager-ops" -> lstmEager(weights);
            default -> throw new IllegalArgumentException("unknown path " + path);
        };
        Tensor tensor = Inputs.generate(BATCH, seqLen, INPUT, SEED);
        input = Nd4j.create(tensor.data(), new long[] {BATCH, seqLen, INPUT}, 'c');
        INDArray output = run.forward(input);
        Accuracy accuracy = Accuracy.compare(new Tensor(new int[] {BATCH, seqLen, HIDDEN},
                output.dup('c').data().asFloat()), new ReferenceModel(spec, weights).forward(tensor),
                spec.outputShape(BATCH, seqLen));
        if (!accuracy.within(1e-5)) {
            throw new IllegalStateException(path + " is not exact: " + accuracy);
        }
    }

    @Benchmark
    public INDArray forward() {
        return run.forward(input);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        input.close();
    }

    /** W_ih^T, W_hh^T and b_ih + b_hh of layer 0 with the gate blocks in {@code order} (PyTorch block numbers). */
    private static INDArray[] transposed(Weights weights, ModelKind kind, int[] order) {
        int gates = order.length;
        float[] wih = weights.get(WeightNames.inputWeight(kind, 0, 0)).data();
        float[] whh = weights.get(WeightNames.hiddenWeight(kind, 0, 0)).data();
        float[] bih = weights.get(WeightNames.inputBias(kind, 0, 0)).data();
        float[] bhh = weights.get(WeightNames.hiddenBias(kind, 0, 0)).data();
        int columns = gates * HIDDEN;
        float[] w = new float[INPUT * columns];
        float[] r = new float[HIDDEN * columns];
        float[] b = new float[columns];
        for (int block = 0; block < gates; block++) {
            for (int unit = 0; unit < HIDDEN; unit++) {
                int column = block * HIDDEN + unit;
                int row = order[block] * HIDDEN + unit;
                for (int k = 0; k < INPUT; k++) {
                    w[k * columns + column] = wih[row * INPUT + k];
                }
                for (int k = 0; k < HIDDEN; k++) {
                    r[k * columns + column] = whh[row * HIDDEN + k];
                }
                b[column] = bih[row] + bhh[row];
            }
        }
        return new INDArray[] {Nd4j.create(w, new long[] {INPUT, columns}, 'c'),
            Nd4j.create(r, new long[] {HIDDEN, columns}, 'c'), Nd4j.create(b, new long[] {1, columns}, 'c')};
    }

    /** DL4J's LSTM layer, whose weight blocks are g, f, o, i (PyTorch's 2, 1, 3, 0), with one bias. */
    private static Path dl4jLstm(Weights weights) {
        MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                .list().layer(new LSTM.Builder().nIn(INPUT).nOut(HIDDEN).activation(Activation.TANH)
                        .gateActivationFunction(Activation.SIGMOID).dataFormat(RNNFormat.NWC).build())
                .build());
        network.init();
        INDArray[] parameters = transposed(weights, ModelKind.LSTM, new int[] {2, 1, 3, 0});
        network.getLayer(0).setParam("W", parameters[0]);
        network.getLayer(0).setParam("RW", parameters[1]);
        network.getLayer(0).setParam("b", parameters[2]);
        return network::output;
    }

    private static Path dl4jSimpleRnn(Weights weights) {
        MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                .list().layer(new SimpleRnn.Builder().nIn(INPUT).nOut(HIDDEN).activation(Activation.TANH)
                        .dataFormat(RNNFormat.NWC).build())
                .build());
        network.init();
        INDArray[] parameters = transposed(weights, ModelKind.RNN, new int[] {0});
        network.getLayer(0).setParam("W", parameters[0]);
        network.getLayer(0).setParam("RW", parameters[1]);
        network.getLayer(0).setParam("b", parameters[2]);
        return network::output;
    }

    /** libnd4j's static_rnn: time-major, biases [b_ih; b_hh]; loops over the batch one sequence at a time. */
    private static Path staticRnn(Weights weights) {
        INDArray[] parameters = transposed(weights, ModelKind.RNN, new int[] {0});
        INDArray biases = Nd4j.concat(0, Nd4j.create(weights.get(WeightNames.inputBias(ModelKind.RNN, 0, 0)).data()),
                Nd4j.create(weights.get(WeightNames.hiddenBias(ModelKind.RNN, 0, 0)).data()));
        return batchFirst -> {
            long steps = batchFirst.size(1);
            INDArray timeMajor = batchFirst.permute(1, 0, 2).dup('c');
            INDArray states = Nd4j.create(DataType.FLOAT, steps, BATCH, HIDDEN);
            INDArray last = Nd4j.create(DataType.FLOAT, BATCH, HIDDEN);
            Nd4j.exec(DynamicCustomOp.builder("static_rnn").addInputs(timeMajor, parameters[0], parameters[1], biases)
                    .addOutputs(states, last).build());
            INDArray result = states.permute(1, 0, 2).dup('c');
            timeMajor.close();
            states.close();
            last.close();
            return result;
        };
    }

    /** The LSTM step as eager ND4J operations, the way EagerRecurrent runs the RNN and the GRU. */
    private static Path lstmEager(Weights weights) {
        INDArray[] parameters = transposed(weights, ModelKind.LSTM, new int[] {0, 1, 2, 3});
        return batchFirst -> {
            long steps = batchFirst.size(1);
            INDArray timeMajor = batchFirst.permute(1, 0, 2).dup('c');
            INDArray gates = timeMajor.reshape(steps * BATCH, INPUT).mmul(parameters[0]).addiRowVector(parameters[2])
                    .reshape(steps, BATCH, 4L * HIDDEN);
            INDArray states = Nd4j.create(DataType.FLOAT, steps, BATCH, HIDDEN);
            INDArray cell = Nd4j.zeros(DataType.FLOAT, BATCH, HIDDEN);
            INDArray previous = Nd4j.zeros(DataType.FLOAT, BATCH, HIDDEN);
            for (int step = 0; step < steps; step++) {
                INDArray z = gates.slice(step);
                Nd4j.gemm(previous, parameters[1], z, false, false, 1.0, 1.0);
                INDArray i = Transforms.sigmoid(z.get(NDArrayIndex.all(), NDArrayIndex.interval(0, HIDDEN)), false);
                INDArray f = Transforms.sigmoid(z.get(NDArrayIndex.all(), NDArrayIndex.interval(HIDDEN, 2 * HIDDEN)),
                        false);
                INDArray g = Transforms.tanh(z.get(NDArrayIndex.all(), NDArrayIndex.interval(2 * HIDDEN, 3 * HIDDEN)),
                        false);
                INDArray o = Transforms.sigmoid(z.get(NDArrayIndex.all(), NDArrayIndex.interval(3 * HIDDEN,
                        4 * HIDDEN)), false);
                cell.muli(f).addi(i.muli(g));
                INDArray state = states.slice(step);
                Transforms.tanh(state.assign(cell), false).muli(o);
                previous = state;
            }
            INDArray result = states.permute(1, 0, 2).dup('c');
            Arrays.asList(timeMajor, gates, states, cell).forEach(INDArray::close);
            return result;
        };
    }
}
