package org.seqbench.results.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqbench.core.ModelKind;

/** Crossovers are found where they are, in the right direction, and only there. */
class CrossoverTest {
    private static final List<Integer> LENGTHS = List.of(16, 32, 64, 128, 256, 512, 1024);

    private static List<Crossover> crossovers(List<ModelKind> kinds, SyntheticRun.Law law, String... contended) {
        return Analysis.of(new SyntheticRun("r", kinds, LENGTHS, List.of(1), List.of(1)).contended(contended)
                .record(law)).crossovers();
    }

    @Test
    void findsTheLengthWhereQuadraticAttentionOvertakesALinearRecurrence() {
        // Transformer 1e-5 T^2 ms, LSTM 3e-3 T ms: equal at T = 300. Both are straight lines on log-log axes, so
        // interpolating there is exact.
        List<Crossover> found = crossovers(List.of(ModelKind.LSTM, ModelKind.TRANSFORMER),
                (kind, t, b, threads) -> kind == ModelKind.TRANSFORMER ? 1e-5 * t * t : 3e-3 * t);
        assertEquals(1, found.size());
        Crossover crossover = found.getFirst();
        assertEquals(ModelKind.LSTM, crossover.recurrent().kind());
        assertTrue(crossover.transformerFasterAtShortest());
        List<Crossover.Crossing> crossings = crossover.crossings().orNull();
        assertEquals(1, crossings.size());
        assertEquals(300, crossings.getFirst().length(), 1e-9);
        assertEquals(256, crossings.getFirst().lower());
        assertEquals(512, crossings.getFirst().upper());
        assertTrue(crossings.getFirst().transformerBecomesSlower());
    }

    @Test
    void saysNoneInTheMeasuredRangeAndWhichIsFaster() {
        List<Crossover> found = crossovers(List.of(ModelKind.RNN, ModelKind.GRU, ModelKind.TRANSFORMER),
                (kind, t, b, threads) -> switch (kind) {
                    case RNN -> 1e-3 * t;          // always faster than the Transformer
                    case GRU -> 1.0 * t;           // always slower
                    default -> 2e-3 * t;
                });
        assertEquals(2, found.size());
        for (Crossover crossover : found) {
            assertTrue(crossover.crossings().orNull().isEmpty(), crossover.recurrent().kind().id());
            assertEquals(LENGTHS, crossover.comparedLengths());
        }
        assertFalse(found.get(0).transformerFasterAtShortest(), "slower than the RNN");
        assertTrue(found.get(1).transformerFasterAtShortest(), "faster than the GRU");
    }

    @Test
    void aTransformerThatBecomesFasterIsReportedSo() {
        // A recurrence that grows faster than attention (T^1.5 against T): equal at T = 100.
        Crossover crossover = crossovers(List.of(ModelKind.GRU, ModelKind.TRANSFORMER),
                (kind, t, b, threads) -> kind == ModelKind.TRANSFORMER ? 0.1 * t : 0.01 * Math.pow(t, 1.5))
                .getFirst();
        Crossover.Crossing crossing = crossover.crossings().orNull().getFirst();
        assertFalse(crossing.transformerBecomesSlower());
        assertEquals(100, crossing.length(), 1e-9);
        assertEquals(64, crossing.lower());
        assertEquals(128, crossing.upper());
    }

    @Test
    void contendedLengthsAreLeftOutOfTheComparison() {
        Crossover crossover = crossovers(List.of(ModelKind.LSTM, ModelKind.TRANSFORMER),
                (kind, t, b, threads) -> kind == ModelKind.TRANSFORMER ? 1e-5 * t * t : 3e-3 * t,
                "lstm/256/1/1", "transformer/512/1/1").getFirst();
        assertEquals(List.of(16, 32, 64, 128, 1024), crossover.comparedLengths());
        assertEquals(2, crossover.contendedLeftOut());
        Crossover.Crossing crossing = crossover.crossings().orNull().getFirst();
        assertEquals(128, crossing.lower());
        assertEquals(1024, crossing.upper());
        assertEquals(300, crossing.length(), 1e-9, "still exact: both laws are straight on log-log axes");
    }

    @Test
    void fewerThanTwoCommonLengthsCannotBeCompared() {
        Crossover crossover = Analysis.of(new SyntheticRun("r", List.of(ModelKind.LSTM, ModelKind.TRANSFORMER),
                List.of(16, 64), List.of(1), List.of(1)).contended("lstm/64/1/1")
                .record((kind, t, b, threads) -> 0.01 * t)).crossovers().getFirst();
        Fit.NotFitted<?> none = assertInstanceOf(Fit.NotFitted.class, crossover.crossings());
        assertEquals("fewer than 2 lengths measured for both without contention", none.reason());
    }

    @Test
    void pairsOnlyCellsOfTheSameBatchAndThreads() {
        List<Crossover> found = Analysis.of(new SyntheticRun("r", List.of(ModelKind.LSTM, ModelKind.TRANSFORMER),
                LENGTHS, List.of(1, 8), List.of(1, 2)).record((kind, t, b, threads) -> 0.01 * t)).crossovers();
        assertEquals(4, found.size());
        for (Crossover crossover : found) {
            assertEquals(crossover.transformer().batch(), crossover.recurrent().batch());
            assertEquals(crossover.transformer().threads(), crossover.recurrent().threads());
        }
    }
}
