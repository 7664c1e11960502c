package org.seqbench.harness.measure;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import org.seqbench.results.CellResult;

/**
 * Waits, boundedly, for a moment when other processes leave a measurement the cores it needs: the contention guard's
 * pause before it measures a contended trial again. Each look is one window of other processes' CPU, read from
 * /proc like a trial's own accounting ({@link OtherProcessesCpu}).
 */
public final class QuietMoment {
    /** How long one look at the machine lasts. */
    static final Duration WINDOW = Duration.ofSeconds(1);

    private final DoubleSupplier othersCores;
    private final int logicalCores;

    /** Looks at this machine, one {@link #WINDOW} at a time. */
    public QuietMoment(int logicalCores) {
        this(QuietMoment::othersOverOneWindow, logicalCores);
    }

    /**
     * @param othersCores the cores' worth other processes use over one look, NaN where it cannot be read
     * @param logicalCores the machine's cores
     */
    QuietMoment(DoubleSupplier othersCores, int logicalCores) {
        this.othersCores = othersCores;
        this.logicalCores = logicalCores;
    }

    /**
     * Looks until others use no more than a measurement with {@code threads} threads leaves them (the rule a trial is
     * judged by, {@link CellResult.Contention#contended}), at most {@code looks} times.
     *
     * @return the others' cores at the quiet look, or empty when none of the looks was quiet (or none could be read)
     */
    public Optional<Double> await(int threads, int looks) {
        for (int look = 0; look < looks; look++) {
            double others = othersCores.getAsDouble();
            if (Double.isNaN(others)) {
                return Optional.empty();
            }
            if (!CellResult.Contention.contended(others, logicalCores, threads)) {
                return Optional.of(others);
            }
        }
        return Optional.empty();
    }

    private static double othersOverOneWindow() {
        OtherProcessesCpu accounting = new OtherProcessesCpu();
        accounting.begin();
        try {
            Thread.sleep(WINDOW);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
        accounting.end();
        return accounting.usage().map(OtherProcessesCpu.Usage::cores).orElse(Double.NaN);
    }
}
