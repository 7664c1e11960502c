package org.seqbench.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDataFormat;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMLayerConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.seqbench.core.Accuracy;
import org.seqbench.core.Inputs;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.WeightInit;
import org.seqbench.core.WeightNames;
import org.seqbench.core.Weights;
import org.seqbench.core.reference.ReferenceModel;
import org.seqbench.spi.BackendModel;
import org.seqbench.spi.PreparedInput;
import org.seqbench.spi.RunOptions;

/**
 * The two rewrites that let ND4J's fused recurrent operators compute PyTorch's RNN and GRU are exact, not merely
 * close: the constants they rely on come out of libnd4j as exactly 0 and 1.
 */
class ExactRewritesTest {
    private static final long SEED = 7;

    @Test
    void theGrusConstantUnitStaysExactlyOneOverALongSequence() {
        ModelSpec spec = ModelSpec.recurrent(ModelKind.GRU, 6, 10, 1, false, 0);
        ConstantUnitGru.Layout layout = ConstantUnitGru.layout(spec, Weights.initialise(spec, SEED,
                WeightInit.ALL_RANDOM), 0, 0);
        int steps = 400;
        int batch = 3;
        // Large inputs drive every real gate towards saturation, the hardest case for the constant unit.
        INDArray sequence = NdArrays.of(Inputs.generate(steps, batch, 6, SEED).scaled(5f).data(), steps, batch, 6);
        INDArray initial = NdArrays.of(ConstantUnitGru.initialState(batch, 10), batch, 11);
        INDArray output = Nd4j.exec(DynamicCustomOp.builder("gru")
                .addInputs(sequence, initial, NdArrays.of(layout.input(), 6, 33), NdArrays.of(layout.recurrent(), 11, 33),
                        NdArrays.of(layout.bias(), 33))
                .build())[0];
        INDArray constantUnit = output.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(10));
        assertEquals(1.0, constantUnit.minNumber().doubleValue(), 0.0);
        assertEquals(1.0, constantUnit.maxNumber().doubleValue(), 0.0);
    }

    @Test
    void bHnInsideTheResetGateIsHonouredEvenWhenItDominates() {
        // b_hn ten times its usual size: folding it into the input bias, as the gru operator's own layout would,
        // is off by far more than the tolerance here.
        ModelSpec spec = ModelSpec.recurrent(ModelKind.GRU, 5, 8, 2, true, 3);
        Map<String, Tensor> tensors = new LinkedHashMap<>(Weights.initialise(spec, SEED, WeightInit.ALL_RANDOM).asMap());
        for (int layer = 0; layer < 2; layer++) {
            for (int direction = 0; direction < 2; direction++) {
                String name = WeightNames.hiddenBias(ModelKind.GRU, layer, direction);
                float[] bias = tensors.get(name).data().clone();
                for (int unit = 16; unit < 24; unit++) {
                    bias[unit] *= 10f;
                }
                tensors.put(name, new Tensor(tensors.get(name).shape(), bias));
            }
        }
        Weights weights = Weights.of(tensors);
        Tensor input = Inputs.generate(3, 12, 5, SEED);
        double[] expected = new ReferenceModel(spec, weights).forward(input);
        Dl4jBackendProvider provider = new Dl4jBackendProvider();
        for (String variant : provider.variants(ModelKind.GRU)) {
            try (BackendModel model = provider.load(spec, weights, RunOptions.threads(1).withVariant(variant));
                    PreparedInput prepared = model.prepare(input)) {
                Accuracy accuracy = Accuracy.compare(model.forward(prepared), expected, spec.outputShape(3, 12));
                assertTrue(accuracy.within(1e-5), variant + ": " + accuracy);
            }
        }
    }

    @Test
    void lstmLayerWithConstantGatesIsExactlyTheTanhOfItsOutputGate() {
        // With zero weights the output gate's pre-activation is its bias alone, so no product's rounding is
        // involved: every step must give exactly tanh(bias) as ND4J computes it.
        int hidden = 7;
        float[] biases = Inputs.generate(1, 1, hidden, SEED).scaled(2f).data();
        DirectionWeights rnn = new DirectionWeights(4, hidden, 1, new float[4 * hidden], new float[hidden * hidden],
                biases, new float[hidden]);
        DirectionWeights lstm = ConstantGateRnn.asLstm(rnn);
        INDArray sequence = NdArrays.of(Inputs.generate(2, 9, 4, SEED).data(), 2, 9, 4);
        LSTMLayerConfig config = RecurrentGraph.config(ModelKind.RNN, false, LSTMDataFormat.NTS);
        LstmLayerCall call = new LstmLayerCall(NdArrays.of(lstm.input(), 4, 4 * hidden),
                NdArrays.of(lstm.recurrent(), hidden, 4 * hidden), NdArrays.of(lstm.summedBias(), 4 * hidden), config);
        INDArray output = call.run(sequence);
        float[] expected = NdArrays.toHost(Transforms.tanh(NdArrays.of(biases, hidden), true));
        for (int sequenceIndex = 0; sequenceIndex < 2; sequenceIndex++) {
            for (int step = 0; step < 9; step++) {
                INDArray state = output.get(NDArrayIndex.point(sequenceIndex), NDArrayIndex.point(step),
                        NDArrayIndex.all());
                assertArrayEquals(expected, NdArrays.toHost(state), 0f,
                        "sequence " + sequenceIndex + ", step " + step);
            }
        }
    }
}
