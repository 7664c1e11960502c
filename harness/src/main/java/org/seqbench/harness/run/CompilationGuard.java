package org.seqbench.harness.run;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import org.seqbench.harness.measure.TrialMeasurement;
import org.seqbench.results.Cell;
import org.seqbench.results.SweepSpec;

/**
 * The compilation guard: a trial during whose measured iterations the JIT compiled for more than {@link #SHARE} of
 * their time measured a program still being compiled, whose compiler threads took a core from the one the cell was
 * given. It is measured again in the same worker, warmer by then, up to {@link #RETRIES} times; a trial still
 * compiling after that is kept, its JIT time in the record ({@code jitSeconds}). In the A/A runs a dl4j trial
 * measured while the JIT compiled for more than a fifth of the time was over 5% slower than its cell's fastest about
 * 2.5 times as often as the others were.
 */
final class CompilationGuard {
    static final double SHARE = 0.2;
    static final int RETRIES = 2;

    private final double measuredSeconds;
    private final PrintWriter out;
    private int remeasured;
    private int keptCompiling;

    /** A guard for trials of {@code measurement}'s measured iterations. */
    CompilationGuard(SweepSpec.Measurement measurement, PrintWriter out) {
        this.measuredSeconds = measurement.iterations() * measurement.iterationSeconds();
        this.out = out;
    }

    /** Whether {@code outcome} was measured while the JIT compiled for more than {@link #SHARE} of the time. */
    boolean compiling(TrialMeasurement.Outcome outcome) {
        if (outcome.failed() || outcome.trial().jitSeconds() == null || measuredSeconds <= 0) {
            return false;
        }
        return outcome.trial().jitSeconds() > SHARE * measuredSeconds;
    }

    /** Says that {@code cell}'s trial is measured again, as retry {@code retry}. */
    void remeasure(Cell cell, TrialMeasurement.Outcome outcome, int retry) {
        remeasured++;
        out.printf(Locale.ROOT, "%s, trial %d: the JIT compiled for %.2f s of its %.2f s measured; measuring it again "
                + "(%d of %d)%n", cell.label(), outcome.trial().index() + 1, outcome.trial().jitSeconds(),
                measuredSeconds, retry, RETRIES);
        out.flush();
    }

    /** Counts a trial kept although the JIT was still compiling (its retries spent). */
    void kept(TrialMeasurement.Outcome outcome) {
        if (compiling(outcome)) {
            keptCompiling++;
        }
    }

    /** The guard's account of the run, when it had anything to do. */
    Optional<String> summary() {
        if (remeasured == 0) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "compilation guard: %d trial%s measured again because the JIT "
                + "compiled for more than %.0f%% of the measured time, %d kept still compiling", remeasured,
                remeasured == 1 ? "" : "s", SHARE * 100, keptCompiling));
    }
}
