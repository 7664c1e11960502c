package org.seqbench.study.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Weights;

class GateInitTest {
    private static final int HIDDEN = 3;

    @Test
    void anLstmForgetsAfterAboutTStepsAndLetsLittleIn() {
        ModelSpec spec = ModelSpec.recurrent(ModelKind.LSTM, 2, HIDDEN, 2, true, 4);
        Weights drawn = Weights.initialise(spec, 7);
        Weights started = GateInit.MEMORY_OF_T.apply(spec, drawn, 64);
        for (String name : new String[] {"lstm.bias_ih_l0", "lstm.bias_ih_l1_reverse"}) {
            float[] before = drawn.get(name).data();
            float[] after = started.get(name).data();
            for (int unit = 0; unit < HIDDEN; unit++) {
                assertEquals(before[unit] - Math.log(64), after[unit], 1e-5, "input gate of " + name);
                assertEquals(before[HIDDEN + unit] + Math.log(64), after[HIDDEN + unit], 1e-5, "forget gate");
                assertEquals(before[2 * HIDDEN + unit], after[2 * HIDDEN + unit], "cell candidate untouched");
                assertEquals(before[3 * HIDDEN + unit], after[3 * HIDDEN + unit], "output gate untouched");
            }
        }
        assertArrayEquals(drawn.get("lstm.bias_hh_l0").data(), started.get("lstm.bias_hh_l0").data());
        double forget = 1 / (1 + Math.exp(-GateInit.keepBias(64)));
        assertEquals(64.0 / 65, forget, 1e-12, "the forget gate's value with a zero pre-activation");
    }

    @Test
    void aGruKeepsItsStateThroughTheUpdateGate() {
        ModelSpec spec = ModelSpec.recurrent(ModelKind.GRU, 2, HIDDEN, 1, false, 4);
        Weights drawn = Weights.initialise(spec, 7);
        float[] before = drawn.get("gru.bias_ih_l0").data();
        float[] after = GateInit.MEMORY_OF_T.apply(spec, drawn, 16).get("gru.bias_ih_l0").data();
        for (int unit = 0; unit < HIDDEN; unit++) {
            assertEquals(before[unit], after[unit], "reset gate untouched");
            assertEquals(before[HIDDEN + unit] + Math.log(16), after[HIDDEN + unit], 1e-5, "update gate");
            assertEquals(before[2 * HIDDEN + unit], after[2 * HIDDEN + unit], "candidate untouched");
        }
    }

    @Test
    void kindsWithoutGatesAndPyTorchsInitKeepTheDrawnWeights() {
        ModelSpec rnn = ModelSpec.recurrent(ModelKind.RNN, 2, HIDDEN, 1, false, 4);
        Weights drawn = Weights.initialise(rnn, 7);
        assertSame(drawn, GateInit.MEMORY_OF_T.apply(rnn, drawn, 64));
        ModelSpec lstm = ModelSpec.recurrent(ModelKind.LSTM, 2, HIDDEN, 1, false, 4);
        Weights lstmDrawn = Weights.initialise(lstm, 7);
        assertSame(lstmDrawn, GateInit.PYTORCH.apply(lstm, lstmDrawn, 64));
    }

    @Test
    void anUnknownInitIsRefusedNamingTheAcceptedOnes() {
        assertEquals("unknown gate init 'chrono'; accepted: pytorch, memory",
                assertThrows(IllegalArgumentException.class, () -> GateInit.parse("chrono")).getMessage());
        assertEquals(GateInit.MEMORY_OF_T, GateInit.parse(" Memory "));
    }
}
