package org.seqbench.results.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PredictedLatencyTest {
    private static PredictedLatency at(double ms, double low, double high) {
        return new PredictedLatency(ms, new Interval(low, high, 0.95, Interval.Method.ORDER_STATISTIC), null);
    }

    @Test
    void betweenTwoBatchesEachEndsIntervalIsCarriedByItsWeight() {
        PredictedLatency middle = PredictedLatency.alongBatch(at(1.0, 0.9, 1.3), 1, at(4.0, 3.8, 4.2), 16, 4);
        assertEquals(2.0, middle.ms(), 1e-12, "halfway on log-log axes");
        assertEquals(2.0 * Math.exp(-(0.5 * Math.log(1 / 0.9) + 0.5 * Math.log(4 / 3.8))), middle.interval().low(),
                1e-12);
        assertEquals(2.0 * Math.exp(0.5 * Math.log(1.3) + 0.5 * Math.log(4.2 / 4)), middle.interval().high(), 1e-12);
    }

    @Test
    void pastAnEndTheOtherEndsSidesSwap() {
        // At B = 32, past 16: the weight is 5/4, so the lower end counts -1/4: its high side lowers the prediction.
        PredictedLatency past = PredictedLatency.alongBatch(at(1.0, 0.9, 1.3), 1, at(4.0, 3.8, 4.2), 16, 32);
        double value = 4.0 * Math.pow(2, 0.5);
        assertEquals(value, past.ms(), 1e-9);
        assertEquals(value * Math.exp(-(0.25 * Math.log(1.3) + 1.25 * Math.log(4 / 3.8))), past.interval().low(),
                1e-9);
        assertEquals(value * Math.exp(0.25 * Math.log(1 / 0.9) + 1.25 * Math.log(4.2 / 4)), past.interval().high(),
                1e-9);
    }
}
