package org.seqbench.harness.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.seqbench.results.CanarySample;
import org.seqbench.results.CellResult;
import org.seqbench.results.Numbers;
import org.seqbench.results.RunRecord;

/**
 * The canary's visits around the measurements of one run, and each measured cell's slow-host verdict: the sweep
 * calls {@link #visit} before its first cell and after each one it measures (a trial schedule can call it between
 * trials the same way), and {@link #measured} for each cell in between.
 *
 * <p>A cell is judged once the visit after it has run, against the fastest visit so far. A faster visit later in
 * the run lowers the bar, so every cell of this session is judged again at each visit: a verdict can turn slow
 * later, never back.
 */
final class HostSpeedWatch {
    /**
     * A cell, or one trial of it, and the indices, in the record's canary, of the visits before and after it.
     *
     * @param trial the trial's index; negative for a cell measured without trials
     */
    private record Bracket(String cellKey, int trial, int before, int after) {
    }

    /** A cell or trial measured since the last visit. */
    private record Measured(String cellKey, int trial) {
    }

    private final Supplier<CanarySample> canary;
    private final List<Bracket> brackets = new ArrayList<>();
    private final List<Measured> since = new ArrayList<>();
    private int lastVisit = -1;

    /** @param canary one visit of the canary, each time it is asked */
    HostSpeedWatch(Supplier<CanarySample> canary) {
        this.canary = Objects.requireNonNull(canary, "canary");
    }

    /** Notes that {@code cellKey} was measured since the last visit (a cell before any visit is not judged). */
    void measured(String cellKey) {
        measured(cellKey, -1);
    }

    /** Notes that trial {@code trial} of {@code cellKey} was measured since the last visit. */
    void measured(String cellKey, int trial) {
        if (lastVisit >= 0) {
            since.add(new Measured(cellKey, trial));
        }
    }

    /** Runs one visit of the canary and returns {@code record} with it, every bracketed cell judged again. */
    RunRecord visit(RunRecord record) {
        RunRecord visited = record.withCanary(canary.get());
        int index = visited.canary().size() - 1;
        for (Measured measured : since) {
            brackets.add(new Bracket(measured.cellKey(), measured.trial(), lastVisit, index));
        }
        since.clear();
        lastVisit = index;
        return judged(visited);
    }

    private RunRecord judged(RunRecord record) {
        List<CanarySample> visits = record.canary();
        double fastest = visits.stream().mapToDouble(CanarySample::bestMs).min().orElseThrow();
        java.util.Map<String, CellResult> cells = new java.util.LinkedHashMap<>();
        record.cells().forEach(result -> cells.put(result.cell().key(), result));
        java.util.Set<String> changed = new java.util.LinkedHashSet<>();
        for (Bracket bracket : brackets) {
            CellResult result = cells.get(bracket.cellKey());
            if (result == null || !result.ok()) {
                continue;
            }
            boolean slow = CanarySample.slowHost(visits.get(bracket.before()), visits.get(bracket.after()), fastest);
            if (bracket.trial() < 0) {
                if (!Boolean.valueOf(slow).equals(result.slowHost())) {
                    cells.put(bracket.cellKey(), result.withSlowHost(slow));
                    changed.add(bracket.cellKey());
                }
                continue;
            }
            List<CellResult.Trial> trials = new ArrayList<>(result.trials());
            for (int i = 0; i < trials.size(); i++) {
                CellResult.Trial trial = trials.get(i);
                if (trial.index() == bracket.trial() && !Boolean.valueOf(slow).equals(trial.slowHost())) {
                    trials.set(i, trial.withSlowHost(slow));
                    Boolean cellSlow = CellTrials.slowHost(trials);
                    CellResult updated = result.withTrials(trials);
                    cells.put(bracket.cellKey(), cellSlow == null ? updated : updated.withSlowHost(cellSlow));
                    changed.add(bracket.cellKey());
                }
            }
        }
        RunRecord judged = record;
        for (String key : changed) {
            judged = judged.with(cells.get(key));
        }
        return judged;
    }

    /**
     * The line the run ends with: how far the canary saw the host's speed move, and how many cells it marked; empty
     * when the canary never ran.
     */
    static Optional<String> summary(RunRecord record) {
        return CanarySample.range(record.canary()).map(range -> {
            long slow = record.cells().stream().filter(result -> Boolean.TRUE.equals(result.slowHost())).count();
            List<CellResult.Trial> trials = record.cells().stream().flatMap(result -> result.trials().stream())
                    .toList();
            long slowTrials = trials.stream().filter(trial -> Boolean.TRUE.equals(trial.slowHost())).count();
            String trialWords = trials.isEmpty() ? "" : String.format(Locale.ROOT, "; %d of %d trials were measured "
                    + "while it was slow", slowTrials, trials.size());
            Double busy = range.slowest().otherCpuCores();
            return String.format(Locale.ROOT, "host speed by the canary: 1.00x to %.2fx over %d visit%s (fastest "
                    + "%s ms, slowest %s ms at %s%s); %s", range.ratio(), range.visits(), range.visits() == 1 ? "" : "s",
                    Numbers.significant(range.fastest().bestMs(), 3), Numbers.significant(range.slowest().bestMs(), 3),
                    range.slowest().at(), busy == null ? "" : String.format(Locale.ROOT, ", others using %.2f cores",
                            busy), slow == 0 ? "no cell was measured while it was slow"
                            : slow + " cell" + (slow == 1 ? " was" : "s were") + " measured while it was slow "
                                    + "(marked, left out of the fits)") + trialWords;
        });
    }
}
