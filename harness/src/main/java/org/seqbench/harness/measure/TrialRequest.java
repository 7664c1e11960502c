package org.seqbench.harness.measure;

import org.seqbench.results.Cell;
import java.util.Map;
import org.seqbench.results.SweepSpec;

/**
 * One trial a {@link TrialWorker} is asked to run: the cell, how JMH measures it, and the files the trial writes.
 * Sent to the worker as one JSON line.
 *
 * @param cell the cell's coordinates
 * @param seed the seed of its weights and input
 * @param tolerance the largest error against the float64 reference for the cell to be measured: its arithmetic's
 *     ({@code SweepSpec#tolerance(Precision)})
 * @param settings JMH's warm-up and measurement iterations (its trial count is the schedule's business)
 * @param result the file JMH writes its JSON result to
 * @param report the file the benchmark appends its {@link TrialReport} to
 * @param log the file JMH's human-readable output is appended to
 * @param engineSettings the settings asked of the cell's engine, by key; empty for its defaults
 * @param warmUp whether this is a fresh worker's warm-up, whose result is discarded, rather than a trial
 */
public record TrialRequest(Cell cell, long seed, double tolerance, SweepSpec.Measurement settings, String result,
        String report, String log, Map<String, String> engineSettings, boolean warmUp) {
    public TrialRequest {
        engineSettings = engineSettings == null ? Map.of() : Map.copyOf(engineSettings);
    }
}
