package org.seqbench.results.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Change points on synthetic series of known answer: levels times log-normal noise from a seeded {@link Random}.
 * Planted steps must be found where they were planted, pure noise must show changes no more often than the maximum
 * p-value allows, and a step inside the minimum change must not be reported however significant it is.
 */
class ChangePointsTest {
    private static final ChangePoints.Settings DEFAULT = ChangePoints.Settings.DEFAULT;

    /** {@code levels[k]} for {@code lengths[k]} points each, times {@code exp(noise × N(0, 1))}. */
    private static double[] series(Random random, double noise, double[] levels, int... lengths) {
        double[] series = new double[Arrays.stream(lengths).sum()];
        int i = 0;
        for (int k = 0; k < lengths.length; k++) {
            for (int j = 0; j < lengths[k]; j++) {
                series[i++] = levels[k] * Math.exp(noise * random.nextGaussian());
            }
        }
        return series;
    }

    private static List<Integer> indexes(List<ChangePoint> changes) {
        return changes.stream().map(ChangePoint::index).toList();
    }

    @Test
    void threeRunsBeforeAndThreeAfterATwofoldStepUnderTwoPercentNoiseAreEnough() {
        for (int seed = 0; seed < 100; seed++) {
            double[] series = series(new Random(seed), 0.02, new double[] {1.0, 2.0}, 3, 3);
            List<ChangePoint> changes = ChangePoints.detect(series, DEFAULT);
            assertEquals(List.of(3), indexes(changes), "seed " + seed + ": " + Arrays.toString(series));
            ChangePoint change = changes.getFirst();
            assertEquals(2.0, change.ratio(), 0.1, "the levels' ratio");
            assertTrue(change.pValue() < 1e-4, "p " + change.pValue());
            assertTrue(change.qHat() > 0, "q̂ " + change.qHat());
        }
    }

    @ParameterizedTest(name = "{2}x after {0} of {1} runs")
    @CsvSource({"3, 6, 1.5", "3, 6, 0.5", "5, 8, 1.3", "4, 10, 0.75", "10, 20, 1.25", "30, 50, 1.2", "17, 50, 0.8",
        "100, 200, 1.2", "150, 200, 0.85", "197, 200, 1.5", "3, 200, 2.0"})
    void aPlantedStepIsFoundAtTheRunThatStartsTheNewLevel(int at, int length, double step) {
        for (int seed = 0; seed < 20; seed++) {
            double[] series = series(new Random(seed), 0.02, new double[] {1.0, step}, at, length - at);
            List<ChangePoint> changes = ChangePoints.detect(series, DEFAULT);
            assertEquals(List.of(at), indexes(changes), "seed " + seed);
            assertEquals(step, changes.getFirst().ratio(), step * 0.05, "seed " + seed + ": the levels' ratio");
        }
    }

    @Test
    void twoPlantedStepsAreBothFoundWithTheLevelsBetweenThem() {
        for (int seed = 0; seed < 50; seed++) {
            double[] series = series(new Random(seed), 0.03, new double[] {1.0, 1.4, 0.9}, 12, 9, 15);
            List<ChangePoint> changes = ChangePoints.detect(series, DEFAULT);
            assertEquals(List.of(12, 21), indexes(changes), "seed " + seed);
            assertEquals(changes.get(0).after(), changes.get(1).before(), 1e-12,
                    "the middle level is the same segment's mean on both sides");
            assertEquals(1.4, changes.get(0).ratio(), 0.07);
            assertEquals(0.9 / 1.4, changes.get(1).ratio(), 0.04);
        }
    }

    @Test
    void aSpikeOfThreeRunsAndItsRecoveryAreTwoChanges() {
        // The first split's sides are both scattered here (one side holds the spike and the recovery): the case
        // Hunter's loose first pass is for.
        for (int seed = 0; seed < 50; seed++) {
            double[] series = series(new Random(seed), 0.02, new double[] {1.0, 1.6, 1.0}, 4, 3, 4);
            assertEquals(List.of(4, 7), indexes(ChangePoints.detect(series, DEFAULT)), "seed " + seed);
        }
    }

    /**
     * With the defaults (p 0.001, a change above 5%), noise of 2 to 5% alone yields a change in no more than a
     * thousandth of the series: 3,000 series of lengths 6 to 200, which allow 3.
     */
    @Test
    void pureNoiseYieldsNoMoreChangesThanTheMaximumPValueAllows() {
        int series = 0;
        int withChanges = 0;
        for (double noise : new double[] {0.02, 0.035, 0.05}) {
            for (int length : new int[] {6, 10, 20, 50, 200}) {
                for (int seed = 0; seed < 200; seed++) {
                    series++;
                    if (!ChangePoints.detect(series(new Random(seed), noise, new double[] {1.0}, length), DEFAULT)
                            .isEmpty()) {
                        withChanges++;
                    }
                }
            }
        }
        assertTrue(withChanges <= DEFAULT.maxPValue() * series, withChanges + " of " + series
                + " pure-noise series showed a change");
    }

    /**
     * The p-value on its own (no minimum change) keeps its promise on pure noise despite the search for the split:
     * at 0.05, a change shows in at most 5% of the series, plus three binomial standard errors of 1,000 series.
     */
    @ParameterizedTest(name = "length {0}")
    @CsvSource({"6", "10", "20", "50"})
    void thePValueBoundsHowOftenPureNoiseShowsAChange(int length) {
        ChangePoints.Settings pOnly = new ChangePoints.Settings(0.05, 0, 3);
        int withChanges = 0;
        int trials = 1000;
        for (int seed = 0; seed < trials; seed++) {
            if (!ChangePoints.detect(series(new Random(seed), 0.03, new double[] {1.0}, length), pOnly).isEmpty()) {
                withChanges++;
            }
        }
        double allowed = 0.05 + 3 * Math.sqrt(0.05 * 0.95 / trials);
        assertTrue(withChanges <= allowed * trials, withChanges + " of " + trials + " series of " + length
                + " runs showed a change");
    }

    @Test
    void aSignificantStepSmallerThanTheMinimumChangeIsNotReported() {
        // A 3% step under 0.3% noise over 40 runs a side: a t-test p far below 1e-20, and still inside the 5%.
        double[] series = series(new Random(7), 0.003, new double[] {1.0, 1.03}, 40, 40);
        assertEquals(List.of(), ChangePoints.detect(series, DEFAULT));
        List<ChangePoint> withOnePercent = ChangePoints.detect(series, new ChangePoints.Settings(0.001, 0.01, 3));
        assertEquals(List.of(40), indexes(withOnePercent), "the same step passes a 1% minimum");
        assertEquals(0.03, withOnePercent.getFirst().change(), 0.003);
    }

    @Test
    void aFasterStepCountsAsMuchAsASlowerOneOfTheSameRatio() {
        ChangePoint slower = new ChangePoint(3, 1.0, 1.06, 0, 1);
        ChangePoint faster = new ChangePoint(3, 1.06, 1.0, 0, 1);
        assertEquals(slower.change(), faster.change(), 1e-12);
        assertEquals(0.06, slower.change(), 1e-12);
    }

    @Test
    void aConstantSeriesHasNoChangeAndTwoFlatLevelsAreOneWithoutNaN() {
        double[] constant = new double[20];
        Arrays.fill(constant, 1.25);
        assertEquals(List.of(), ChangePoints.detect(constant, DEFAULT));

        double[] flat = {2, 2, 2, 2, 3, 3, 3, 3, 3};
        List<ChangePoint> changes = ChangePoints.detect(flat, DEFAULT);
        assertEquals(List.of(4), indexes(changes));
        ChangePoint change = changes.getFirst();
        assertEquals(0, change.pValue(), "levels without scatter are told apart exactly");
        assertEquals(2, change.before(), 1e-12);
        assertEquals(3, change.after(), 1e-12);
        assertTrue(Double.isFinite(change.qHat()) && change.qHat() > 0, "q̂ " + change.qHat());
    }

    @Test
    void aSeriesShorterThanTwoMinimumSegmentsHasNoChange() {
        assertEquals(6, DEFAULT.shortestSeries());
        assertEquals(List.of(), ChangePoints.detect(new double[] {1, 1, 1, 10, 10}, DEFAULT));
        assertEquals(List.of(), ChangePoints.detect(new double[] {1}, DEFAULT));
        assertEquals(List.of(), ChangePoints.detect(new double[0], DEFAULT));
        ChangePoints.Settings longer = new ChangePoints.Settings(0.001, 0.05, 5);
        assertEquals(List.of(), ChangePoints.detect(new double[] {1, 1, 1, 1, 10, 10, 10, 10, 10}, longer));
        assertEquals(List.of(3), indexes(ChangePoints.detect(new double[] {1, 1, 1, 10, 10, 10}, DEFAULT)));
    }

    @Test
    void noLevelIsShorterThanTheMinimumSegment() {
        // Two slow runs in a row are not a level of their own at 3 runs a level, however slow.
        double[] series = series(new Random(3), 0.02, new double[] {1.0, 3.0, 1.0}, 6, 2, 6);
        assertEquals(List.of(), ChangePoints.detect(series, DEFAULT));
        assertEquals(List.of(6, 8), indexes(ChangePoints.detect(series, new ChangePoints.Settings(0.001, 0.05, 2))));
    }

    @Test
    void aValueThatIsNotAPositiveFiniteLatencyIsRefusedByPosition() {
        for (double bad : new double[] {0, -1.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> ChangePoints.detect(new double[] {1, 1, bad, 1, 1, 1}, DEFAULT));
            assertEquals("value " + bad + " at position 2 is not accepted: change points are found in positive, "
                    + "finite figures such as latencies", error.getMessage());
        }
    }

    @Test
    void settingsOutsideTheirRangesAreRefusedNamingTheValueAndTheRange() {
        assertEquals("maximum p-value 0.0 is not accepted: it must lie strictly between 0 and 1 (0.001 by default)",
                assertThrows(IllegalArgumentException.class, () -> new ChangePoints.Settings(0, 0.05, 3))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ChangePoints.Settings(1, 0.05, 3));
        assertThrows(IllegalArgumentException.class, () -> new ChangePoints.Settings(Double.NaN, 0.05, 3));
        assertEquals("minimum change -0.01 is not accepted: it must be a finite number of at least 0 (0.05 for 5%)",
                assertThrows(IllegalArgumentException.class, () -> new ChangePoints.Settings(0.001, -0.01, 3))
                        .getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new ChangePoints.Settings(0.001, Double.POSITIVE_INFINITY, 3));
        assertEquals("minimum segment 1 is not accepted: it must be at least 2 points (3 by default)",
                assertThrows(IllegalArgumentException.class, () -> new ChangePoints.Settings(0.001, 0.05, 1))
                        .getMessage());
    }

    /** Any clear step (1.5x to 3x up or down, under at most 2% noise) anywhere in 6 to 60 runs is found where it is. */
    @Property(tries = 200, seed = "20261202")
    void aClearStepIsFoundWhereverItIs(@ForAll @IntRange(min = 6, max = 60) int length,
            @ForAll @DoubleRange(min = 0, max = 1) double place,
            @ForAll @DoubleRange(min = 1.5, max = 3) double step,
            @ForAll boolean faster,
            @ForAll @DoubleRange(min = 0.001, max = 0.02) @Scale(4) double noise,
            @ForAll long seed) {
        int at = 3 + (int) Math.round(place * (length - 6));
        double after = faster ? 1 / step : step;
        double[] series = series(new Random(seed), noise, new double[] {1.0, after}, at, length - at);
        assertEquals(List.of(at), indexes(ChangePoints.detect(series, DEFAULT)));
    }
}
