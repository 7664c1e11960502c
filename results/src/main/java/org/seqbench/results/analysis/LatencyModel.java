package org.seqbench.results.analysis;

import org.seqbench.results.Cell;

/**
 * How a kind's latency splits into parts with a meaning: for a recurrent kind, a fixed overhead and a cost per
 * sequential step; for the Transformer, constant, linear and quadratic parts in the sequence length.
 */
public sealed interface LatencyModel permits StepCost, QuadraticLatency {

    /**
     * The fitted latency, in ms, of {@code cell} (a cell of the fitted curve, at any length), with the 95% interval
     * a cell measured there would fall in ({@link FitUncertainty}); no interval for an exact fit.
     */
    PredictedLatency at(Cell cell);
}
