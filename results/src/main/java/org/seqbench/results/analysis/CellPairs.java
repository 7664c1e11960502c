package org.seqbench.results.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.seqbench.results.CellResult;
import org.seqbench.results.RunRecord;

/**
 * Two runs' cells matched by {@link org.seqbench.results.Cell#key()}: the one piece {@link Reproducibility} and
 * {@link Comparison} share. Only cells {@code kept} take part; a key kept in one run only pairs with null.
 */
final class CellPairs {
    private CellPairs() {
    }

    /**
     * @param key the cell's key
     * @param first its result in the first run; null when the first run has none kept
     * @param second its result in the second run; null when the second run has none kept
     */
    record Pair(String key, CellResult first, CellResult second) {
        boolean matched() {
            return first != null && second != null;
        }
    }

    /** The pairs in the first run's order, then the keys kept only in the second run, in its order. */
    static List<Pair> match(RunRecord first, RunRecord second, Predicate<CellResult> kept) {
        Map<String, CellResult> later = new LinkedHashMap<>();
        for (CellResult result : second.cells()) {
            if (kept.test(result)) {
                later.put(result.cell().key(), result);
            }
        }
        List<Pair> pairs = new ArrayList<>();
        for (CellResult base : first.cells()) {
            if (kept.test(base)) {
                String key = base.cell().key();
                pairs.add(new Pair(key, base, later.remove(key)));
            }
        }
        later.forEach((key, result) -> pairs.add(new Pair(key, null, result)));
        return pairs;
    }
}
