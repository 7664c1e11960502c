package org.seqbench.results.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Latency with one thread over latency with {@code threads}: how much of the machine a cell's work can use.
 *
 * @param curve the cells, along the thread count
 * @param threads the thread count compared with 1 (0 = the engine's default)
 * @param speedup one-thread latency over latency with {@code threads}
 * @param contended whether either cell was disturbed, contended or on a slow host (shown, flagged)
 */
public record ThreadSpeedup(Curve curve, int threads, double speedup, boolean contended) {

    /** Speedup per thread (1 = perfect scaling); NaN for the engine's default, whose thread count is unknown. */
    public double efficiency() {
        return threads > 0 ? speedup / threads : Double.NaN;
    }

    /** Every thread count against 1 thread, on each curve that has a 1-thread cell. */
    public static List<ThreadSpeedup> of(List<Observation> observations) {
        List<ThreadSpeedup> speedups = new ArrayList<>();
        for (Curve curve : Curve.along(Coordinate.THREADS, observations)) {
            Optional<Observation> single = curve.points().stream().filter(point -> point.cell().threads() == 1)
                    .findFirst();
            if (single.isEmpty()) {
                continue;
            }
            Observation base = single.get();
            for (Observation point : curve.points()) {
                if (point != base) {
                    speedups.add(new ThreadSpeedup(curve, point.cell().threads(), base.latencyMs() / point.latencyMs(),
                            base.disturbed() || point.disturbed()));
                }
            }
        }
        return speedups;
    }
}
