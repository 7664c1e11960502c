package org.seqbench.dl4j;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMActivations;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDataFormat;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDirectionMode;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMLayerConfig;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.weights.LSTMLayerWeights;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Weights;

/**
 * SameDiff graphs of the recurrent classifiers: one {@code lstmLayer} per layer for the LSTM (and, with constant
 * gates, for the RNN: see {@link ConstantGateRnn}), one {@code gru} per layer and direction for the GRU (with the
 * constant unit of {@link ConstantUnitGru}), then the head on the last position.
 */
final class RecurrentGraph {
    private final ModelSpec spec;
    private final Weights weights;

    private RecurrentGraph(ModelSpec spec, Weights weights) {
        this.spec = spec;
        this.weights = weights;
    }

    static Network build(ModelSpec spec, Weights weights) {
        RecurrentGraph builder = new RecurrentGraph(spec, weights);
        if (spec.kind() != ModelKind.GRU) {
            SameDiff graph = SameDiffNetwork.newGraph();
            return new SameDiffNetwork(graph, builder.lstmLayers(graph).name(), SameDiffNetwork::inputOnly);
        }
        List<SameDiffNetwork.Stage> stages = new ArrayList<>();
        for (int layer = 0; layer < spec.layers(); layer++) {
            SameDiff graph = SameDiffNetwork.newGraph();
            stages.add(new SameDiffNetwork.Stage(graph, builder.gruLayer(graph, layer).name()));
        }
        SameDiff readout = SameDiffNetwork.newGraph();
        stages.add(new SameDiffNetwork.Stage(readout, builder.gruReadout(readout).name()));
        return new SameDiffNetwork(stages, input -> ConstantUnitGru.feeds(spec, input, false));
    }

    /** Batch-first all the way: {@code lstmLayer} reads and writes {@code [B, T, features]} (its NTS format). */
    private SDVariable lstmLayers(SameDiff graph) {
        SDVariable sequence = graph.placeHolder(Feeds.INPUT, DataType.FLOAT, -1, -1, spec.inputSize());
        for (int layer = 0; layer < spec.layers(); layer++) {
            LstmLayerCall call = LstmLayerCall.of(spec, weights, layer, LSTMDataFormat.NTS);
            LSTMLayerWeights layerWeights = LSTMLayerWeights.builder()
                    .weights(graph.constant(call.input()))
                    .rWeights(graph.constant(call.recurrent()))
                    .bias(graph.constant(call.bias()))
                    .build();
            sequence = graph.rnn().lstmLayer(sequence, layerWeights, call.config())[0];
        }
        if (!spec.hasHead()) {
            return sequence;
        }
        return head(graph, sequence.get(SDIndex.all(), SDIndex.point(-1), SDIndex.all()), LinearHead.of(spec, weights));
    }

    /**
     * One GRU layer as a graph of its own, time-major inside ({@code gru} reads {@code [T, B, features]}) and out:
     * {@code [T, B, directions * (H+1)]}, which the next layer, or the readout, reads as {@link Feeds#LAYER_INPUT}.
     * The reverse direction runs on the time-reversed sequence and is reversed back.
     *
     * <p>A graph per layer and one for the readout, because SameDiff 1.0.0-M2.1 leaks otherwise, as the memory test
     * found: a graph that slices the output of a GRU layer fed by another GRU layer (the head reading the last
     * position, or dropping the constant units) keeps one array of a layer's output size from every forward pass,
     * 4 KiB in the conformance sizes. Reversing time with {@code gather} instead of {@code reverse} leaks too.
     */
    private SDVariable gruLayer(SameDiff graph, int layer) {
        SDVariable sequence = layer == 0
                ? graph.placeHolder(Feeds.INPUT, DataType.FLOAT, -1, -1, spec.inputSize()).permute(1, 0, 2)
                : layerInput(graph);
        SDVariable initialState = graph.placeHolder(Feeds.INITIAL_STATE, DataType.FLOAT, -1,
                ConstantUnitGru.units(spec.hiddenSize()));
        SDVariable output = gruDirection(graph, sequence, initialState, layer, 0);
        if (spec.bidirectional()) {
            SDVariable reverse = gruDirection(graph, graph.reverse(sequence, 0), initialState, layer, 1);
            output = graph.concat(2, output, graph.reverse(reverse, 0));
        }
        return output;
    }

    /** The head on the last position, or the batch-first sequence without the constant units. */
    private SDVariable gruReadout(SameDiff graph) {
        SDVariable sequence = layerInput(graph);
        if (spec.hasHead()) {
            return head(graph, sequence.get(SDIndex.point(-1), SDIndex.all(), SDIndex.all()),
                    ConstantUnitGru.head(spec, weights));
        }
        int hidden = spec.hiddenSize();
        List<SDVariable> real = new ArrayList<>();
        for (int direction = 0; direction < spec.directions(); direction++) {
            long first = ConstantUnitGru.column(hidden, direction, 0);
            real.add(sequence.get(SDIndex.all(), SDIndex.all(), SDIndex.interval(first, first + hidden)));
        }
        SDVariable joined = real.size() == 1 ? real.getFirst() : graph.concat(2, real.toArray(SDVariable[]::new));
        return joined.permute(1, 0, 2);
    }

    private SDVariable layerInput(SameDiff graph) {
        return graph.placeHolder(Feeds.LAYER_INPUT, DataType.FLOAT, -1, -1, ConstantUnitGru.layerWidth(spec));
    }

    private SDVariable gruDirection(SameDiff graph, SDVariable sequence, SDVariable initialState, int layer,
            int direction) {
        ConstantUnitGru.Layout layout = ConstantUnitGru.layout(spec, weights, layer, direction);
        SDVariable wx = graph.constant(NdArrays.of(layout.input(), layout.inputRows(), 3L * layout.units()));
        SDVariable wh = graph.constant(NdArrays.of(layout.recurrent(), layout.units(), 3L * layout.units()));
        SDVariable b = graph.constant(NdArrays.of(layout.bias(), 3L * layout.units()));
        return graph.rnn().gru(sequence, initialState, wx, wh, b);
    }

    private static SDVariable head(SameDiff graph, SDVariable last, LinearHead head) {
        return last.mmul(graph.constant(NdArrays.of(head.weight(), head.width(), head.outputs())))
                .add(graph.constant(NdArrays.of(head.bias(), head.outputs())));
    }

    /** Which activations make {@code lstmLayer} an LSTM, or an RNN with constant gates. */
    static LSTMLayerConfig config(ModelKind kind, boolean bidirectional, LSTMDataFormat format) {
        LSTMLayerConfig.LSTMLayerConfigBuilder config = LSTMLayerConfig.builder()
                .lstmdataformat(format)
                .directionMode(bidirectional ? LSTMDirectionMode.BIDIR_CONCAT : LSTMDirectionMode.FWD)
                .retFullSequence(true).retLastH(false).retLastC(false);
        return switch (kind) {
            case LSTM -> config.gateAct(LSTMActivations.SIGMOID).cellAct(LSTMActivations.TANH)
                    .outAct(LSTMActivations.TANH).build();
            case RNN -> config.gateAct(LSTMActivations.TANH).cellAct(LSTMActivations.RELU)
                    .outAct(LSTMActivations.HARD_SIGMOID).build();
            case GRU, TRANSFORMER -> throw new IllegalArgumentException(kind.id() + " does not run on lstmLayer");
        };
    }
}
