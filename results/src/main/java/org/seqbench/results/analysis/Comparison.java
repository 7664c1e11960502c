package org.seqbench.results.analysis;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.seqbench.results.Cell;
import org.seqbench.results.CellResult;
import org.seqbench.results.RunRecord;

/**
 * The statistics of {@code seqbench compare}: a current run against a baseline, cell by cell, by the
 * {@link TrialEstimator#HEADLINE headline estimator}.
 *
 * <p>Cells are matched by {@link org.seqbench.results.Cell#key()} ({@link CellPairs}, shared with
 * {@link Reproducibility}), every cell of either run taking part. A cell ok in both runs with trials in both gets
 * the headline ratio {@code current / baseline} with its 95% interval ({@link TrialEstimator#ratio}) and the
 * two-sided Mann-Whitney U p-value of the two runs' per-trial headline figures ({@link TrialEstimator#figures}).
 *
 * <p>The interval is computed across trials, the independent unit: each trial is a JVM of its own, while the
 * iterations inside one JVM share its JIT decisions, memory layout and neighbours and are not independent. No
 * hierarchical bootstrap (resampling trials, then iterations within them) is used: the headline is the minimum, and
 * no resample goes below a minimum, so resampling iterations could only pull an estimate up, never show how low it
 * might have been; the minimum's ratio gets the distribution-free rank interval of {@link MinimumRatio} instead.
 *
 * <p>The verdict, checked in this order:
 * <ol>
 *   <li>{@link Verdict#NOT_COMPARABLE}: the cell is missing or not ok on a side; its accuracy tolerance differs
 *       between the runs; or it has no trials on a side (an older record, measured as one fork).
 *   <li>{@link Verdict#NOISY}: a side is disturbed ({@link CellResult#disturbed()}); the trials are too few for an
 *       interval; or the interval's relative width {@code high / low - 1} exceeds {@link Settings#maxWidth()}.
 *   <li>{@link Verdict#REGRESSION}: the interval's low end is above 1 and the ratio above {@code 1 + t}, with
 *       {@code t} the {@link Settings#threshold()}.
 *   <li>{@link Verdict#IMPROVEMENT}: the interval's high end is below 1 and the ratio below {@code 1 / (1 + t)}, not
 *       {@code 1 - t}, so that the threshold is symmetric in log space: 1.05x slower and 1/1.05x are the same move.
 *   <li>{@link Verdict#NO_CHANGE} otherwise, an interval that excludes 1 with a ratio within the threshold included.
 * </ol>
 * Apart from the verdict, a cell whose current run fails its accuracy tolerance while the baseline passed the same
 * tolerance is {@link CellComparison#accuracyRegressed() an accuracy regression}, even if it is faster, even
 * without trials, and even when the current cell is not ok but carries its accuracy figures, as the harness records
 * a cell that failed its tolerance ("the output differs from the float64 reference").
 *
 * @param baselineRun the baseline's run id
 * @param currentRun the current run's id
 * @param settings the threshold and maximum width the verdicts were reached with
 * @param cells every cell of either run, in the baseline's order, then the cells only the current run has
 */
public record Comparison(String baselineRun, String currentRun, Settings settings, List<CellComparison> cells) {

    public Comparison {
        cells = List.copyOf(cells);
    }

    /**
     * @param threshold the practical threshold {@code t}: a ratio must pass {@code 1 + t} (or {@code 1 / (1 + t)})
     *     to count; in (0, 1), 0.05 for 5%
     * @param maxWidth the widest relative interval width {@code high / low - 1} a verdict is drawn from; above 0,
     *     0.20 for 20%
     */
    public record Settings(double threshold, double maxWidth) {
        public static final Settings DEFAULT = new Settings(0.05, 0.20);

        public Settings {
            if (!(threshold > 0 && threshold < 1)) {
                throw new IllegalArgumentException("threshold " + threshold
                        + " is not accepted: it must lie strictly between 0 and 1 (0.05 for 5%)");
            }
            if (!(maxWidth > 0)) {
                throw new IllegalArgumentException("maximum interval width " + maxWidth
                        + " is not accepted: it must be above 0 (0.20 for 20%)");
            }
        }

        /** The ratio a regression must exceed: {@code 1 + t}. */
        public double slowerBound() {
            return 1 + threshold;
        }

        /** The ratio an improvement must fall below: {@code 1 / (1 + t)}. */
        public double fasterBound() {
            return 1 / (1 + threshold);
        }
    }

    /**
     * @param counts the cells of each verdict, every verdict present
     * @param accuracyRegressions the cells less accurate than in the baseline
     * @param fewTrials the cells compared by trials with fewer than {@link CellComparison#FEW_TRIALS} on a side
     */
    public record Summary(Map<Verdict, Integer> counts, int accuracyRegressions, int fewTrials) {
        public Summary {
            counts = java.util.Collections.unmodifiableMap(new EnumMap<>(counts));
        }

        public int count(Verdict verdict) {
            return counts.getOrDefault(verdict, 0);
        }

        /** Whether any cell regressed: slower past the threshold, or less accurate. */
        public boolean hasRegression() {
            return count(Verdict.REGRESSION) > 0 || accuracyRegressions > 0;
        }
    }

    /** {@code current} against {@code baseline} with the default settings and bootstrap. */
    public static Comparison of(RunRecord baseline, RunRecord current) {
        return of(baseline, current, Settings.DEFAULT, Bootstrap.DEFAULT);
    }

    /** {@code current} against {@code baseline}. */
    public static Comparison of(RunRecord baseline, RunRecord current, Settings settings, Bootstrap bootstrap) {
        List<CellComparison> cells = new ArrayList<>();
        for (CellPairs.Pair pair : CellPairs.match(baseline, current, result -> true)) {
            cells.add(compare(pair, settings, bootstrap));
        }
        return new Comparison(baseline.runId(), current.runId(), settings, cells);
    }

    public Summary summary() {
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        for (Verdict verdict : Verdict.values()) {
            counts.put(verdict, 0);
        }
        cells.forEach(cell -> counts.merge(cell.verdict(), 1, Integer::sum));
        return new Summary(counts, (int) cells.stream().filter(CellComparison::accuracyRegressed).count(),
                (int) cells.stream().filter(CellComparison::fewTrials).count());
    }

    public boolean hasRegression() {
        return summary().hasRegression();
    }

    /**
     * The cells as a report lists them: regressions (accuracy regressions among them) first, then improvements,
     * noisy cells, no change and not comparable; within each, the largest move (|log ratio|) first, cells without a
     * ratio last, ties in the cells' order.
     */
    public List<CellComparison> ordered() {
        Comparator<CellComparison> byGroup = Comparator.comparingInt(
                cell -> cell.regressed() ? Verdict.REGRESSION.ordinal() : cell.verdict().ordinal());
        Comparator<CellComparison> byMove = Comparator.comparingDouble(
                cell -> Double.isNaN(cell.distance()) ? Double.POSITIVE_INFINITY : -cell.distance());
        return cells.stream().sorted(byGroup.thenComparing(byMove)).toList();
    }

    private static CellComparison compare(CellPairs.Pair pair, Settings settings, Bootstrap bootstrap) {
        CellResult base = pair.first();
        CellResult now = pair.second();
        Cell cell = (base != null ? base : now).cell();
        int baseTrials = base == null ? 0 : base.trials().size();
        int nowTrials = now == null ? 0 : now.trials().size();
        if (base == null || now == null) {
            return notComparable(cell, base == null ? "not in the baseline" : "not in the current run", false);
        }
        CellResult.AccuracyFigures baseAccuracy = base.accuracy();
        CellResult.AccuracyFigures nowAccuracy = now.accuracy();
        boolean sameTolerance = baseAccuracy != null && nowAccuracy != null
                && baseAccuracy.tolerance() == nowAccuracy.tolerance();
        boolean accuracyRegressed = sameTolerance && baseAccuracy.passed() && !nowAccuracy.passed();
        if (!base.ok() || !now.ok()) {
            List<String> why = new ArrayList<>();
            if (!base.ok()) {
                why.add(status(base) + " in the baseline");
            }
            if (!now.ok()) {
                why.add(status(now) + " in the current run");
            }
            return notComparable(cell, String.join("; ", why), accuracyRegressed);
        }
        if (baseAccuracy != null && nowAccuracy != null && !sameTolerance) {
            return notComparable(cell, "accuracy tolerance " + baseAccuracy.tolerance()
                    + " in the baseline but " + nowAccuracy.tolerance() + " in the current run", false);
        }
        if (baseTrials == 0 || nowTrials == 0) {
            String which = baseTrials == 0 && nowTrials == 0 ? "either run" : baseTrials == 0 ? "the baseline"
                    : "the current run";
            return new CellComparison(cell, Verdict.NOT_COMPARABLE, "no trials in " + which
                    + " (an older record, measured as one fork): nothing to compute an interval across", null,
                    Double.NaN, baseTrials, nowTrials, accuracyRegressed);
        }
        TrialEstimator headline = TrialEstimator.HEADLINE;
        TrialRatio ratio = headline.ratio(base.trials(), now.trials(), bootstrap);
        double p = new MannWhitneyUTest().mannWhitneyUTest(headline.figures(base.trials()),
                headline.figures(now.trials()));
        Verdict verdict;
        String reason;
        if (base.disturbed() || now.disturbed()) {
            verdict = Verdict.NOISY;
            reason = disturbance(base, now);
        } else if (!ratio.hasInterval()) {
            verdict = Verdict.NOISY;
            reason = ratio.noInterval() + ": measure more trials (--trials)";
        } else {
            Interval interval = ratio.interval();
            String range = number(interval.low()) + " to " + number(interval.high());
            String times = number(ratio.ratio()) + "x";
            String threshold = percent(settings.threshold());
            if (interval.high() / interval.low() - 1 > settings.maxWidth()) {
                verdict = Verdict.NOISY;
                reason = "interval " + range + " is wider than " + percent(settings.maxWidth())
                        + ": measure more trials (--trials)";
            } else if (interval.low() > 1 && ratio.ratio() > settings.slowerBound()) {
                verdict = Verdict.REGRESSION;
                reason = times + ", interval " + range + ": slower by more than " + threshold;
            } else if (interval.high() < 1 && ratio.ratio() < settings.fasterBound()) {
                verdict = Verdict.IMPROVEMENT;
                reason = times + ", interval " + range + ": faster by more than " + threshold;
            } else if (interval.contains(1)) {
                verdict = Verdict.NO_CHANGE;
                reason = times + ", interval " + range + " contains 1";
            } else {
                verdict = Verdict.NO_CHANGE;
                reason = times + ", interval " + range + " excludes 1 but the change is within " + threshold;
            }
        }
        return new CellComparison(cell, verdict, reason, ratio, p, baseTrials, nowTrials,
                accuracyRegressed);
    }

    private static CellComparison notComparable(Cell cell, String reason, boolean accuracyRegressed) {
        return new CellComparison(cell, Verdict.NOT_COMPARABLE, reason, null, Double.NaN, 0, 0, accuracyRegressed);
    }

    /** "failed (the output differs ...)", "skipped (cuda is unavailable)". */
    private static String status(CellResult result) {
        return result.status().id() + (result.reason() == null ? "" : " (" + result.reason() + ")");
    }

    /** "baseline measured under contention", "current measured on a slow host", or both. */
    private static String disturbance(CellResult base, CellResult now) {
        List<String> parts = new ArrayList<>();
        if (base.disturbed()) {
            parts.add("baseline measured " + how(base));
        }
        if (now.disturbed()) {
            parts.add("current measured " + how(now));
        }
        return String.join("; ", parts);
    }

    private static String how(CellResult result) {
        boolean slow = Boolean.TRUE.equals(result.slowHost());
        return result.contended() ? (slow ? "under contention on a slow host" : "under contention") : "on a slow host";
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** 0.05 as "5%", 0.025 as "2.5%". */
    private static String percent(double share) {
        return BigDecimal.valueOf(Math.round(share * 1000) / 10.0).stripTrailingZeros().toPlainString() + "%";
    }
}
