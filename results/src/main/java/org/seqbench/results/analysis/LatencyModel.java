package org.seqbench.results.analysis;

/**
 * How a kind's latency splits into parts with a meaning: for a recurrent kind, a fixed overhead and a cost per
 * sequential step; for the Transformer, constant, linear and quadratic parts in the sequence length.
 */
public sealed interface LatencyModel permits StepCost, QuadraticLatency {
}
