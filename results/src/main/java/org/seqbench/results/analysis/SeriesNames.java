package org.seqbench.results.analysis;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.seqbench.core.ModelKind;
import org.seqbench.results.Cell;

/**
 * Names of the lines in charts and sentences: the backend, its variant where it ran several for that kind, and
 * the run where several runs are compared ({@code onnx · contrib-attention · 20261124-200402-quick}).
 */
public final class SeriesNames {
    private final Map<String, Set<String>> variants = new HashMap<>();
    private final boolean severalRuns;

    SeriesNames(List<Observation> observations) {
        for (Observation observation : observations) {
            Cell cell = observation.cell();
            variants.computeIfAbsent(cell.backend() + "/" + cell.kind().id(), key -> new TreeSet<>())
                    .add(cell.variant());
        }
        severalRuns = observations.stream().map(Observation::runId).distinct().count() > 1;
    }

    /** The series {@code cell} of run {@code runId} belongs to. */
    public String of(String runId, Cell cell) {
        StringBuilder name = new StringBuilder(cell.backend());
        if (variants.getOrDefault(key(cell.backend(), cell.kind()), Set.of()).size() > 1 && !cell.variant().isEmpty()) {
            name.append(" · ").append(cell.variant());
        }
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

    /** The backend, with the run where several are compared: the series without its variant. */
    public String backendOf(String runId, Cell cell) {
        return severalRuns ? cell.backend() + " · " + runId : cell.backend();
    }

    /** Whether the names carry the run, because several runs are compared. */
    public boolean severalRuns() {
        return severalRuns;
    }

    private static String key(String backend, ModelKind kind) {
        return backend + "/" + kind.id();
    }
}
