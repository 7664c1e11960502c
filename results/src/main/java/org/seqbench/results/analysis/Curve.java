package org.seqbench.results.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seqbench.results.Cell;

/**
 * Cells of one run that differ in one coordinate only, ordered along it: the unit every scaling figure is made from.
 *
 * @param runId the run
 * @param along the coordinate that varies
 * @param shape every other coordinate ({@code along} is 0 in it)
 * @param points the cells, ordered by {@code along}
 */
public record Curve(String runId, Coordinate along, Cell shape, List<Observation> points) {

    public Curve {
        points = List.copyOf(points);
    }

    /** Groups {@code observations} into curves along {@code coordinate}, in the order they first appear. */
    public static List<Curve> along(Coordinate coordinate, List<Observation> observations) {
        record Key(String runId, Cell shape) {
        }
        Map<Key, List<Observation>> groups = new LinkedHashMap<>();
        for (Observation observation : observations) {
            groups.computeIfAbsent(new Key(observation.runId(), coordinate.without(observation.cell())),
                    key -> new ArrayList<>()).add(observation);
        }
        List<Curve> curves = new ArrayList<>();
        groups.forEach((key, members) -> {
            List<Observation> sorted = new ArrayList<>(members);
            sorted.sort(Comparator.comparingInt(observation -> coordinate.of(observation.cell())));
            curves.add(new Curve(key.runId(), coordinate, key.shape(), sorted));
        });
        return curves;
    }

    /** The coordinate's value at each point. */
    public List<Integer> positions() {
        return points.stream().map(point -> along.of(point.cell())).toList();
    }

    /** The points measured undisturbed (no contention, no slow host): the ones fits are made on. */
    public List<Observation> clean() {
        return points.stream().filter(point -> !point.disturbed()).toList();
    }

    /** How many points were disturbed: measured under contention or on a slow host. */
    public int disturbedCount() {
        return points.size() - clean().size();
    }
}
