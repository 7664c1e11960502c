package org.seqbench.dl4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqbench.core.Loss;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.Weights;
import org.seqbench.spi.AbstractTrainableModel;
import org.seqbench.spi.InputGradient;
import org.seqbench.spi.TrainingOptions;

/**
 * A model trained with SameDiff's backpropagation: a {@link TrainingGraph} whose variables are the canonical
 * parameters, SameDiff's gradients of its loss, and a {@link ParameterUpdate} applied to the variables' arrays.
 *
 * <p>Every call asks SameDiff for the gradients of the parameters and of the input together: SameDiff builds its
 * gradient function once, for the variables named the first time, so both must be named from the start. A call
 * returns fresh gradient arrays and nothing is kept between calls, so an input gradient leaves nothing behind for
 * the next step; the arrays are closed when the call is done.
 */
final class Dl4jTrainableModel extends AbstractTrainableModel {
    private final TrainingGraph graph;
    private final ParameterUpdate update;
    private final EngineThreads threads;
    /** The variables SameDiff differentiates for: every parameter, then the input placeholder. */
    private final List<String> differentiated;
    private final Map<String, String> variables;
    private int steps;

    /** Takes ownership of {@code graph}. */
    Dl4jTrainableModel(ModelSpec spec, TrainingOptions options, TrainingGraph graph, EngineThreads threads) {
        super(spec, options);
        this.graph = graph;
        this.update = ParameterUpdate.of(options);
        this.threads = threads;
        this.variables = graph.variableNames();
        this.differentiated = new ArrayList<>(variables.values());
        differentiated.add(Feeds.INPUT);
    }

    /** The graph (tests look at its arrays). */
    TrainingGraph graph() {
        return graph;
    }

    @Override
    protected double trainStep(Tensor input, Tensor targets) {
        return guard("a training step", () -> {
            OutAndGrad result = lossAndGradients(input, targets);
            try {
                double loss = loss(result);
                steps++;
                for (Map.Entry<String, String> parameter : variables.entrySet()) {
                    INDArray gradient = result.getGradients().get(parameter.getValue());
                    update.apply(parameter.getKey(), graph.array(parameter.getKey()), gradient, steps);
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
            OutAndGrad result = lossAndGradients(input, targets);
            try {
                INDArray gradient = result.getGradients().get(Feeds.INPUT);
                return new InputGradient(loss(result), new Tensor(input.shape(), NdArrays.toHost(gradient)));
            } finally {
                release(result);
            }
        });
    }

    @Override
    protected Tensor output(Tensor input) {
        return guard("a forward pass", () -> {
            threads.use(options().threads());
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
        for (String name : variables.keySet()) {
            INDArray array = graph.array(name);
            int[] shape = Arrays.stream(array.shape()).mapToInt(Math::toIntExact).toArray();
            tensors.put(name, new Tensor(shape, NdArrays.toHost(array)));
        }
        return Weights.of(tensors);
    }

    @Override
    protected void release() {
        update.close();
        graph.close();
    }

    /** The loss and every differentiated variable's gradient for a checked batch. */
    private OutAndGrad lossAndGradients(Tensor input, Tensor targets) {
        threads.use(options().threads());
        try (Feeds feeds = feeds(input)) {
            feeds.with(TrainingGraph.TARGETS, NdArrays.of(lossTargets(targets)));
            return graph.graph().calculateGradientsAndOutputs(feeds.byName(), List.of(graph.loss()),
                    differentiated);
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

    private double loss(OutAndGrad result) {
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
