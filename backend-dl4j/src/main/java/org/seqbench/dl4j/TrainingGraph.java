package org.seqbench.dl4j;

import java.util.LinkedHashMap;
import java.util.Map;
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
import org.seqbench.core.Weights;

/**
 * A SameDiff graph for training: every canonical parameter is a SameDiff VARIABLE in its PyTorch name's layout
 * ({@code [out, in]} weights and all), and the graph transposes, stacks and pads them into the layouts ND4J's
 * operators read. Gradients SameDiff computes are therefore the canonical tensors' gradients as they are, the
 * optimizer updates the canonical arrays, and {@link #array} reads them back without any conversion. The fixed
 * parts of the RNN's rewrite (its constant gates) are constants beside them, so no gradient reaches them.
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

    /** The graph of {@code spec} starting from {@code weights} (copied), with {@code loss} on its output. */
    static TrainingGraph build(ModelSpec spec, Weights weights, Loss loss) {
        TrainingGraph built = new TrainingGraph(spec);
        try {
            for (WeightLayout.Parameter parameter : WeightLayout.of(spec)) {
                String name = parameter.name();
                built.parameters.put(name, built.graph.var(variableName(name), NdArrays.of(weights.get(name))));
            }
            SDVariable placeholder = built.graph.placeHolder(Feeds.INPUT, DataType.FLOAT, -1, -1,
                    spec.inputSize());
            // SameDiff 1.0.0-M2.1 differentiates only the ops that read a VARIABLE, directly or through other ops:
            // a placeholder read by anything else (the GRU's permute, the Transformer's reshape) gets no gradient,
            // however it is asked for. Adding a zero variable makes the first op read one; it is never updated.
            SDVariable anchor = built.graph.var(INPUT_ANCHOR, Nd4j.zeros(DataType.FLOAT, 1));
            SDVariable input = placeholder.add(anchor);
            SDVariable encoded = spec.kind().isRecurrent()
                    ? new RecurrentTrainingGraph(spec, built).encode(input)
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

    ModelSpec spec() {
        return spec;
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

    /** The current array of canonical parameter {@code name}, the graph's own (updated in place). */
    INDArray array(String name) {
        return graph.getArrForVarName(parameter(name).name());
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
     * Frees the sessions' cached arrays (the gradient function's too), the constants and the variables. Idempotent:
     * a closed array is skipped.
     */
    @Override
    public void close() {
        SameDiff gradients = graph.getFunction("grad");
        if (gradients != null) {
            releaseSessions(gradients);
        }
        releaseSessions(graph);
        for (var holder : java.util.List.of(graph.getConstantArrays(), graph.getVariablesArrays())) {
            for (String name : java.util.List.copyOf(holder.arrayNames())) {
                INDArray array = holder.getArray(name);
                if (array != null && !array.wasClosed()) {
                    array.close();
                }
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
