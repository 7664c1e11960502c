package org.seqbench.dl4j;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.GRU;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.Weights;

/**
 * The GRU as ND4J's {@code gru} operator with the constant unit of {@link ConstantUnitGru}, called directly through
 * {@link Nd4j#exec}. The operator is time-major and forward-only: the input is transposed to {@code [T, B, I]} once,
 * and a reverse direction runs on the sequence gathered in reversed time, and is gathered back. Everything a pass allocates lives in
 * the {@link ForwardWorkspace}.
 */
final class GruOps implements Network {
    private final ModelSpec spec;
    /** Per layer, per direction: input weights, recurrent weights, bias. */
    private final List<INDArray[]> directions = new ArrayList<>();
    private final LinearHeadArrays head;
    private final ForwardWorkspace workspace = new ForwardWorkspace();

    GruOps(ModelSpec spec, Weights weights) {
        this.spec = spec;
        for (int layer = 0; layer < spec.layers(); layer++) {
            for (int direction = 0; direction < spec.directions(); direction++) {
                ConstantUnitGru.Layout layout = ConstantUnitGru.layout(spec, weights, layer, direction);
                long columns = 3L * layout.units();
                directions.add(new INDArray[] {
                    NdArrays.of(layout.input(), layout.inputRows(), columns),
                    NdArrays.of(layout.recurrent(), layout.units(), columns),
                    NdArrays.of(layout.bias(), columns)});
            }
        }
        head = spec.hasHead() ? new LinearHeadArrays(ConstantUnitGru.head(spec, weights)) : null;
    }

    @Override
    public Feeds prepare(Tensor input) {
        return ConstantUnitGru.feeds(spec, input, true);
    }

    @Override
    public INDArray forward(Feeds feeds) {
        INDArray initialState = feeds.get(Feeds.INITIAL_STATE);
        INDArray backwards = spec.bidirectional() ? feeds.get(Feeds.REVERSED_POSITIONS) : null;
        return workspace.run(() -> {
            INDArray sequence = feeds.get(Feeds.INPUT).permute(1, 0, 2).dup('c');
            int next = 0;
            for (int layer = 0; layer < spec.layers(); layer++) {
                INDArray[] outputs = new INDArray[spec.directions()];
                for (int direction = 0; direction < outputs.length; direction++) {
                    INDArray[] w = directions.get(next++);
                    outputs[direction] = direction == 0 ? gru(sequence, initialState, w)
                            : reverseTime(gru(reverseTime(sequence, backwards), initialState, w), backwards);
                }
                sequence = outputs.length == 1 ? outputs[0] : Nd4j.concat(2, outputs);
            }
            if (head != null) {
                return head.apply(sequence.slice(sequence.size(0) - 1));
            }
            return realUnitsBatchFirst(sequence);
        });
    }

    private static INDArray gru(INDArray sequence, INDArray initialState, INDArray[] w) {
        return Nd4j.exec(new GRU(sequence, initialState, w[0], w[1], w[2]))[0];
    }

    /**
     * The sequence in reversed time, gathered: libnd4j's {@code reverse} operator leaks 7 to 12 KiB of native memory
     * a call in 1.0.0-M2.1, {@code gather} does not (see {@link Feeds#REVERSED_POSITIONS}).
     */
    private static INDArray reverseTime(INDArray sequence, INDArray backwards) {
        return Nd4j.exec(DynamicCustomOp.builder("gather").addInputs(sequence, backwards).addIntegerArguments(0)
                .build())[0];
    }

    /** {@code [T, B, dirs*(H+1)]} to {@code [B, T, dirs*H]}: the constant units dropped, batch-first. */
    private INDArray realUnitsBatchFirst(INDArray sequence) {
        int hidden = spec.hiddenSize();
        INDArray output = NdArrays.zeros(sequence.size(1), sequence.size(0), (long) spec.directions() * hidden);
        INDArray batchFirst = sequence.permute(1, 0, 2);
        for (int direction = 0; direction < spec.directions(); direction++) {
            long first = ConstantUnitGru.column(hidden, direction, 0);
            output.get(NDArrayIndex.all(), NDArrayIndex.all(),
                    NDArrayIndex.interval((long) direction * hidden, (long) (direction + 1) * hidden))
                    .assign(batchFirst.get(NDArrayIndex.all(), NDArrayIndex.all(),
                            NDArrayIndex.interval(first, first + hidden)));
        }
        return output;
    }

    @Override
    public void close() {
        workspace.close();
        for (INDArray[] w : directions) {
            for (INDArray array : w) {
                array.close();
            }
        }
        if (head != null) {
            head.close();
        }
    }
}
