package org.seqbench.dl4j;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.array.SingleThreadArrayHolder;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqbench.core.Tensor;

/**
 * SameDiff graphs run for inference, usually one; a model split into several runs them one after the other, each
 * reading the previous one's output as the placeholder {@link Feeds#LAYER_INPUT}. The graphs hold the weights as
 * constants and read the {@link Feeds} as placeholders of the same names; SameDiff keeps its intermediate arrays in
 * a per-session cache and reuses them from one forward pass to the next, and hands each output over detached, for
 * the caller to close.
 */
final class SameDiffNetwork implements Network {

    /** One graph and the name of its output variable. */
    record Stage(SameDiff graph, String output) {
    }

    private final List<Stage> stages;
    private final Function<Tensor, Feeds> preparer;

    /**
     * @param stages the graphs in the order they run; every one after the first has a {@link Feeds#LAYER_INPUT}
     *     placeholder
     * @param preparer makes the feeds of an input; owns nothing of the graphs
     */
    SameDiffNetwork(List<Stage> stages, Function<Tensor, Feeds> preparer) {
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a SameDiff network needs at least one graph");
        }
        this.stages = List.copyOf(stages);
        this.preparer = preparer;
    }

    /**
     * An empty graph whose constants are held once. SameDiff's default holder keeps, besides each constant, a copy
     * for other devices that nothing can reach or close, which only the garbage collector frees; on the CPU there is
     * one device, and with the plain holder {@link #close()} frees every constant at once. The plain holder is a map
     * without locks, which is safe here: constants are only written while the graph is built.
     */
    static SameDiff newGraph() {
        SameDiff graph = SameDiff.create();
        graph.setConstantArrays(new SingleThreadArrayHolder());
        return graph;
    }

    /** A network of one graph. */
    SameDiffNetwork(SameDiff graph, String output, Function<Tensor, Feeds> preparer) {
        this(List.of(new Stage(graph, output)), preparer);
    }

    /** The graphs (for tests that look at their sessions). */
    List<Stage> stages() {
        return stages;
    }

    @Override
    public Feeds prepare(Tensor input) {
        return preparer.apply(input);
    }

    @Override
    public INDArray forward(Feeds feeds) {
        INDArray carried = null;
        for (Stage stage : stages) {
            INDArray output = stage.graph().outputSingle(placeholders(stage.graph(), feeds, carried), stage.output());
            if (carried != null) {
                carried.close();
            }
            carried = output;
        }
        return carried;
    }

    /** The feeds this graph declares, and the previous stage's output as its layer input. */
    private static Map<String, INDArray> placeholders(SameDiff graph, Feeds feeds, INDArray carried) {
        Map<String, INDArray> placeholders = new HashMap<>();
        for (String name : graph.inputs()) {
            placeholders.put(name, name.equals(Feeds.LAYER_INPUT) ? carried : feeds.get(name));
        }
        return placeholders;
    }

    /** Frees the sessions' cached arrays and the weight constants (all of them, for graphs made by {@link #newGraph}). */
    @Override
    public void close() {
        for (Stage stage : stages) {
            SameDiff graph = stage.graph();
            for (InferenceSession session : graph.getSessions().values()) {
                session.getMmgr().close();
            }
            graph.getSessions().clear();
            var constants = graph.getConstantArrays();
            for (String name : List.copyOf(constants.arrayNames())) {
                constants.getArray(name).close();
            }
        }
    }

    /** Feeds holding only the input, for graphs that need nothing else. */
    static Feeds inputOnly(Tensor input) {
        return new Feeds().with(Feeds.INPUT, NdArrays.of(input));
    }
}
