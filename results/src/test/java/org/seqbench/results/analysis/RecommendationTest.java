package org.seqbench.results.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.seqbench.core.ModelKind;
import org.seqbench.results.RunRecord;
import org.seqbench.results.analysis.Recommendation.Candidate;
import org.seqbench.results.analysis.Recommendation.Excluded;
import org.seqbench.results.analysis.Recommendation.NoneMeetsGoal;
import org.seqbench.results.analysis.Recommendation.NotInRun;
import org.seqbench.results.analysis.Recommendation.OutsideRange;
import org.seqbench.results.analysis.Recommendation.Provenance;
import org.seqbench.results.analysis.Recommendation.Recommended;

/**
 * Recommendations on synthetic cells whose latencies follow known laws: between measured lengths and batches the
 * prediction is the law's value (exactly, for exact data) and its interval covers it (with noise, as often as a 95%
 * interval should); past the measured range by more than the stated factor it refuses and says what to measure; only
 * cells within their accuracy tolerance count; and the margin's significance comes from the trials where both
 * candidates were measured.
 */
class RecommendationTest {
    private static final List<Integer> LENGTHS = List.of(16, 64, 256);
    private static final List<Integer> BATCHES = List.of(1, 8);

    /** latency = 0.1 ms + 0.01 ms per step, times batch^0.5: a step cost along T, a power law along batch. */
    private static final LawRun.Law STEPS = (seqLen, batch) -> (0.1 + 0.01 * seqLen) * Math.sqrt(batch);

    private static Recommendation recommend(RunRecord run, ModelKind kind, int seqLen, int batch) {
        return Recommendation.of(run, new Workload(kind, seqLen, batch, null, null, null, null));
    }

    private static RunRecord twoBackends(List<Integer> lengths, List<Integer> batches) {
        return new LawRun().add("onnx", ModelKind.LSTM, lengths, batches, STEPS)
                .add("djl", ModelKind.LSTM, lengths, batches, (seqLen, batch) -> 2 * STEPS.ms(seqLen, batch)).record();
    }

    @Test
    void aMeasuredWorkloadIsTheCellsOwnFigures() {
        Recommendation recommendation = recommend(twoBackends(LENGTHS, BATCHES), ModelKind.LSTM, 64, 8);
        Recommended answer = assertInstanceOf(Recommended.class, recommendation.outcome());
        Candidate winner = answer.winner();
        assertEquals("onnx[v1]", winner.label(false));
        assertEquals(Provenance.MEASURED, winner.provenance());
        assertEquals(List.of("onnx/v1/lstm/T64/B8/H128/L1/t1/fp32/cpu"), winner.restsOnKeys());
        assertEquals(STEPS.ms(64, 8), winner.headline().ms(), 1e-12);
        assertFalse(winner.headline().hasInterval(), "the minimum has no interval within a run");
        assertEquals(STEPS.ms(64, 8) * LawRun.P50_FACTOR, winner.p50().ms(), 1e-12);
        assertTrue(winner.p50().hasInterval(), "the median of six trial medians has an order-statistic interval");
        assertEquals(8 / (winner.p50().ms() / 1000), winner.perSecond(false), 1e-9);
        assertEquals(64 * 8 / (winner.p50().ms() / 1000), winner.perSecond(true), 1e-6);

        assertEquals("djl[v1]", answer.runnerUp().label(false));
        assertEquals(2, answer.margin().ratio(), 1e-12);
        assertEquals(Interval.Method.EXTREME_RANKS, answer.margin().interval().method(),
                "both measured: the ratio of minima gets its distribution-free interval from the trials");
        assertTrue(answer.margin().significant(), "twice as fast, with trials 10% apart at most");
    }

    @Test
    void betweenMeasuredLengthsThePredictionIsTheStepCostLaw() {
        Recommendation recommendation = recommend(twoBackends(LENGTHS, BATCHES), ModelKind.LSTM, 128, 8);
        Candidate winner = assertInstanceOf(Recommended.class, recommendation.outcome()).winner();
        assertEquals(Provenance.ALONG_LENGTH, winner.provenance());
        assertEquals(STEPS.ms(128, 8), winner.headline().ms(), 1e-9 * STEPS.ms(128, 8));
        assertEquals(STEPS.ms(128, 8) * LawRun.P50_FACTOR, winner.p50().ms(), 1e-9 * STEPS.ms(128, 8));
        assertEquals(Interval.Method.FIT_RESIDUALS, winner.headline().interval().method());
        assertTrue(winner.headline().interval().contains(STEPS.ms(128, 8) * (1 - 1e-9)) || winner.headline()
                .interval().contains(STEPS.ms(128, 8)), "exact data: the interval closes on the law");
        assertEquals(List.of("onnx/v1/lstm/T16/B8/H128/L1/t1/fp32/cpu", "onnx/v1/lstm/T64/B8/H128/L1/t1/fp32/cpu",
                "onnx/v1/lstm/T256/B8/H128/L1/t1/fp32/cpu"), winner.restsOnKeys(), "the cells the fit was made on");
        assertTrue(winner.how().contains("step cost") && winner.how().contains("T = 16, 64, 256")
                && winner.how().contains("B = 8"), winner.how());
        assertFalse(winner.beyondMeasured());
        Margin margin = assertInstanceOf(Recommended.class, recommendation.outcome()).margin();
        assertEquals(2, margin.ratio(), 1e-9);
        assertEquals(Interval.Method.COMBINED, margin.interval().method(), "two predictions: their intervals combined");
    }

    @Test
    void theTransformerIsInterpolatedAlongItsQuadraticLaw() {
        LawRun.Law quadratic = (seqLen, batch) -> 0.02 + 0.001 * seqLen + 1e-5 * seqLen * seqLen;
        RunRecord run = new LawRun().add("onnx", ModelKind.TRANSFORMER, List.of(16, 32, 64, 128, 256), List.of(1),
                quadratic).record();
        Candidate winner = assertInstanceOf(Recommended.class,
                recommend(run, ModelKind.TRANSFORMER, 96, 1).outcome()).winner();
        assertEquals(quadratic.ms(96, 1), winner.headline().ms(), 1e-9);
        assertTrue(winner.how().contains("a + b·T + c·T²"), winner.how());
        assertTrue(winner.headline().hasInterval(), "5 lengths, 3 coefficients: residuals to estimate one from");

        RunRecord three = new LawRun().add("onnx", ModelKind.TRANSFORMER, LENGTHS, List.of(1), quadratic).record();
        Candidate exact = assertInstanceOf(Recommended.class,
                recommend(three, ModelKind.TRANSFORMER, 128, 1).outcome()).winner();
        assertEquals(quadratic.ms(128, 1), exact.headline().ms(), 1e-9);
        assertFalse(exact.headline().hasInterval());
        assertEquals(PredictedLatency.EXACT_FIT, exact.headline().noInterval(), "3 lengths fit 3 coefficients exactly");
    }

    @Test
    void betweenMeasuredBatchesThePredictionFollowsThePowerLawThroughTheTwo() {
        RunRecord run = twoBackends(LENGTHS, List.of(1, 4, 16));
        Candidate measuredLength = assertInstanceOf(Recommended.class,
                recommend(run, ModelKind.LSTM, 64, 8).outcome()).winner();
        assertEquals(Provenance.ALONG_BATCH, measuredLength.provenance());
        assertEquals(STEPS.ms(64, 8), measuredLength.headline().ms(), 1e-9, "batch^0.5 is a power law in batch");
        assertEquals(List.of("onnx/v1/lstm/T64/B4/H128/L1/t1/fp32/cpu", "onnx/v1/lstm/T64/B16/H128/L1/t1/fp32/cpu"),
                measuredLength.restsOnKeys(), "the two batches around 8");
        assertTrue(measuredLength.p50().hasInterval(), "the two cells' p50 intervals carried along");
        assertEquals(Interval.Method.INTERPOLATED, measuredLength.p50().interval().method());
        assertTrue(measuredLength.p50().interval().contains(STEPS.ms(64, 8) * LawRun.P50_FACTOR));

        Margin margin = assertInstanceOf(Recommended.class, recommend(run, ModelKind.LSTM, 64, 8).outcome()).margin();
        assertEquals(2, margin.ratio(), 1e-9);
        assertEquals(Interval.Method.INTERPOLATED, margin.interval().method(),
                "both measured at B = 4 and 16: the margins measured there, from their trials, carried along");
        assertTrue(margin.significant());

        Candidate both = assertInstanceOf(Recommended.class, recommend(run, ModelKind.LSTM, 128, 8).outcome())
                .winner();
        assertEquals(Provenance.ALONG_BOTH, both.provenance());
        assertEquals(STEPS.ms(128, 8), both.headline().ms(), 1e-9);
        assertEquals(6, both.restsOnKeys().size(), "the fits at B = 4 and at B = 16");
    }

    @Test
    void withNoiseThePredictionIsCloseAndItsIntervalCoversTheLawAtLeastAsOftenAsA95PercentIntervalShould() {
        List<Integer> lengths = List.of(16, 32, 64, 128, 256, 512, 1024);
        int runs = 200;
        int covered = 0;
        double worst = 0;
        List<Double> widths = new java.util.ArrayList<>();
        for (int seed = 0; seed < runs; seed++) {
            RunRecord run = new LawRun().noise(new SplittableRandom(seed), 0.03)
                    .add("onnx", ModelKind.GRU, lengths, List.of(8), STEPS).record();
            for (int seqLen : List.of(48, 384, 1200)) {
                Candidate winner = assertInstanceOf(Recommended.class,
                        recommend(run, ModelKind.GRU, seqLen, 8).outcome()).winner();
                double truth = STEPS.ms(seqLen, 8);
                worst = Math.max(worst, Math.abs(winner.headline().ms() / truth - 1));
                covered += winner.headline().interval().contains(truth) ? 1 : 0;
                widths.add(winner.headline().interval().high() / winner.headline().interval().low() - 1);
            }
        }
        double coverage = covered / (3.0 * runs);
        assertTrue(coverage >= 0.93, "the interval covers the law in " + coverage + " of the predictions");
        assertTrue(worst < 0.1, "3% noise per cell, 7 lengths: every prediction within 10% of the law, worst " + worst);
        double medianWidth = widths.stream().sorted().toList().get(widths.size() / 2);
        assertTrue(medianWidth < 0.3, "and the interval says something: high / low - 1 is " + medianWidth);
    }

    @Test
    void refusesToExtrapolateBeyondTheStatedFactorAndSaysWhatToMeasure() {
        RunRecord run = twoBackends(LENGTHS, BATCHES);
        Candidate reach = assertInstanceOf(Recommended.class, recommend(run, ModelKind.LSTM, 320, 8).outcome())
                .winner();
        assertTrue(reach.beyondMeasured(), "320 is 1.25 times 256: within reach, and said to be beyond");
        assertTrue(reach.how().contains("1.25x past T = 256"), reach.how());
        assertEquals(STEPS.ms(320, 8), reach.headline().ms(), 1e-9);

        Recommendation far = recommend(run, ModelKind.LSTM, 512, 8);
        OutsideRange refusal = assertInstanceOf(OutsideRange.class, far.outcome());
        assertEquals("measure T = 512", refusal.measure());
        assertTrue(far.ranked().isEmpty(), "nothing is predicted out there");
        assertEquals(2, far.excluded().size());
        assertTrue(far.excluded().getFirst().reason().contains("T = 512 is outside its measured lengths at B = 8 (T = "
                + "16 to 256; a prediction reaches 1.25x past them)"), far.excluded().getFirst().reason());

        assertInstanceOf(OutsideRange.class, recommend(run, ModelKind.LSTM, 12, 8).outcome(),
                "16 / 1.25 = 12.8: 12 is too short");
        assertInstanceOf(Recommended.class, recommend(run, ModelKind.LSTM, 13, 8).outcome());
        assertInstanceOf(Recommended.class, recommend(run, ModelKind.LSTM, 64, 10).outcome(), "8 x 1.25 = 10");
        assertEquals("measure B = 11", assertInstanceOf(OutsideRange.class,
                recommend(run, ModelKind.LSTM, 64, 11).outcome()).measure());
        assertEquals("measure T = 512, B = 64", assertInstanceOf(OutsideRange.class,
                recommend(run, ModelKind.LSTM, 512, 64).outcome()).measure(), "the batch first fails, then the length");
    }

    @Test
    void tooFewLengthsOrOneBatchIsARefusalNotAGuess() {
        RunRecord two = twoBackends(List.of(16, 64), List.of(8));
        Recommendation between = recommend(two, ModelKind.LSTM, 32, 8);
        assertEquals("measure T = 32", assertInstanceOf(OutsideRange.class, between.outcome()).measure());
        assertTrue(between.excluded().getFirst().reason().contains("2 lengths measured undisturbed (T = 16, 64); "
                + "interpolating along T needs 3"), between.excluded().getFirst().reason());
        Recommendation otherBatch = recommend(two, ModelKind.LSTM, 16, 4);
        assertEquals("measure B = 4", assertInstanceOf(OutsideRange.class, otherBatch.outcome()).measure());
        assertTrue(otherBatch.excluded().getFirst().reason().contains("one batch measured (B = 8)"));
    }

    @Test
    void aCandidateOutsideItsToleranceNeverWinsWhereItsCellsMissedIt() {
        List<Integer> lengths = List.of(16, 64, 256, 1024);
        RunRecord run = new LawRun().add("fast", ModelKind.RNN, lengths, BATCHES, (t, b) -> 0.5 * STEPS.ms(t, b))
                .add("onnx", ModelKind.RNN, lengths, BATCHES, STEPS).inaccurate("fast", ModelKind.RNN, 64, 8)
                .record();
        Recommendation across = recommend(run, ModelKind.RNN, 512, 8);
        Recommended answer = assertInstanceOf(Recommended.class, across.outcome());
        assertEquals("onnx[v1]", answer.winner().label(false), "the fit over 16 to 1024 spans the inaccurate T = 64");
        assertNull(answer.runnerUp());
        Excluded fast = across.excluded().getFirst();
        assertTrue(fast.reason().startsWith("missed its accuracy tolerance at T = 64, B = 8 (max abs error 3.0e-03 > "
                + "tolerance 1.0e-04)"), fast.reason());
        assertFalse(fast.outsideRange());

        assertEquals("fast[v1]", assertInstanceOf(Recommended.class, recommend(run, ModelKind.RNN, 16, 8).outcome())
                .winner().label(false), "at a measured cell within its tolerance it still wins");
        assertEquals("fast[v1]", assertInstanceOf(Recommended.class, recommend(run, ModelKind.RNN, 512, 1).outcome())
                .winner().label(false), "at batch 1 every cell of it was within tolerance");

        RunRecord wrong = new LawRun().add("fast", ModelKind.RNN, LENGTHS, BATCHES, STEPS)
                .inaccurate("fast", ModelKind.RNN, 64, 8).record();
        Recommendation none = recommend(wrong, ModelKind.RNN, 64, 8);
        assertInstanceOf(Recommendation.NoneAccurate.class, none.outcome());
        assertTrue(none.excluded().getFirst().reason().startsWith("missed its accuracy tolerance in this very cell"));
    }

    @Test
    void aGoalPicksTheFastestThatMeetsItOrNamesTheClosest() {
        RunRecord run = twoBackends(LENGTHS, BATCHES);
        double p50 = STEPS.ms(64, 8) * LawRun.P50_FACTOR;
        Recommendation met = Recommendation.of(run, new Workload(ModelKind.LSTM, 64, 8, null, null, null,
                new Goal.LatencyBudget(p50 * 1.01)));
        assertEquals("onnx[v1]", assertInstanceOf(Recommended.class, met.outcome()).winner().label(false));
        Recommendation missed = Recommendation.of(run, new Workload(ModelKind.LSTM, 64, 8, null, null, null,
                new Goal.LatencyBudget(p50 * 0.99)));
        assertEquals("onnx[v1]", assertInstanceOf(NoneMeetsGoal.class, missed.outcome()).closest().label(false));

        double sequences = 8 / (p50 / 1000);
        assertInstanceOf(Recommended.class, Recommendation.of(run, new Workload(ModelKind.LSTM, 64, 8, null, null,
                null, new Goal.ThroughputTarget(sequences * 0.99, false))).outcome());
        assertInstanceOf(NoneMeetsGoal.class, Recommendation.of(run, new Workload(ModelKind.LSTM, 64, 8, null, null,
                null, new Goal.ThroughputTarget(64 * sequences * 1.01, true))).outcome(), "tokens: 64 per sequence");
    }

    @Test
    void anyKindRanksEveryKindTogether() {
        RunRecord run = new LawRun().add("onnx", ModelKind.LSTM, LENGTHS, BATCHES, STEPS)
                .add("onnx", ModelKind.GRU, LENGTHS, BATCHES, (t, b) -> 0.8 * STEPS.ms(t, b))
                .add("djl", ModelKind.TRANSFORMER, LENGTHS, BATCHES, (t, b) -> 3 * STEPS.ms(t, b)).record();
        Recommendation any = recommend(run, null, 64, 8);
        assertEquals(List.of("onnx[v1] gru", "onnx[v1] lstm", "djl[v1] transformer"),
                any.ranked().stream().map(candidate -> candidate.label(true)).toList());
        assertEquals(1.25, assertInstanceOf(Recommended.class, any.outcome()).margin().ratio(), 1e-9);
    }

    @Test
    void aKindHiddenSizeOrThreadCountTheRunDidNotMeasureIsNamedWithWhatItDid() {
        RunRecord run = new LawRun().add("onnx", ModelKind.LSTM, LENGTHS, BATCHES, 1, 128, STEPS)
                .add("onnx", ModelKind.LSTM, LENGTHS, BATCHES, 2, 128, STEPS)
                .add("onnx", ModelKind.TRANSFORMER, LENGTHS, BATCHES, 1, 64, STEPS).record();
        assertEquals(new NotInRun("kind", "gru", List.of("lstm", "transformer")),
                recommend(run, ModelKind.GRU, 64, 8).outcome());
        assertEquals(new NotInRun("threads", null, List.of("1", "2")), recommend(run, ModelKind.LSTM, 64, 8).outcome(),
                "two thread counts and none asked for");
        assertEquals(new NotInRun("hidden size", "256", List.of("128")), Recommendation.of(run,
                new Workload(ModelKind.LSTM, 64, 8, 256, null, 1, null)).outcome());
        Recommendation two = Recommendation.of(run, new Workload(ModelKind.LSTM, 64, 8, null, null, 2, null));
        assertTrue(two.recommended());
        assertEquals(new Workload(ModelKind.LSTM, 64, 8, 128, 1, 2, null), two.workload(), "resolved against the run");
    }

    @Test
    void theDecisionAtEachMeasuredPointNamesTheWinnerAndWhetherItsMarginIsSignificant() {
        RunRecord run = new LawRun().add("onnx", ModelKind.LSTM, LENGTHS, BATCHES, STEPS)
                .add("djl", ModelKind.LSTM, LENGTHS, BATCHES, (t, b) -> (b == 8 ? 1.01 : 0.5) * STEPS.ms(t, b))
                .inaccurate("djl", ModelKind.LSTM, 256, 1).record();
        List<Decision> decisions = Analysis.of(run).decisions();
        assertEquals(6, decisions.size(), "3 lengths x 2 batches of one kind");
        Decision first = decisions.getFirst();
        assertEquals("djl", first.winner().cell().backend());
        assertEquals(2, first.margin().ratio(), 1e-9);
        assertTrue(first.margin().significant());
        Decision close = decisions.stream().filter(decision -> decision.point().batch() == 8).findFirst().orElseThrow();
        assertEquals("onnx", close.winner().cell().backend());
        assertEquals(1.01, close.margin().ratio(), 1e-9);
        assertFalse(close.margin().significant(), "1% apart with trials spread 10%: not shown by six trials each");
        Decision wrong = decisions.stream().filter(decision -> decision.point().batch() == 1
                && decision.point().seqLen() == 256).findFirst().orElseThrow();
        assertEquals("onnx", wrong.winner().cell().backend(), "djl missed its tolerance there");
        assertEquals(1, wrong.missedTolerance());
        assertNull(wrong.margin());
    }
}
