package org.seqbench.results.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * Throughput (sequences per second) at one batch size over throughput at the curve's smallest batch (batch 1 when
 * measured). A recurrent model cannot spread one sequence's steps over the machine, but it can spread a batch's
 * sequences: its gain from batching is the parallelism it finds instead.
 *
 * @param curve the cells, along the batch size
 * @param baseBatch the smallest batch measured, the reference
 * @param batch the batch compared with it
 * @param gain throughput at {@code batch} over throughput at {@code baseBatch}
 * @param contended whether either cell was disturbed, contended or on a slow host (shown, flagged)
 */
public record BatchGain(Curve curve, int baseBatch, int batch, double gain, boolean contended) {

    /** The gain if batching were free: {@code batch / baseBatch}. */
    public double ideal() {
        return (double) batch / baseBatch;
    }

    /** {@link #gain()} as a fraction of {@link #ideal()}. */
    public double efficiency() {
        return gain / ideal();
    }

    /** Every batch against the smallest of its curve. */
    public static List<BatchGain> of(List<Observation> observations) {
        List<BatchGain> gains = new ArrayList<>();
        for (Curve curve : Curve.along(Coordinate.BATCH, observations)) {
            Observation base = curve.points().getFirst();
            double baseThroughput = base.cell().batch() / base.latencyMs();
            for (Observation point : curve.points().subList(1, curve.points().size())) {
                gains.add(new BatchGain(curve, base.cell().batch(), point.cell().batch(),
                        point.cell().batch() / point.latencyMs() / baseThroughput, base.disturbed() || point.disturbed()));
            }
        }
        return gains;
    }
}
