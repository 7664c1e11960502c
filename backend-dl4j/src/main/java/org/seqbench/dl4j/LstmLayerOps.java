package org.seqbench.dl4j;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDataFormat;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.Weights;

/**
 * The LSTM as the same {@code lstmLayer} operator the SameDiff graph uses, called directly through
 * {@link Nd4j#exec}: no graph, no session, no placeholder resolution between the caller and libnd4j. Batch-first
 * throughout (the operator's NTS format); the operators' outputs live in the {@link ForwardWorkspace}.
 */
final class LstmLayerOps implements Network {
    private final List<LstmLayerCall> layers = new ArrayList<>();
    private final LinearHeadArrays head;
    private final ForwardWorkspace workspace = new ForwardWorkspace();

    LstmLayerOps(ModelSpec spec, Weights weights) {
        for (int layer = 0; layer < spec.layers(); layer++) {
            layers.add(LstmLayerCall.of(spec, weights, layer, LSTMDataFormat.NTS));
        }
        head = spec.hasHead() ? new LinearHeadArrays(LinearHead.of(spec, weights)) : null;
    }

    @Override
    public Feeds prepare(Tensor input) {
        return SameDiffNetwork.inputOnly(input);
    }

    @Override
    public INDArray forward(Feeds feeds) {
        return workspace.run(() -> {
            INDArray sequence = feeds.get(Feeds.INPUT);
            for (LstmLayerCall call : layers) {
                sequence = call.run(sequence);
            }
            if (head == null) {
                return sequence;
            }
            long last = sequence.size(1) - 1;
            return head.apply(sequence.get(NDArrayIndex.all(), NDArrayIndex.point(last), NDArrayIndex.all()));
        });
    }

    @Override
    public void close() {
        workspace.close();
        layers.forEach(LstmLayerCall::close);
        if (head != null) {
            head.close();
        }
    }
}
