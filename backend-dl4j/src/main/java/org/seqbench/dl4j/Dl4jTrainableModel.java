package org.seqbench.dl4j;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqbench.core.Loss;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.WeightLayout;
import org.seqbench.core.Weights;
import org.seqbench.spi.AbstractTrainableModel;
import org.seqbench.spi.InputGradient;
import org.seqbench.spi.TrainingOptions;

/**
 * A model trained with SameDiff's backpropagation: the canonical parameters as ND4J arrays, the
 * {@link TrainingGraph}s whose variables hold them, SameDiff's gradients of the loss, and a {@link ParameterUpdate}
 * applied to the arrays in place. One graph serves every input of the Transformer; the recurrent kinds' graphs are
 * unrolled in time, so they have one per sequence length met, built on first use and kept until the model is
 * closed.
 *
 * <p>Every call asks SameDiff for the gradients of the parameters and of the input together: SameDiff builds its
 * gradient function once, for the variables named the first time, so both must be named from the start. A call
 * returns fresh gradient arrays and nothing is kept between calls, so an input gradient leaves nothing behind for
 * the next step; the arrays are closed when the call is done.
 */
final class Dl4jTrainableModel extends AbstractTrainableModel {
    /** The key of the one graph of kinds whose graph takes any sequence length. */
    private static final int ANY_LENGTH = 0;

    private final Map<String, INDArray> parameters = new LinkedHashMap<>();
    private final Map<Integer, TrainingGraph> graphs = new HashMap<>();
    private final ParameterUpdate update;
    private final EngineThreads threads;
    private int steps;

    /** Copies {@code initial}; builds the graph now unless it depends on the sequence length. */
    Dl4jTrainableModel(ModelSpec spec, Weights initial, TrainingOptions options, EngineThreads threads) {
        super(spec, options);
        this.update = ParameterUpdate.of(options);
        this.threads = threads;
        try {
            for (WeightLayout.Parameter parameter : WeightLayout.of(spec)) {
                parameters.put(parameter.name(), NdArrays.of(initial.get(parameter.name())));
            }
            if (!unrolled()) {
                graph(ANY_LENGTH);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The graphs built so far (tests look at them). */
    List<TrainingGraph> graphs() {
        return List.copyOf(graphs.values());
    }

    /** The current parameter arrays by canonical name, updated in place (tests look at them). */
    Map<String, INDArray> parameters() {
        return parameters;
    }

    @Override
    protected double trainStep(Tensor input, Tensor targets) {
        return guard("a training step", () -> {
            TrainingGraph graph = graphFor(input);
            OutAndGrad result = lossAndGradients(graph, input, targets);
            try {
                double loss = loss(graph, result);
                steps++;
                for (Map.Entry<String, String> parameter : graph.variableNames().entrySet()) {
                    INDArray array = parameters.get(parameter.getKey());
                    INDArray gradient = result.getGradients().get(parameter.getValue());
                    if (gradient != null) {
                        update.apply(parameter.getKey(), array, gradient, steps);
                        continue;
                    }
                    // SameDiff returns no gradient for a parameter the loss does not read (W_hh at length 1, where
                    // the state stays 0); PyTorch's is zeros, and Adam still moves on its moments.
                    try (INDArray zeros = array.ulike().assign(0)) {
                        update.apply(parameter.getKey(), array, zeros, steps);
                    }
                }
                return loss;
            } finally {
                release(result);
            }
        });
    }

    @Override
    protected InputGradient lossAndInputGradient(Tensor input, Tensor targets) {
        return guard("an input gradient", () -> {
            TrainingGraph graph = graphFor(input);
            OutAndGrad result = lossAndGradients(graph, input, targets);
            try {
                INDArray gradient = result.getGradients().get(Feeds.INPUT);
                return new InputGradient(loss(graph, result), new Tensor(input.shape(), NdArrays.toHost(gradient)));
            } finally {
                release(result);
            }
        });
    }

    @Override
    protected Tensor output(Tensor input) {
        return guard("a forward pass", () -> {
            threads.use(options().threads());
            TrainingGraph graph = graphFor(input);
            try (Feeds feeds = feeds(input)) {
                INDArray output = graph.graph().outputSingle(feeds.byName(), graph.output());
                try {
                    return new Tensor(spec().outputShape(input.dimension(0), input.dimension(1)),
                            NdArrays.toHost(output));
                } finally {
                    output.close();
                }
            }
        });
    }

    @Override
    protected Weights currentWeights() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        parameters.forEach((name, array) -> tensors.put(name,
                new Tensor(Arrays.stream(array.shape()).mapToInt(Math::toIntExact).toArray(), NdArrays.toHost(array))));
        return Weights.of(tensors);
    }

    @Override
    protected void release() {
        update.close();
        graphs.values().forEach(TrainingGraph::close);
        graphs.clear();
        parameters.values().forEach(INDArray::close);
    }

    private boolean unrolled() {
        return spec().kind().isRecurrent();
    }

    /** The graphs whose gradient function SameDiff has built. */
    private final Set<TrainingGraph> differentiatedGraphs = Collections.newSetFromMap(new IdentityHashMap<>());

    private TrainingGraph graphFor(Tensor input) {
        return graph(unrolled() ? input.dimension(1) : ANY_LENGTH);
    }

    private TrainingGraph graph(int length) {
        return graphs.computeIfAbsent(length,
                key -> TrainingGraph.build(spec(), parameters, options().loss(), key));
    }

    /** The loss and every differentiated variable's gradient for a checked batch. */
    private OutAndGrad lossAndGradients(TrainingGraph graph, Tensor input, Tensor targets) {
        threads.use(options().threads());
        List<String> differentiated = new ArrayList<>(graph.variableNames().values());
        differentiated.add(Feeds.INPUT);
        try (Feeds feeds = feeds(input)) {
            feeds.with(TrainingGraph.TARGETS, NdArrays.of(lossTargets(targets)));
            if (!differentiatedGraphs.add(graph)) {
                return graph.graph().calculateGradientsAndOutputs(feeds.byName(), List.of(graph.loss()),
                        differentiated);
            }
            // The first call builds the graph's gradient function, and SameDiff 1.0.0-M2.1 prints a line to
            // System.out for every op it differentiates (hundreds for an unrolled recurrence), which would bury a
            // command's own output: standard output is set aside for that call only.
            PrintStream standardOutput = System.out;
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            try {
                return graph.graph().calculateGradientsAndOutputs(feeds.byName(), List.of(graph.loss()),
                        differentiated);
            } finally {
                System.setOut(standardOutput);
            }
        }
    }

    /** The placeholders of the input: the input itself and what the kind's graph reads besides. */
    private Feeds feeds(Tensor input) {
        if (spec().kind() == ModelKind.TRANSFORMER) {
            return TransformerGraph.feeds(input, spec().hiddenSize()).with(TransformerTrainingGraph.BATCH_AND_LENGTH,
                    Nd4j.createFromArray((long) input.dimension(0), input.dimension(1)));
        }
        return SameDiffNetwork.inputOnly(input);
    }

    /** Cross-entropy's class indices as one-hot rows; other targets as they are. */
    private Tensor lossTargets(Tensor targets) {
        if (options().loss() != Loss.CROSS_ENTROPY) {
            return targets;
        }
        int classes = spec().outputSize();
        float[] indices = targets.data();
        float[] oneHot = new float[indices.length * classes];
        for (int row = 0; row < indices.length; row++) {
            oneHot[row * classes + (int) indices[row]] = 1f;
        }
        return new Tensor(new int[] {indices.length, classes}, oneHot);
    }

    private static double loss(TrainingGraph graph, OutAndGrad result) {
        return result.getOutputs().get(graph.loss()).getDouble(0);
    }

    /** Closes the arrays SameDiff handed over (each once: a map may hold one array under two names). */
    private static void release(OutAndGrad result) {
        Map<INDArray, Boolean> seen = new IdentityHashMap<>();
        List<INDArray> arrays = new ArrayList<>(result.getOutputs().values());
        arrays.addAll(result.getGradients().values());
        for (INDArray array : arrays) {
            if (array != null && seen.put(array, Boolean.TRUE) == null && !array.wasClosed()) {
                array.close();
            }
        }
    }

    /** Runs {@code work}, turning ND4J's failures into {@link org.seqbench.spi.BackendException}s naming it. */
    private <T> T guard(String what, Supplier<T> work) {
        return EngineErrors.guard(() -> "run " + what + " of the trainable " + spec().describe() + " model", work);
    }
}
