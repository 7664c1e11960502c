package org.seqbench.results.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqbench.core.ModelKind;
import org.seqbench.results.CanarySample;

/** The sequence-length fits recover the exponents, step costs and quadratic parts they were generated with. */
class SeqScalingTest {
    private static final List<Integer> LENGTHS = List.of(16, 32, 64, 128, 256, 512, 1024);

    /** A deterministic wobble of a few percent, as repeated measurements have. */
    private static double noise(int seqLen) {
        return 1 + 0.03 * Math.sin(seqLen * 0.7);
    }

    private static SeqScaling only(ModelKind kind, SyntheticRun.Law law) {
        Analysis analysis = Analysis.of(new SyntheticRun("r", List.of(kind), LENGTHS, List.of(1), List.of(1))
                .record(law));
        assertEquals(1, analysis.seqScaling().size());
        return analysis.seqScaling().getFirst();
    }

    @Test
    void linearAndQuadraticLatencyGiveExponentsOneAndTwo() {
        PowerLaw linear = only(ModelKind.LSTM, (kind, t, b, threads) -> 0.003 * t).powerLaw().orNull();
        assertEquals(1.0, linear.exponent(), 1e-9);
        assertEquals(0.003, linear.prefactorMs(), 1e-12);
        assertEquals(1.0, linear.rSquared(), 1e-12);
        assertEquals(7, linear.points());

        PowerLaw quadratic = only(ModelKind.TRANSFORMER, (kind, t, b, threads) -> 2e-6 * t * t).powerLaw().orNull();
        assertEquals(2.0, quadratic.exponent(), 1e-9);
    }

    @Test
    void exponentOfNoisyDataHasAnHonestUncertainty() {
        PowerLaw law = only(ModelKind.GRU, (kind, t, b, threads) -> 0.002 * Math.pow(t, 0.9) * noise(t))
                .powerLaw().orNull();
        assertEquals(0.9, law.exponent(), 0.03);
        assertTrue(law.standardError() > 0 && law.standardError() < 0.03, "standard error " + law.standardError());
        assertTrue(law.ciLow() < 0.9 && 0.9 < law.ciHigh(), "the 95% interval holds the true exponent: "
                + law.ciLow() + " to " + law.ciHigh());
        // The interval is the t distribution's with 5 degrees of freedom: 2.571 standard errors either side.
        assertEquals(2.5706, (law.ciHigh() - law.exponent()) / law.standardError(), 1e-3);
    }

    @Test
    void recurrentLatencySplitsIntoOverheadAndCostPerSequentialStep() {
        // Two layers: 2T sequential steps, each 2.5 µs, after a fixed 40 µs.
        SyntheticRun run = new SyntheticRun("r", List.of(ModelKind.RNN), LENGTHS, List.of(1), List.of(1)).layers(2);
        SeqScaling scaling = Analysis.of(run.record((kind, t, b, threads) -> 0.040 + 0.0025 * 2 * t))
                .seqScaling().getFirst();
        StepCost cost = assertInstanceOf(StepCost.class, scaling.decomposition().orNull());
        assertEquals(0.0025, cost.perStepMs(), 1e-12);
        assertEquals(0.040, cost.overheadMs(), 1e-10);
        assertEquals(0, cost.perStepError(), 1e-12);
        assertEquals(1024, cost.longestLength());
        assertEquals(2048, cost.longestSteps());
        assertEquals(0.0025 * 2048 / (0.040 + 0.0025 * 2048), cost.recurrenceShare(), 1e-12);
    }

    @Test
    void stepCostFitWeighsShortLengthsLikeLongOnes() {
        // 10% noise on the longest point must not swamp a 40 µs overhead, as it would in plain least squares.
        SeqScaling scaling = only(ModelKind.LSTM,
                (kind, t, b, threads) -> (0.040 + 0.0025 * t) * (t == 1024 ? 1.10 : 1.0));
        StepCost cost = assertInstanceOf(StepCost.class, scaling.decomposition().orNull());
        assertEquals(0.040, cost.overheadMs(), 0.004);
        assertTrue(cost.perStepError() > 0);
    }

    @Test
    void transformerLatencySplitsIntoConstantLinearAndQuadraticParts() {
        SeqScaling scaling = only(ModelKind.TRANSFORMER, (kind, t, b, threads) -> 0.02 + 0.001 * t + 2e-6 * t * t);
        QuadraticLatency fit = assertInstanceOf(QuadraticLatency.class, scaling.decomposition().orNull());
        assertEquals(0.02, fit.constantMs(), 1e-9);
        assertEquals(0.001, fit.linearMs(), 1e-11);
        assertEquals(2e-6, fit.quadraticMs(), 1e-13);
        assertFalse(fit.exact());
        double total = 0.02 + 1.024 + 2e-6 * 1024 * 1024;
        assertEquals(1.024 / total, fit.linearShare(), 1e-9);
        assertEquals(2e-6 * 1024 * 1024 / total, fit.quadraticShare(), 1e-9);
        assertEquals(0.02 / total, fit.constantShare(), 1e-9);
        assertEquals(1024, fit.longestLength());
    }

    @Test
    void threeLengthsGiveAnExactQuadraticWithoutUncertainty() {
        Analysis analysis = Analysis.of(new SyntheticRun("r", List.of(ModelKind.TRANSFORMER), List.of(16, 64, 256),
                List.of(1), List.of(1)).record((kind, t, b, threads) -> 0.05 + 0.002 * t + 1e-5 * t * t));
        QuadraticLatency fit = (QuadraticLatency) analysis.seqScaling().getFirst().decomposition().orNull();
        assertTrue(fit.exact());
        assertEquals(1e-5, fit.quadraticMs(), 1e-12);
        assertTrue(Double.isNaN(fit.quadraticError()));
    }

    @Test
    void cellsOnASlowHostAreLeftOutOfTheFitsLikeContendedOnes() {
        SyntheticRun run = new SyntheticRun("r", List.of(ModelKind.LSTM), LENGTHS, List.of(1), List.of(1))
                .contended("lstm/128/1/1").slowHost("lstm/512/1/1")
                .canary(new CanarySample("2026-11-24T10:00:00Z", 30, 31, 5, null, null),
                        new CanarySample("2026-11-24T10:30:00Z", 40, 41, 5, null, null));
        // Both disturbed cells are ten times slower: were either fitted, the exponent would be far from 1.
        Analysis analysis = Analysis.of(run.record((kind, t, b, threads) -> 0.003 * t
                * (t == 128 || t == 512 ? 10 : 1)));
        SeqScaling scaling = analysis.seqScaling().getFirst();
        assertEquals(List.of(16, 32, 64, 256, 1024), scaling.fittedLengths());
        assertEquals(2, scaling.curve().disturbedCount());
        assertEquals(1.0, scaling.powerLaw().orNull().exponent(), 1e-9);
        assertEquals(1, analysis.contendedCount(), "a slow host is not contention");
        assertEquals(1, analysis.slowHostCount());
    }

    @Test
    void contendedCellsAreLeftOutOfTheFitsAndCounted() {
        SyntheticRun run = new SyntheticRun("r", List.of(ModelKind.LSTM), LENGTHS, List.of(1), List.of(1))
                .contended("lstm/128/1/1");
        // The contended cell is ten times slower: were it fitted, the exponent would be far from 1.
        Analysis analysis = Analysis.of(run.record((kind, t, b, threads) -> 0.003 * t * (t == 128 ? 10 : 1)));
        SeqScaling scaling = analysis.seqScaling().getFirst();
        assertEquals(List.of(16, 32, 64, 256, 512, 1024), scaling.fittedLengths());
        assertEquals(1, scaling.curve().disturbedCount());
        assertEquals(7, scaling.curve().points().size(), "the contended cell is still shown");
        assertEquals(1.0, scaling.powerLaw().orNull().exponent(), 1e-9);
        assertEquals(1, analysis.contendedCount());
    }

    @Test
    void tooFewCleanLengthsSayWhy() {
        SyntheticRun run = new SyntheticRun("r", List.of(ModelKind.GRU), List.of(16, 64, 256), List.of(1), List.of(1))
                .contended("gru/256/1/1");
        SeqScaling scaling = Analysis.of(run.record((kind, t, b, threads) -> 0.003 * t)).seqScaling().getFirst();
        Fit.NotFitted<PowerLaw> none = assertInstanceOf(Fit.NotFitted.class, scaling.powerLaw());
        assertEquals("too few points: 2 lengths (16, 64) measured without contention, 1 left out as contended; "
                + "a fit needs 3", none.reason(), "a run without slow-host cells keeps the sentence it always had");
        assertInstanceOf(Fit.NotFitted.class, scaling.decomposition());
    }

    @Test
    void tooFewLengthsLeftBySlowHostCellsSaySo() {
        SyntheticRun run = new SyntheticRun("r", List.of(ModelKind.GRU), List.of(16, 64, 256), List.of(1), List.of(1))
                .contended("gru/256/1/1").slowHost("gru/64/1/1")
                .canary(new CanarySample("2026-11-24T10:00:00Z", 30, 31, 5, null, null),
                        new CanarySample("2026-11-24T10:30:00Z", 40, 41, 5, null, null));
        SeqScaling scaling = Analysis.of(run.record((kind, t, b, threads) -> 0.003 * t)).seqScaling().getFirst();
        Fit.NotFitted<PowerLaw> none = assertInstanceOf(Fit.NotFitted.class, scaling.powerLaw());
        assertEquals("too few points: 1 length (16) measured undisturbed, 2 left out as contended or on a slow host; "
                + "a fit needs 3", none.reason());
    }

    @Test
    void oneCurvePerBatchAndThreadCount() {
        Analysis analysis = Analysis.of(new SyntheticRun("r", List.of(ModelKind.LSTM, ModelKind.TRANSFORMER), LENGTHS,
                List.of(1, 8), List.of(1, 2)).record((kind, t, b, threads) -> 0.001 * t * b / threads));
        assertEquals(2 * 2 * 2, analysis.seqScaling().size());
        for (SeqScaling scaling : analysis.seqScaling()) {
            assertEquals(0, scaling.curve().shape().seqLen());
            assertEquals(LENGTHS, scaling.curve().positions());
        }
    }
}
