package org.seqbench.results.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seqbench.results.RunRecord;

/**
 * A run compared with several runs of a branch ({@code compare --baseline history:main~5}): a cell regresses only when
 * it is slower than <em>every</em> one of them, each by the verdict {@link Comparison} gives against that run alone
 * (interval wholly above 1, ratio past the threshold; a comparison that is noisy only counts as agreeing when its
 * interval and ratio lie past those bounds too); improves only when it is faster than every one; and is otherwise
 * noisy where a comparison was, or unchanged. The ratio shown is the one closest to 1 of those that agree.
 *
 * <p>Not the pooled trials of the runs: with the minimum as headline, a pool's figure is the fastest of all its
 * trials, the luckiest run's, and between-run drift is not in the trials' scatter, so a pooled baseline flags more
 * cells that did not move than one run does (the README gives the figures). Run by run, one lucky baseline run cannot
 * fail the gate, and the drift between the runs is the margin a change must clear.
 */
public final class HistoryBaseline {
    private HistoryBaseline() {
    }

    /**
     * @param name the baseline's name in reports ("history:main~5")
     * @param baselines the runs, newest first (at least one)
     */
    public static Comparison compare(String name, List<RunRecord> baselines, RunRecord current,
            Comparison.Settings settings, Bootstrap bootstrap) {
        if (baselines.isEmpty()) {
            throw new IllegalArgumentException("no baseline runs to compare with");
        }
        Map<String, List<CellComparison>> byKey = new LinkedHashMap<>();
        Map<String, List<CellComparison>> heldBy = new LinkedHashMap<>();
        for (RunRecord baseline : baselines) {
            java.util.Set<String> held = new java.util.HashSet<>();
            baseline.cells().forEach(result -> held.add(result.cell().key()));
            for (CellComparison cell : Comparison.of(baseline, current, settings, bootstrap).cells()) {
                byKey.computeIfAbsent(cell.key(), key -> new ArrayList<>()).add(cell);
                if (held.contains(cell.key())) {
                    heldBy.computeIfAbsent(cell.key(), key -> new ArrayList<>()).add(cell);
                }
            }
        }
        List<CellComparison> cells = new ArrayList<>();
        byKey.forEach((key, each) -> {
            // Less accurate than every baseline run that had the cell: a run from before the cell cannot clear it.
            List<CellComparison> held = heldBy.getOrDefault(key, List.of());
            boolean lessAccurate = !held.isEmpty() && held.stream().allMatch(CellComparison::accuracyRegressed);
            cells.add(combined(each, lessAccurate, baselines.size(), settings));
        });
        return new Comparison(name, current.runId(), settings, cells);
    }

    /** One cell's comparisons, one per baseline run, as one. */
    static CellComparison combined(List<CellComparison> each, boolean lessAccurate, int runs,
            Comparison.Settings settings) {
        List<CellComparison> compared = each.stream().filter(cell -> cell.verdict() != Verdict.NOT_COMPARABLE)
                .toList();
        if (compared.isEmpty()) {
            CellComparison first = each.getFirst();
            return with(first, first.verdict(), first.reason(), lessAccurate);
        }
        Comparator<CellComparison> closestToOne = Comparator.comparingDouble(CellComparison::distance);
        String of = compared.size() == runs ? "every one of the " + runs + " baseline runs"
                : "each of the " + compared.size() + " baseline runs that measured it (of " + runs + ")";
        if (agree(compared, Verdict.REGRESSION, settings)) {
            CellComparison least = compared.stream().min(closestToOne).orElseThrow();
            return with(least, Verdict.REGRESSION, "slower than " + of + "; " + least.reason(), lessAccurate);
        }
        if (agree(compared, Verdict.IMPROVEMENT, settings)) {
            CellComparison least = compared.stream().min(closestToOne).orElseThrow();
            return with(least, Verdict.IMPROVEMENT, "faster than " + of + "; " + least.reason(), lessAccurate);
        }
        List<CellComparison> noisy = compared.stream().filter(cell -> cell.verdict() == Verdict.NOISY).toList();
        if (!noisy.isEmpty()) {
            CellComparison first = noisy.getFirst();
            return with(first, Verdict.NOISY, first.reason() + " (against " + noisy.size() + " of "
                    + compared.size() + " baseline runs)", lessAccurate);
        }
        CellComparison least = compared.stream().min(closestToOne).orElseThrow();
        long slower = compared.stream().filter(cell -> cell.verdict() == Verdict.REGRESSION).count();
        long faster = compared.stream().filter(cell -> cell.verdict() == Verdict.IMPROVEMENT).count();
        String reason = slower + faster == 0 ? least.reason()
                : (slower > 0 ? "slower than " + slower : "faster than " + faster) + (slower > 0 && faster > 0
                        ? " and faster than " + faster : "") + " of " + compared.size()
                        + " baseline runs: within the spread between them";
        return with(least, Verdict.NO_CHANGE, reason, lessAccurate);
    }

    /**
     * Whether the comparisons agree on {@code verdict}: at least one reached it, and each of the others is noisy
     * (its interval too wide, or a side disturbed) while its interval and ratio lie on the same side past the
     * threshold, as the verdict asks. A noisy comparison cannot establish a change, but one whose whole interval is
     * past it does not contradict one.
     */
    private static boolean agree(List<CellComparison> compared, Verdict verdict, Comparison.Settings settings) {
        boolean reached = false;
        for (CellComparison cell : compared) {
            if (cell.verdict() == verdict) {
                reached = true;
            } else if (!(cell.verdict() == Verdict.NOISY && beyond(cell, verdict, settings))) {
                return false;
            }
        }
        return reached;
    }

    private static boolean beyond(CellComparison cell, Verdict verdict, Comparison.Settings settings) {
        if (cell.ratio() == null || !cell.ratio().hasInterval()) {
            return false;
        }
        Interval interval = cell.ratio().interval();
        return verdict == Verdict.REGRESSION
                ? interval.low() > 1 && cell.ratioValue() > settings.slowerBound()
                : interval.high() < 1 && cell.ratioValue() < settings.fasterBound();
    }

    private static CellComparison with(CellComparison cell, Verdict verdict, String reason, boolean lessAccurate) {
        return new CellComparison(cell.cell(), verdict, reason, cell.ratio(), cell.pValue(), cell.baselineTrials(),
                cell.currentTrials(), lessAccurate);
    }
}
