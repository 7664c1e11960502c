package org.seqbench.dl4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.ArrayHolder;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.array.SingleThreadArrayHolder;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqbench.core.Loss;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.WeightLayout;
import org.seqbench.core.WeightNames;

/**
 * A SameDiff graph for training: every canonical parameter is a SameDiff VARIABLE in its PyTorch name's layout
 * ({@code [out, in]} weights and all), and the graph computes with them as they are ({@code x · W^T}, gate blocks
 * taken apart in the graph). Gradients SameDiff computes are therefore the canonical tensors' gradients, the
 * optimizer updates the canonical arrays, and the model reads them back without any conversion.
 *
 * <p>Placeholders: {@link Feeds#INPUT} (its gradient is dLoss/dInput), {@link #TARGETS} (one-hot rows for
 * cross-entropy, the output's shape for mean squared error) and, for the Transformer, {@link
 * Feeds#POSITIONAL_ENCODING} and {@link TransformerTrainingGraph#BATCH_AND_LENGTH}.
 */
final class TrainingGraph implements AutoCloseable {
    /** The loss's targets: one-hot {@code [batch, classes]} for cross-entropy, the output's shape otherwise. */
    static final String TARGETS = "targets";
    /** A zero variable added to the input so that SameDiff differentiates with respect to it; see {@link #build}. */
    static final String INPUT_ANCHOR = "input_anchor";

    private final ModelSpec spec;
    private final SameDiff graph;
    /** Canonical name to the SameDiff variable holding it, in state_dict order. */
    private final Map<String, SDVariable> parameters = new LinkedHashMap<>();
    private String output;
    private String loss;

    private TrainingGraph(ModelSpec spec) {
        this.spec = spec;
        this.graph = SameDiff.create();
        // One copy of each array, freed by close(): see SameDiffNetwork.newGraph.
        graph.setConstantArrays(new SingleThreadArrayHolder());
        graph.setVariablesArrays(new SingleThreadArrayHolder());
    }

    /**
     * The graph of {@code spec} on {@code parameters}, with {@code loss} on its output.
     *
     * @param parameters canonical name to array, every parameter of the spec; the graph's variables hold these very
     *     arrays (several graphs may share them, and an update in place reaches all), and the caller closes them
     * @param length the sequence length the graph takes, for the recurrent kinds, whose graphs are unrolled in
     *     time; the Transformer's takes any length and ignores it
     */
    static TrainingGraph build(ModelSpec spec, Map<String, INDArray> parameters, Loss loss, int length) {
        TrainingGraph built = new TrainingGraph(spec);
        try {
            for (WeightLayout.Parameter parameter : WeightLayout.of(spec)) {
                String name = parameter.name();
                built.parameters.put(name, built.graph.var(variableName(name), parameters.get(name)));
            }
            SDVariable placeholder = built.graph.placeHolder(Feeds.INPUT, DataType.FLOAT, -1, -1,
                    spec.inputSize());
            // SameDiff 1.0.0-M2.1 differentiates only the ops that read a VARIABLE, directly or through other ops:
            // a placeholder read by anything else (the reshapes the graphs start with) gets no gradient, however it
            // is asked for. Adding a zero variable makes the first op read one; it is never updated.
            SDVariable anchor = built.graph.var(INPUT_ANCHOR, Nd4j.zeros(DataType.FLOAT, 1));
            SDVariable input = placeholder.add(anchor);
            SDVariable encoded = spec.kind().isRecurrent()
                    ? new RecurrentTrainingGraph(spec, built).encode(input, length)
                    : new TransformerTrainingGraph(spec, built).encode(input);
            SDVariable result = spec.hasHead() ? built.head(encoded) : encoded;
            built.output = result.name();
            SDVariable objective = built.loss(loss, result);
            built.loss = objective.name();
            built.graph.setLossVariables(objective);
            return built;
        } catch (RuntimeException e) {
            built.close();
            throw e;
        }
    }

    SameDiff graph() {
        return graph;
    }

    /** The variable of canonical parameter {@code name}. */
    SDVariable parameter(String name) {
        SDVariable variable = parameters.get(name);
        if (variable == null) {
            throw new IllegalStateException("no parameter '" + name + "' among " + parameters.keySet());
        }
        return variable;
    }

    /** Canonical names to SameDiff variable names, in state_dict order. */
    Map<String, String> variableNames() {
        Map<String, String> names = new LinkedHashMap<>();
        parameters.forEach((name, variable) -> names.put(name, variable.name()));
        return names;
    }

    /** The model's output: the head's logits, or the batch-first sequence. */
    String output() {
        return output;
    }

    /** The scalar loss. */
    String loss() {
        return loss;
    }

    /** {@code x · W^T + b} for a PyTorch {@code nn.Linear} held as variables {@code [out, in]} and {@code [out]}. */
    SDVariable linear(SDVariable x, String weight, String bias) {
        return graph.mmul(x, parameter(weight), false, true, false).add(parameter(bias));
    }

    /** The head on the last position of a batch-first sequence {@code [B, T, width]}. */
    private SDVariable head(SDVariable sequence) {
        SDVariable last = sequence.get(SDIndex.all(), SDIndex.point(-1), SDIndex.all());
        return linear(last, WeightNames.HEAD_WEIGHT, WeightNames.HEAD_BIAS);
    }

    /** PyTorch's mean reductions (see {@link Loss}). */
    private SDVariable loss(Loss kind, SDVariable result) {
        // Cross-entropy's one-hot rows and a head's outputs are both [batch, outputSize].
        SDVariable targets = graph.placeHolder(TARGETS, DataType.FLOAT, spec.hasHead()
                ? new long[] {-1, spec.outputSize()} : new long[] {-1, -1, spec.encoderWidth()});
        return switch (kind) {
            // -log softmax(logits)[target] as the one-hot row's product with log softmax, averaged over the batch.
            // Written out, shifted by the row's maximum for stability: SameDiff's logSoftmax cannot be differentiated
            // in 1.0.0-M2.1 (building the gradient function fails to copy the op's dimension property).
            case CROSS_ENTROPY -> {
                SDVariable shifted = result.sub(graph.max(result, true, 1));
                SDVariable logSoftmax = shifted.sub(graph.math().log(graph.math().exp(shifted).sum(true, 1)));
                yield logSoftmax.mul(targets).sum(1).mean().neg();
            }
            case MEAN_SQUARED_ERROR -> graph.math().square(result.sub(targets)).mean();
        };
    }

    /** SameDiff's name of a canonical parameter: its characters outside {@code [A-Za-z0-9_]} become '_'. */
    static String variableName(String canonical) {
        return "p_" + canonical.replaceAll("[^A-Za-z0-9_]", "_");
    }

    /**
     * Frees the sessions' cached arrays (the gradient function's too), the constants and the input's anchor; the
     * parameters belong to the caller. Idempotent: a closed array is skipped.
     */
    @Override
    public void close() {
        SameDiff gradients = graph.getFunction("grad");
        if (gradients != null) {
            releaseSessions(gradients);
        }
        releaseSessions(graph);
        ArrayHolder constants = graph.getConstantArrays();
        List<INDArray> owned = new ArrayList<>();
        for (String name : constants.arrayNames()) {
            owned.add(constants.getArray(name));
        }
        if (graph.getVariablesArrays().hasArray(INPUT_ANCHOR)) {
            owned.add(graph.getVariablesArrays().getArray(INPUT_ANCHOR));
        }
        for (INDArray array : owned) {
            if (array != null && !array.wasClosed()) {
                array.close();
            }
        }
    }

    private static void releaseSessions(SameDiff graph) {
        for (InferenceSession session : graph.getSessions().values()) {
            session.getMmgr().close();
        }
        graph.getSessions().clear();
    }
}
