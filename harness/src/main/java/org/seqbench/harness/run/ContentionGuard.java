package org.seqbench.harness.run;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.seqbench.harness.measure.QuietMoment;
import org.seqbench.harness.measure.TrialMeasurement;
import org.seqbench.results.Cell;
import org.seqbench.results.CellResult;
import org.seqbench.results.Numbers;
import org.seqbench.results.RunRecord;

/**
 * The contention guard: a trial during whose measurement other processes used more than the cores the cell left them
 * is measured again, up to {@link #RETRIES} times, each after waiting (at most {@link #LOOKS} looks of a second) for
 * a quiet moment. A trial still contended after that is kept, flagged with the others' figure; a cell all of whose
 * trials stayed contended is noisy, which {@code run --strict} refuses.
 */
final class ContentionGuard {
    static final int RETRIES = 2;
    static final int LOOKS = 10;

    /**
     * System property that replaces {@link #LOOKS}, in whole seconds (0: measure again at once): a test that makes
     * its own contention, or a host whose quiet moments are rare.
     */
    static final String WAIT_PROPERTY = "seqbench.contention.waitSeconds";

    private final QuietMoment quiet;
    private final PrintWriter out;
    private final int looks;
    private int remeasured;
    private int keptContended;

    ContentionGuard(QuietMoment quiet, PrintWriter out) {
        this.quiet = quiet;
        this.out = out;
        this.looks = looks(System.getProperty(WAIT_PROPERTY));
    }

    /** The looks {@code property} asks for, {@link #LOOKS} when it is not set. */
    static int looks(String property) {
        if (property == null || property.isBlank()) {
            return LOOKS;
        }
        try {
            int seconds = Integer.parseInt(property.strip());
            if (seconds >= 0) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // Told below, with the value.
        }
        throw new IllegalArgumentException(WAIT_PROPERTY + " must be a whole number of seconds, 0 or more, got '"
                + property + "'");
    }

    /** Whether {@code outcome} measured under contention. */
    boolean contended(TrialMeasurement.Outcome outcome) {
        return !outcome.failed() && Boolean.TRUE.equals(outcome.trial().contended());
    }

    /** Says so, and waits for a quiet moment before retry {@code retry} of {@code cell}'s contended trial. */
    void awaitQuiet(Cell cell, TrialMeasurement.Outcome outcome, int retry) {
        remeasured++;
        Optional<Double> others = quiet.await(cell.threads(), looks);
        out.printf(Locale.ROOT, "%s, trial %d: others used %.2f cores during it; %s, measuring it again (%d of %d)%n",
                cell.label(), outcome.trial().index() + 1, outcome.trial().otherCpuCores(),
                others.map(cores -> String.format(Locale.ROOT, "quiet now (others %.2f cores)", cores))
                        .orElse("no quiet moment within " + looks + " s"), retry, RETRIES);
        out.flush();
    }

    /** Counts a trial kept although contended (its retries spent). */
    void kept(TrialMeasurement.Outcome outcome) {
        if (contended(outcome)) {
            keptContended++;
        }
    }

    /** The guard's account of the run, when it had anything to do or a cell stayed noisy. */
    Optional<String> summary(RunRecord record) {
        long measured = record.cells().stream().filter(CellResult::ok).count();
        List<CellResult> noisy = record.noisyCells();
        if (remeasured == 0 && noisy.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "contention guard: %d trial%s measured again, %d kept contended; "
                + "%d of %d cells (%s) noisy (every trial contended)", remeasured, remeasured == 1 ? "" : "s",
                keptContended, noisy.size(), measured, Numbers.percent(measured == 0 ? 0 : (double) noisy.size()
                        / measured)));
    }
}
