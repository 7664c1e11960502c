package org.seqbench.harness.measure;

import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.seqbench.results.CellResult;

/**
 * A trial's memory ({@link CellResult.Memory}): {@link #begin()} just before the model is loaded resets the
 * kernel's peak resident set and reads the resident set as the baseline; {@link #end()} after the measured
 * iterations reads the peak and the heap in use. Both run in JMH's trial-level setup and tear-down, outside the
 * measured region. The peak is read after the iterations rather than around an extra forward pass: the kernel's
 * high-water mark already holds the largest resident set of every pass since the reset, the reference check's
 * included, and reading it costs nothing the measurement would see.
 */
final class MemoryProbe {
    private final Supplier<Optional<ProcStatus>> status;
    private final BooleanSupplier resetPeak;
    private final LongSupplier heapUsed;
    private final AtomicBoolean modelLoadedBefore;
    private Long baseline;
    private boolean engineStarts;

    /** Whether this JVM has loaded a model before: a worker JVM runs many trials, and its first starts the engine. */
    private static final AtomicBoolean MODEL_LOADED = new AtomicBoolean();

    /** This process's memory from /proc and the JVM's memory bean. */
    MemoryProbe() {
        this(ProcStatus::read, ProcStatus::resetPeak,
                () -> ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), MODEL_LOADED);
    }

    /**
     * @param status this process's resident set, empty where it cannot be read
     * @param resetPeak resets the peak; false where it cannot
     * @param heapUsed the Java heap in use, in bytes
     * @param modelLoadedBefore whether a model was loaded in this JVM before; set by {@link #begin()}
     */
    MemoryProbe(Supplier<Optional<ProcStatus>> status, BooleanSupplier resetPeak, LongSupplier heapUsed,
            AtomicBoolean modelLoadedBefore) {
        this.status = status;
        this.resetPeak = resetPeak;
        this.heapUsed = heapUsed;
        this.modelLoadedBefore = modelLoadedBefore;
    }

    /**
     * Resets the peak and takes the baseline. Where the reset fails there is no baseline: the peak would be the
     * JVM's since it started, earlier trials' models included, so no figure rather than a wrong one.
     */
    void begin() {
        engineStarts = !modelLoadedBefore.getAndSet(true);
        baseline = resetPeak.getAsBoolean() ? status.get().map(ProcStatus::residentBytes).orElse(null) : null;
    }

    /** The figures since {@link #begin()}; the resident ones null where there was no baseline or no /proc. */
    CellResult.Memory end() {
        Long peak = baseline == null ? null : status.get().map(ProcStatus::peakResidentBytes).orElse(null);
        return CellResult.Memory.of(peak == null ? null : baseline, peak, heapUsed.getAsLong(), engineStarts);
    }
}
