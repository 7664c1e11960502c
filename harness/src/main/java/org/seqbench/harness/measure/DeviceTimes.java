package org.seqbench.harness.measure;

import java.util.ArrayList;
import java.util.List;
import org.seqbench.spi.BackendModel;
import org.seqbench.spi.DeviceTimed;
import org.seqbench.spi.PreparedInput;

/**
 * The device-side time of a few forward passes of a model that times its device ({@link DeviceTimed}), beside the
 * latency JMH measures: the latency minus it is what the host adds (launches, transfers, synchronisation). The
 * passes run after JMH's measured iterations, in the trial's tear-down, so they never fall inside its timing.
 *
 * @param min the fastest pass's device time, in ms
 * @param median the median pass's device time, in ms
 */
public record DeviceTimes(double min, double median) {
    /** Passes timed per trial: enough for a minimum and a median that a stray slow pass does not move. */
    static final int PASSES = 20;

    /**
     * No pass starts after this much wall time has gone to them, so a long cell adds about this much to its trial
     * (one pass always runs: a cell whose pass takes longer still gets its figure).
     */
    static final long BUDGET_NANOS = 200_000_000L;

    /** The device times of up to {@link #PASSES} passes within {@link #BUDGET_NANOS}; null as {@link #of} says. */
    static DeviceTimes measure(BackendModel model, PreparedInput input) {
        return measure(model, input, PASSES, BUDGET_NANOS);
    }

    /**
     * Runs up to {@code passes} forward passes of {@code model} on {@code input}, none started once
     * {@code budgetNanos} have gone to the earlier ones, and reads each one's device time.
     *
     * @return the figures; null when the model does not time its device or knew no pass's time (every one NaN)
     */
    static DeviceTimes measure(BackendModel model, PreparedInput input, int passes, long budgetNanos) {
        if (!(model instanceof DeviceTimed timed)) {
            return null;
        }
        List<Double> times = new ArrayList<>();
        long start = System.nanoTime();
        for (int pass = 0; pass < passes && (pass == 0 || System.nanoTime() - start < budgetNanos); pass++) {
            model.forward(input);
            double millis = timed.lastDeviceMillis();
            if (Double.isFinite(millis) && millis >= 0) {
                times.add(millis);
            }
        }
        return of(times);
    }

    /** The minimum and median of {@code times} (ms); null when there are none. */
    static DeviceTimes of(List<Double> times) {
        if (times.isEmpty()) {
            return null;
        }
        List<Double> sorted = times.stream().sorted().toList();
        int middle = sorted.size() / 2;
        double median = sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
        return new DeviceTimes(sorted.getFirst(), median);
    }
}
