package org.seqbench.dl4j;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.Weights;

/**
 * The RNN and the GRU written as PyTorch's formulas in ND4J array operations, called one by one from Java: the
 * input projection of a whole layer direction in one matrix product, then per time step one product with the
 * recurrent weights and a few element-wise operations, in place on views, inside the {@link ForwardWorkspace}. Exact by
 * construction ({@code b_hn} inside {@code r * (...)} included); its cost is ND4J's per-call overhead, paid
 * a few times per step.
 */
final class EagerRecurrent implements Network {

    /** One layer direction: {@code W_ih^T}, {@code W_hh^T}, the biases added to the input projection, and b_hn. */
    private record Direction(INDArray input, INDArray recurrent, INDArray inputBias, INDArray hiddenNewBias) {
        void close() {
            input.close();
            recurrent.close();
            inputBias.close();
            if (hiddenNewBias != null) {
                hiddenNewBias.close();
            }
        }
    }

    private final ModelSpec spec;
    private final List<Direction> directions = new ArrayList<>();
    private final LinearHeadArrays head;
    private final ForwardWorkspace workspace = new ForwardWorkspace();

    EagerRecurrent(ModelSpec spec, Weights weights) {
        if (spec.kind() != ModelKind.RNN && spec.kind() != ModelKind.GRU) {
            throw new IllegalArgumentException("eager operations cover rnn and gru, not " + spec.kind().id());
        }
        this.spec = spec;
        for (int layer = 0; layer < spec.layers(); layer++) {
            for (int direction = 0; direction < spec.directions(); direction++) {
                directions.add(direction(DirectionWeights.of(spec, weights, layer, direction)));
            }
        }
        head = spec.hasHead() ? new LinearHeadArrays(LinearHead.of(spec, weights)) : null;
    }

    private Direction direction(DirectionWeights pytorch) {
        int hidden = pytorch.hidden();
        int columns = pytorch.columns();
        INDArray input = NdArrays.of(pytorch.input(), pytorch.inputWidth(), columns);
        INDArray recurrent = NdArrays.of(pytorch.recurrent(), hidden, columns);
        if (spec.kind() == ModelKind.RNN) {
            return new Direction(input, recurrent, NdArrays.of(pytorch.summedBias(), 1, columns), null);
        }
        // GRU: b_hr and b_hz join the input projection; b_hn stays apart, to go inside r * (...).
        float[] inputSide = pytorch.inputBias().clone();
        for (int unit = 0; unit < 2 * hidden; unit++) {
            inputSide[unit] += pytorch.hiddenBias()[unit];
        }
        float[] hiddenNew = new float[hidden];
        System.arraycopy(pytorch.hiddenBias(), 2 * hidden, hiddenNew, 0, hidden);
        return new Direction(input, recurrent, NdArrays.of(inputSide, 1, columns), NdArrays.of(hiddenNew, 1, hidden));
    }

    @Override
    public Feeds prepare(Tensor input) {
        return SameDiffNetwork.inputOnly(input);
    }

    @Override
    public INDArray forward(Feeds feeds) {
        return workspace.run(() -> {
            INDArray sequence = feeds.get(Feeds.INPUT).permute(1, 0, 2).dup('c');
            int next = 0;
            for (int layer = 0; layer < spec.layers(); layer++) {
                INDArray[] outputs = new INDArray[spec.directions()];
                for (int direction = 0; direction < outputs.length; direction++) {
                    Direction weights = directions.get(next++);
                    boolean reverse = direction == 1;
                    outputs[direction] = spec.kind() == ModelKind.RNN ? rnn(sequence, weights, reverse)
                            : gru(sequence, weights, reverse);
                }
                sequence = outputs.length == 1 ? outputs[0] : Nd4j.concat(2, outputs);
            }
            if (head != null) {
                return head.apply(sequence.slice(sequence.size(0) - 1));
            }
            return sequence.permute(1, 0, 2).dup('c');
        });
    }

    /** All positions' {@code x · W_ih^T + bias}, {@code [T, B, columns]}. */
    private static INDArray project(INDArray sequence, INDArray weight, INDArray bias) {
        long steps = sequence.size(0);
        long batch = sequence.size(1);
        INDArray flat = sequence.reshape(steps * batch, sequence.size(2));
        return flat.mmul(weight).addiRowVector(bias).reshape(steps, batch, weight.size(1));
    }

    /** h_t = tanh(x_t W_ih^T + b + h_{t-1} W_hh^T), computed in place over the projection; {@code [T, B, H]}. */
    private static INDArray rnn(INDArray sequence, Direction weights, boolean reverse) {
        INDArray states = project(sequence, weights.input(), weights.inputBias());
        int steps = (int) states.size(0);
        INDArray previous = null;
        for (int step = 0; step < steps; step++) {
            INDArray state = states.slice(reverse ? steps - 1 - step : step);
            if (previous != null) {
                Nd4j.gemm(previous, weights.recurrent(), state, false, false, 1.0, 1.0);
            }
            Transforms.tanh(state, false);
            previous = state;
        }
        return states;
    }

    /**
     * r, z = sigmoid(x W_i{r,z}^T + b_i{r,z} + b_h{r,z} + h W_h{r,z}^T); n = tanh(x W_in^T + b_in + r * (h W_hn^T
     * + b_hn)); h' = n + z * (h - n), which is PyTorch's (1 - z) * n + z * h; {@code [T, B, H]}.
     */
    private static INDArray gru(INDArray sequence, Direction weights, boolean reverse) {
        INDArray gates = project(sequence, weights.input(), weights.inputBias());
        int steps = (int) gates.size(0);
        long batch = gates.size(1);
        long hidden = weights.recurrent().size(0);
        INDArray states = NdArrays.zeros(steps, batch, hidden);
        INDArray fromHidden = NdArrays.zeros(batch, 3 * hidden);
        INDArray previous = NdArrays.zeros(batch, hidden);
        INDArray resetAndUpdate = fromHidden.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2 * hidden));
        INDArray hiddenNew = fromHidden.get(NDArrayIndex.all(), NDArrayIndex.interval(2 * hidden, 3 * hidden));
        for (int step = 0; step < steps; step++) {
            int position = reverse ? steps - 1 - step : step;
            Nd4j.gemm(previous, weights.recurrent(), fromHidden, false, false, 1.0, 0.0);
            INDArray gate = gates.slice(position);
            INDArray rz = gate.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2 * hidden));
            Transforms.sigmoid(rz.addi(resetAndUpdate), false);
            INDArray reset = gate.get(NDArrayIndex.all(), NDArrayIndex.interval(0, hidden));
            INDArray update = gate.get(NDArrayIndex.all(), NDArrayIndex.interval(hidden, 2 * hidden));
            INDArray candidate = gate.get(NDArrayIndex.all(), NDArrayIndex.interval(2 * hidden, 3 * hidden));
            Transforms.tanh(candidate.addi(hiddenNew.addiRowVector(weights.hiddenNewBias()).muli(reset)), false);
            INDArray state = states.slice(position);
            state.assign(previous).subi(candidate).muli(update).addi(candidate);
            previous = state;
        }
        return states;
    }

    @Override
    public void close() {
        workspace.close();
        directions.forEach(Direction::close);
        if (head != null) {
            head.close();
        }
    }
}
