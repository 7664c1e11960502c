package org.seqbench.results.analysis;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.seqbench.core.ModelKind;
import org.seqbench.results.Cell;

/**
 * Names of the lines in charts and sentences: the backend, its variant where it ran several for that kind, its
 * arithmetic where it computed in several, and the run where several runs are compared
 * ({@code onnx · contrib-attention · 20261124-200402-quick}, {@code cuda · tf32}).
 */
public final class SeriesNames {
    private final Map<String, Set<String>> variants = new HashMap<>();
    private final Map<String, Set<String>> precisions = new HashMap<>();
    private final boolean severalRuns;

    SeriesNames(List<Observation> observations) {
        for (Observation observation : observations) {
            Cell cell = observation.cell();
            variants.computeIfAbsent(cell.backend() + "/" + cell.kind().id(), key -> new TreeSet<>())
                    .add(cell.variant());
            precisions.computeIfAbsent(cell.backend(), key -> new TreeSet<>()).add(cell.precision());
        }
        severalRuns = observations.stream().map(Observation::runId).distinct().count() > 1;
    }

    /** The series {@code cell} of run {@code runId} belongs to. */
    public String of(String runId, Cell cell) {
        StringBuilder name = new StringBuilder(cell.backend());
        if (variants.getOrDefault(key(cell.backend(), cell.kind()), Set.of()).size() > 1 && !cell.variant().isEmpty()) {
            name.append(" · ").append(cell.variant());
        }
        name.append(precisionNote(cell));
        if (severalRuns) {
            name.append(" · ").append(runId);
        }
        return name.toString();
    }

    /** The variant of {@code cell} in parentheses where its backend ran several for its kind, else empty. */
    public String variantNote(Cell cell) {
        return variants.getOrDefault(key(cell.backend(), cell.kind()), Set.of()).size() > 1 && !cell.variant().isEmpty()
                ? " (" + cell.variant() + ")" : "";
    }

    /**
     * The backend, with its arithmetic where it ran several and the run where several are compared: the series
     * without its variant.
     */
    public String backendOf(String runId, Cell cell) {
        return cell.backend() + precisionNote(cell) + (severalRuns ? " · " + runId : "");
    }

    /** {@code " · tf32"} where the cell's backend computed in several arithmetics, else empty. */
    private String precisionNote(Cell cell) {
        return precisions.getOrDefault(cell.backend(), Set.of()).size() > 1 ? " · " + cell.precision() : "";
    }

    /** Whether the names carry the run, because several runs are compared. */
    public boolean severalRuns() {
        return severalRuns;
    }

    private static String key(String backend, ModelKind kind) {
        return backend + "/" + kind.id();
    }
}
