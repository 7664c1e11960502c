package org.seqbench.harness.measure;

import java.time.Duration;
import org.seqbench.results.Numbers;
import org.seqbench.results.SweepSpec;

/**
 * How long one trial of a cell may take in its worker JVM (model load, accuracy check, warm-up and iterations)
 * before the worker is stopped, and where that limit came from, so that the failed cell's reason names the knob.
 *
 * @param limit the time the trial may take
 * @param source how the reason names the limit's origin, e.g. {@code --cell-timeout}
 */
public record TrialTimeout(Duration limit, String source) {
    /** What a trial may take beyond three times its iterations when the sweep sets no limit: engines load slowly. */
    static final long GRACE_SECONDS = 300;

    /** The sweep's {@code cellTimeoutSeconds}, or three times the iterations plus {@link #GRACE_SECONDS}. */
    public static TrialTimeout of(SweepSpec.Measurement settings) {
        Double seconds = settings.cellTimeoutSeconds();
        if (seconds != null) {
            return new TrialTimeout(Duration.ofMillis(Math.max(1, Math.round(seconds * 1000))), "--cell-timeout");
        }
        return new TrialTimeout(Duration.ofSeconds(Math.round(settings.secondsPerTrial() * 3) + GRACE_SECONDS),
                "3x the iterations + " + GRACE_SECONDS + " s; set it with --cell-timeout");
    }

    /** The reason of a trial that gave no answer within the limit. */
    public String reason() {
        return "no answer within " + Numbers.significant(limit.toMillis() / 1000.0, 3) + " s (" + source
                + "): the trial JVM was stopped (it hung, or the trial needs longer than that; see jmh.log)";
    }
}
