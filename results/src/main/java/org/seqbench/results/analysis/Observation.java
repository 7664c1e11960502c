package org.seqbench.results.analysis;

import org.seqbench.results.Cell;
import org.seqbench.results.CellResult;

/**
 * One measured cell as the analysis sees it: which run it came from, and its result (always {@code ok}).
 *
 * @param runId the run the cell belongs to, so that several runs can be compared side by side
 * @param result the cell's result
 */
public record Observation(String runId, CellResult result) {

    public Observation {
        if (!result.ok()) {
            throw new IllegalArgumentException("only measured cells are observations; " + result.cell().label()
                    + " is " + result.status().id());
        }
    }

    public Cell cell() {
        return result.cell();
    }

    /**
     * The latency of one forward pass, in milliseconds, that every fit, crossover and gain is made on: the cell's
     * headline across trials ({@link CellResult#headlineMs()}), or the mean of a cell measured without trials.
     */
    public double latencyMs() {
        return result.headlineMs();
    }

    /**
     * Whether the cell's figures are disturbed ({@link CellResult#disturbed()}): other processes held the cores it
     * needed, or the host-speed canary found the host slow around it. Disturbed cells are shown, marked, and left
     * out of every fit, crossover and gain, by this one rule.
     */
    public boolean disturbed() {
        return result.disturbed();
    }
}
