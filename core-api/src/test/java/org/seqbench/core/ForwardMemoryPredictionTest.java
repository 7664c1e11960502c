package org.seqbench.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The predicted peak of one forward pass, against figures worked out by hand from the formulas. */
class ForwardMemoryPredictionTest {

    @Test
    void anLstmHoldsItsWeightsItsInputAndOutputAndOneLayersGatesAndOutput() {
        // I=2, H=3, one layer, O=4; B=2, T=5. Weights 4*(3*(2+3)+2*3) + 3*4+4 = 100 values; input 2*5*2 = 20 and
        // output 2*4 = 8; gates 2*5*4*3 = 120 and the layer's output 2*5*3 = 30.
        ForwardMemoryPrediction memory = ForwardMemoryPrediction.of(ModelSpec.recurrent(ModelKind.LSTM, 2, 3, 1, false, 4), 2, 5);
        assertEquals(new ForwardMemoryPrediction(400, 112, 600, 0, 0), memory);
        assertEquals(1112, memory.total());
    }

    @Test
    void aStackedBidirectionalLayerAlsoHoldsTheSequenceItReads() {
        // I=2, H=3, two bidirectional layers, no head; B=1, T=4. Weights 2*4*(3*5+6) + 2*4*(3*(6+3)+6) = 432;
        // input 1*4*2 = 8, output 1*4*6 = 24; per layer 4 positions x 6 wide x (4 gates + output + input) = 144.
        ForwardMemoryPrediction memory = ForwardMemoryPrediction.of(ModelSpec.recurrent(ModelKind.LSTM, 2, 3, 2, true, 0), 1, 4);
        assertEquals(new ForwardMemoryPrediction(1728, 128, 576, 0, 0), memory);
        assertEquals(2432, memory.total());
    }

    @Test
    void aTransformerAddsItsAttentionScoresTwiceAndItsFeedForwardHidden() {
        // I=4, d=8, one layer, 2 heads, F=16, no head; B=2, T=3. Weights 8*4+8 + 4*64+4*8 + 2*16*8+16+8 + 4*8 = 640;
        // input 2*3*4 = 24, output 2*3*8 = 48; input, Q, K, V and attention output 5*6*8 = 240; scores and
        // softmax 2*2*3*3*2 = 72; feed-forward 6*16 = 96.
        ForwardMemoryPrediction memory = ForwardMemoryPrediction.of(ModelSpec.transformer(4, 8, 1, 2, 16, 0), 2, 3);
        assertEquals(new ForwardMemoryPrediction(2560, 288, 960, 288, 384), memory);
        assertEquals(4480, memory.total());
    }

    @Test
    void figuresTooLargeForALongSaturate() {
        ForwardMemoryPrediction memory = ForwardMemoryPrediction.of(ModelSpec.transformer(4, 8, 1, 2, 16, 0), Integer.MAX_VALUE,
                Integer.MAX_VALUE);
        assertEquals(Long.MAX_VALUE, memory.attentionScores());
        assertEquals(Long.MAX_VALUE, memory.total());
    }
}
