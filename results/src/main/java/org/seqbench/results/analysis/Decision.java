package org.seqbench.results.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seqbench.results.Cell;

/**
 * Which backend wins at one measured point of a run (a kind, length, batch, threads and model size): among the
 * cells measured there, by every backend and variant, within their accuracy tolerance, the fastest by headline, the
 * next, and the margin between them ({@link Margin}, from their trials). The report's decision table is one row per
 * point; {@link Recommendation} answers for points that were not measured.
 *
 * @param runId the run
 * @param point the coordinates the point's cells share; its backend, variant, device and precision are empty
 * @param ranked the cells within their tolerance, fastest first
 * @param margin the runner-up's headline over the winner's; null with fewer than two cells
 * @param missedTolerance how many cells at the point were left out for missing their accuracy tolerance
 */
public record Decision(String runId, Cell point, List<Observation> ranked, Margin margin, int missedTolerance) {

    public Decision {
        ranked = List.copyOf(ranked);
    }

    /** The fastest cell within its tolerance; null where none is. */
    public Observation winner() {
        return ranked.isEmpty() ? null : ranked.getFirst();
    }

    /** The next fastest; null where there is none. */
    public Observation runnerUp() {
        return ranked.size() < 2 ? null : ranked.get(1);
    }

    /**
     * One decision per point of each run, in the order the points first appear.
     *
     * @param missedTolerance per run id, the cells recorded as failed for missing their accuracy tolerance (they have
     *     no figures to rank, but count as left out at their point)
     */
    static List<Decision> of(List<Observation> observations, Map<String, List<Cell>> missedTolerance) {
        record Key(String runId, Cell point) {
        }
        Map<Key, List<Observation>> points = new LinkedHashMap<>();
        for (Observation observation : observations) {
            points.computeIfAbsent(new Key(observation.runId(), point(observation.cell())), key -> new ArrayList<>())
                    .add(observation);
        }
        List<Decision> decisions = new ArrayList<>();
        points.forEach((key, cells) -> {
            List<Observation> ranked = cells.stream().filter(cell -> CandidatePredictor.passed(cell.result()))
                    .sorted(Comparator.comparingDouble(Observation::latencyMs)).toList();
            Margin margin = ranked.size() < 2 ? null
                    : Margin.measured(ranked.get(0).result(), ranked.get(1).result());
            long failed = missedTolerance.getOrDefault(key.runId(), List.of()).stream()
                    .filter(cell -> point(cell).equals(key.point())).count();
            decisions.add(new Decision(key.runId(), key.point(), ranked, margin,
                    cells.size() - ranked.size() + (int) failed));
        });
        return decisions;
    }

    /** {@code cell} without what tells candidates apart: backend, variant, device and precision. */
    static Cell point(Cell cell) {
        return new Cell("", "", "", "", cell.kind(), cell.seqLen(), cell.batch(), cell.hiddenSize(), cell.layers(),
                cell.threads(), cell.inputSize(), cell.heads(), cell.ffnSize(), cell.outputSize(),
                cell.bidirectional());
    }
}
