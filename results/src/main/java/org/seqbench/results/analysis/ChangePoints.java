package org.seqbench.results.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.apache.commons.math3.stat.inference.TestUtils;

/**
 * Where a series of per-run figures (a cell's headline latencies, oldest first) moved to a new level, found as Hunter
 * finds it (Fleming et al., "Hunter: Using Change Point Detection to Hunt for Performance Regressions", ICPE 2023;
 * now Apache Otava), in two steps:
 * <ol>
 *   <li><b>Split</b>: in a segment, the split with the largest E-divisive statistic q̂ ({@link EnergyStatistic}) is
 *       a candidate; it stays when Student's t-test between the two samples q̂ compared gives a p-value below a
 *       first-pass bound ten times looser than {@link Settings#maxPValue()} (Hunter's "weak" change points), and
 *       both sides are split again, until no segment offers a candidate.
 *   <li><b>Merge</b>: each candidate is judged between the segments either side of it, which its neighbours bound.
 *       While one has a p-value at or above the maximum, the weakest goes; then, while one moves the level by no
 *       more than {@link Settings#minChange()}, the smallest goes; after each removal the rest are judged again on
 *       their longer segments. What is left is reported.
 * </ol>
 * The loose first pass is Hunter's answer to a change hidden by another: a spike of a few runs and its recovery make
 * both sides of the first split scattered, so a split is proposed on the samples q̂ chose and judged for good only
 * once its neighbours are known. Hunter's sliding windows are left out: a history holds tens to hundreds of runs,
 * which one pass over the whole series handles (in time and memory quadratic in its length: 1,000 runs take a few
 * MB and milliseconds).
 *
 * <p><b>On logarithms.</b> Latency changes are multiplicative (a slower kernel makes every run 1.2x slower, and a
 * run's noise is a share of its latency), so the method works on log values throughout: q̂ and the t-test see
 * {@code ln(value)}, a level is the geometric mean of its segment, a change's size is its ratio, and noise of a few
 * percent has the same spread at 0.1 ms as at 100 ms, which the t-test's equal variances assume.
 *
 * <p><b>On the p-value.</b> The split is chosen where the two sides differ most, which makes an uncorrected t-test
 * find a change in about one in ten pure-noise series of 200 runs at p 0.001. So the reported p-value is the t-test's
 * times the number of splits the segments either side allowed (Bonferroni, capped at 1): with it, pure noise shows
 * a change in about {@code maxPValue} of the series up to 50 runs long and in up to twice that at 200 (the search for
 * a level between two others is not corrected for). The minimum change keeps what slips through inside the noise.
 *
 * <p><b>On few points.</b> Each level holds at least {@link Settings#minSegment()} points, so a series shorter than
 * {@link Settings#shortestSeries()} (6 by default) yields no change. With 3 points a side the t-test has 4 degrees
 * of freedom and one split to correct for: a 2x step under 2% noise gives p near 2e-6, far below 0.001; a 20% step
 * about 4e-4, near the bound; a 10% step needs more runs.
 */
public final class ChangePoints {
    private ChangePoints() {
    }

    /**
     * @param maxPValue a change is reported when its p-value between the segments either side of it is below this;
     *     in (0, 1)
     * @param minChange a change is reported when the level moves by more than this share, up or down
     *     ({@link ChangePoint#change()}); at least 0 (0 reports every significant change)
     * @param minSegment the fewest points a level may hold; at least 2 (the t-test needs two a side)
     */
    public record Settings(double maxPValue, double minChange, int minSegment) {
        /**
         * Hunter's p-value of 0.001; compare's 5% threshold, so that history and compare call the same move a change;
         * and 3 points a level, so that one or two disturbed runs never make a level of their own and the t-test has
         * at least 4 degrees of freedom.
         */
        public static final Settings DEFAULT = new Settings(0.001, 0.05, 3);

        public Settings {
            if (!(maxPValue > 0 && maxPValue < 1)) {
                throw new IllegalArgumentException("maximum p-value " + maxPValue
                        + " is not accepted: it must lie strictly between 0 and 1 (0.001 by default)");
            }
            if (!(minChange >= 0 && Double.isFinite(minChange))) {
                throw new IllegalArgumentException("minimum change " + minChange
                        + " is not accepted: it must be a finite number of at least 0 (0.05 for 5%)");
            }
            if (minSegment < 2) {
                throw new IllegalArgumentException("minimum segment " + minSegment
                        + " is not accepted: it must be at least 2 points (3 by default)");
            }
        }

        /** The shortest series in which a change can be found: a level of {@link #minSegment()} points either side. */
        public int shortestSeries() {
            return 2 * minSegment;
        }

        /** The split step's looser bound: ten times the maximum, as in Hunter, and always below 1. */
        double splitPValue() {
            return Math.min(10 * maxPValue, (1 + maxPValue) / 2);
        }
    }

    /**
     * The change points of {@code series}, sorted by index.
     *
     * @param series the figures, oldest first; each positive and finite (latencies)
     * @throws IllegalArgumentException naming the first value that is not positive and finite, and its position
     */
    public static List<ChangePoint> detect(double[] series, Settings settings) {
        double[] logs = new double[series.length];
        for (int i = 0; i < series.length; i++) {
            if (!(series[i] > 0 && Double.isFinite(series[i]))) {
                throw new IllegalArgumentException("value " + series[i] + " at position " + i
                        + " is not accepted: change points are found in positive, finite figures such as latencies");
            }
            logs[i] = Math.log(series[i]);
        }
        if (logs.length < settings.shortestSeries()) {
            return List.of();
        }
        EnergyStatistic energy = new EnergyStatistic(logs);
        List<EnergyStatistic.Candidate> candidates = new ArrayList<>();
        split(logs, energy, 0, logs.length, settings, candidates);
        candidates.sort(Comparator.comparingInt(EnergyStatistic.Candidate::index));
        return merge(logs, candidates, settings);
    }

    private static void split(double[] logs, EnergyStatistic energy, int from, int to, Settings settings,
            List<EnergyStatistic.Candidate> found) {
        EnergyStatistic.Candidate candidate = energy.best(from, to, settings.minSegment());
        if (candidate == null || tTest(logs, from, candidate.index(), candidate.end()) >= settings.splitPValue()) {
            return;
        }
        found.add(candidate);
        split(logs, energy, from, candidate.index(), settings, found);
        split(logs, energy, candidate.index(), to, settings, found);
    }

    /** Hunter's merge: the weakest candidate goes and the rest are judged again, until every one passes. */
    private static List<ChangePoint> merge(double[] logs, List<EnergyStatistic.Candidate> candidates,
            Settings settings) {
        List<EnergyStatistic.Candidate> kept = new ArrayList<>(candidates);
        while (true) {
            List<ChangePoint> judged = judge(logs, kept, settings.minSegment());
            if (judged.isEmpty()) {
                return judged;
            }
            ChangePoint weakest = judged.stream().max(Comparator.comparingDouble(ChangePoint::pValue)).orElseThrow();
            if (weakest.pValue() < settings.maxPValue()) {
                weakest = judged.stream().min(Comparator.comparingDouble(ChangePoint::change)).orElseThrow();
                if (weakest.change() > settings.minChange()) {
                    return judged;
                }
            }
            kept.remove(judged.indexOf(weakest));
        }
    }

    /** Each candidate (sorted by index) as a change point between the segments its neighbours bound. */
    private static List<ChangePoint> judge(double[] logs, List<EnergyStatistic.Candidate> candidates,
            int minSegment) {
        List<ChangePoint> judged = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            int from = i == 0 ? 0 : candidates.get(i - 1).index();
            int at = candidates.get(i).index();
            int to = i == candidates.size() - 1 ? logs.length : candidates.get(i + 1).index();
            int splits = to - from - 2 * minSegment + 1;
            judged.add(new ChangePoint(at, Math.exp(summary(logs, from, at).getMean()),
                    Math.exp(summary(logs, at, to).getMean()), Math.min(1, tTest(logs, from, at, to) * splits),
                    candidates.get(i).qHat()));
        }
        return judged;
    }

    /**
     * Student's two-sided t-test between {@code logs[from, at)} and {@code logs[at, to)} (Commons Math). Two sides
     * without any scatter are told apart exactly: the same level is p = 1, different levels p = 0.
     */
    private static double tTest(double[] logs, int from, int at, int to) {
        SummaryStatistics before = summary(logs, from, at);
        SummaryStatistics after = summary(logs, at, to);
        if (before.getVariance() == 0 && after.getVariance() == 0) {
            return before.getMean() == after.getMean() ? 1 : 0;
        }
        return TestUtils.homoscedasticTTest(before, after);
    }

    private static SummaryStatistics summary(double[] logs, int from, int to) {
        SummaryStatistics summary = new SummaryStatistics();
        for (int i = from; i < to; i++) {
            summary.addValue(logs[i]);
        }
        return summary;
    }
}
