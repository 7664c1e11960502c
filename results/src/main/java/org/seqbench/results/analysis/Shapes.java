package org.seqbench.results.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.seqbench.core.ModelKind;
import org.seqbench.results.Cell;

/**
 * Words for a curve's setting that name only what varies in the analysed cells: with one hidden size in the
 * whole run, "hidden 128" would be noise on every line; with two, it is what tells two lines apart.
 */
public final class Shapes {
    private final boolean hiddenVaries;
    private final boolean layersVary;
    private final boolean directionsVary;
    private final boolean batchVaries;
    private final boolean threadsVary;

    Shapes(List<Observation> observations) {
        List<Cell> cells = observations.stream().map(Observation::cell).toList();
        hiddenVaries = varies(cells, Cell::hiddenSize);
        layersVary = varies(cells, Cell::layers);
        directionsVary = varies(cells.stream().filter(cell -> cell.kind().isRecurrent()).toList(),
                Cell::bidirectional);
        batchVaries = varies(cells, Cell::batch);
        threadsVary = varies(cells, Cell::threads);
    }

    /** A kind as people write it: RNN, LSTM, GRU, Transformer. */
    public static String kind(ModelKind kind) {
        return kind == ModelKind.TRANSFORMER ? "Transformer" : kind.name();
    }

    /** The varying coordinates of {@code shape} but those listed, e.g. "batch 8, 2 threads"; empty if none. */
    public String describe(Cell shape, Coordinate... leaveOut) {
        Set<Coordinate> skipped = Set.of(leaveOut);
        List<String> parts = new ArrayList<>();
        if (hiddenVaries) {
            parts.add("hidden " + shape.hiddenSize());
        }
        if (layersVary) {
            parts.add(shape.layers() + (shape.layers() == 1 ? " layer" : " layers"));
        }
        if (directionsVary && shape.kind().isRecurrent()) {
            parts.add(shape.bidirectional() ? "bidirectional" : "unidirectional");
        }
        if (batchVaries && !skipped.contains(Coordinate.BATCH)) {
            parts.add("batch " + shape.batch());
        }
        if (threadsVary && !skipped.contains(Coordinate.THREADS)) {
            parts.add(threads(shape.threads()));
        }
        return String.join(", ", parts);
    }

    /** Whether the thread count varies in the analysed cells. */
    public boolean threadsVary() {
        return threadsVary;
    }

    /** Whether the batch size varies in the analysed cells. */
    public boolean batchVaries() {
        return batchVaries;
    }

    /** A thread count in words; 0 is the engine's default. */
    public static String threads(int threads) {
        return threads == 0 ? "engine-default threads" : threads + (threads == 1 ? " thread" : " threads");
    }

    /**
     * A thread count of the engine-free probes (FMA, triad), which run 0 as one thread per logical core: "every core
     * (8 threads)".
     */
    public static String onCores(int threads, int logicalCores) {
        return threads != 0 ? threads(threads) : "every core" + (logicalCores > 0 ? " (" + logicalCores
                + (logicalCores == 1 ? " thread)" : " threads)") : "");
    }

    private static <T> boolean varies(List<Cell> cells, Function<Cell, T> coordinate) {
        return cells.stream().map(coordinate).collect(Collectors.toSet()).size() > 1;
    }
}
