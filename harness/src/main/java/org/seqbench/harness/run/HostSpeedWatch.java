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
    /** A cell and the indices, in the record's canary, of the visits before and after it. */
    private record Bracket(String cellKey, int before, int after) {
    }

    private final Supplier<CanarySample> canary;
    private final List<Bracket> brackets = new ArrayList<>();
    private final List<String> since = new ArrayList<>();
    private int lastVisit = -1;

    /** @param canary one visit of the canary, each time it is asked */
    HostSpeedWatch(Supplier<CanarySample> canary) {
        this.canary = Objects.requireNonNull(canary, "canary");
    }

    /** Notes that {@code cellKey} was measured since the last visit (a cell before any visit is not judged). */
    void measured(String cellKey) {
        if (lastVisit >= 0) {
            since.add(cellKey);
        }
    }

    /** Runs one visit of the canary and returns {@code record} with it, every bracketed cell judged again. */
    RunRecord visit(RunRecord record) {
        RunRecord visited = record.withCanary(canary.get());
        int index = visited.canary().size() - 1;
        for (String cellKey : since) {
            brackets.add(new Bracket(cellKey, lastVisit, index));
        }
        since.clear();
        lastVisit = index;
        return judged(visited);
    }

    private RunRecord judged(RunRecord record) {
        List<CanarySample> visits = record.canary();
        double fastest = visits.stream().mapToDouble(CanarySample::bestMs).min().orElseThrow();
        RunRecord judged = record;
        for (Bracket bracket : brackets) {
            boolean slow = CanarySample.slowHost(visits.get(bracket.before()), visits.get(bracket.after()), fastest);
            for (CellResult result : record.cells()) {
                if (result.cell().key().equals(bracket.cellKey()) && result.ok()
                        && !Boolean.valueOf(slow).equals(result.slowHost())) {
                    judged = judged.with(result.withSlowHost(slow));
                }
            }
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
            Double busy = range.slowest().otherCpuCores();
            return String.format(Locale.ROOT, "host speed by the canary: 1.00x to %.2fx over %d visit%s (fastest "
                    + "%s ms, slowest %s ms at %s%s); %s", range.ratio(), range.visits(), range.visits() == 1 ? "" : "s",
                    Numbers.significant(range.fastest().bestMs(), 3), Numbers.significant(range.slowest().bestMs(), 3),
                    range.slowest().at(), busy == null ? "" : String.format(Locale.ROOT, ", others using %.2f cores",
                            busy), slow == 0 ? "no cell was measured while it was slow"
                            : slow + " cell" + (slow == 1 ? " was" : "s were") + " measured while it was slow "
                                    + "(marked, left out of the fits)");
        });
    }
}
