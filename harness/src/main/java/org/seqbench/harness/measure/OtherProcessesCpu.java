package org.seqbench.harness.measure;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Accumulates, over the measurement iterations of one JMH fork, how much CPU other processes used (the machine's
 * busy time minus this JVM's own) and how much this JVM used itself: every thread of it, the backend's worker
 * threads, the garbage collector and the JIT included. Warm-up iterations are not counted.
 *
 * <p>An iteration whose counters went backwards (the kernel dropped an offlined processor from the totals, or a
 * virtual machine's clock was adjusted) is left out: its difference measures nothing.
 */
public final class OtherProcessesCpu {
    private final Supplier<Optional<CpuTimes>> readings;
    private CpuTimes iterationStart;
    private long othersTicks;
    private long stealTicks;
    private long selfTicks;
    private long totalTicks;
    private int processors;

    /** Accounting from this machine's /proc. */
    public OtherProcessesCpu() {
        this(CpuTimes::read);
    }

    /**
     * Accounting from the given readings, one taken at each {@link #begin()} and {@link #end()}.
     *
     * @param readings the current CPU times, or empty where they cannot be read
     */
    OtherProcessesCpu(Supplier<Optional<CpuTimes>> readings) {
        this.readings = Objects.requireNonNull(readings, "readings");
    }

    /** Marks the start of a measurement iteration. */
    public void begin() {
        iterationStart = readings.get().orElse(null);
    }

    /** Marks the end of a measurement iteration. */
    public void end() {
        if (iterationStart == null) {
            return;
        }
        CpuTimes start = iterationStart;
        iterationStart = null;
        CpuTimes now = readings.get().orElse(null);
        if (now == null) {
            return;
        }
        long busy = now.machineBusy() - start.machineBusy();
        long self = now.self() - start.self();
        long total = now.machineTotal() - start.machineTotal();
        if (busy < 0 || self < 0 || total <= 0) {
            return;
        }
        // Ticks are sampled per processor and per process at different moments: this JVM may show a tick or two
        // more than the machine's busy time, which means others used nothing, not less than nothing.
        othersTicks += Math.max(0, busy - self);
        stealTicks += Math.max(0, now.steal() - start.steal());
        selfTicks += self;
        totalTicks += total;
        processors = now.processors();
    }

    /** What was measured, or empty if nothing could be (no /proc, or no measurement iteration ran). */
    public Optional<Usage> usage() {
        return totalTicks > 0 ? Optional.of(new Usage(othersTicks, selfTicks, totalTicks, processors, stealTicks)) : Optional.empty();
    }

    /**
     * CPU ticks during the measurement: other processes', this JVM's, and all processors' together.
     *
     * @param othersTicks ticks other processes were busy
     * @param selfTicks ticks this JVM was busy, all its threads together
     * @param totalTicks ticks of all processors in any state
     * @param processors processors counted
     * @param stealTicks of {@code othersTicks}, the ticks the hypervisor gave the host's other guests
     */
    public record Usage(long othersTicks, long selfTicks, long totalTicks, int processors, long stealTicks) {
        /** Share of the whole machine others used, 0..1. */
        public double share() {
            return totalTicks == 0 ? 0 : (double) othersTicks / totalTicks;
        }

        /** Cores' worth of CPU others used. */
        public double cores() {
            return share() * processors;
        }

        /** Cores' worth of CPU the hypervisor stole, a part of {@link #cores()}. */
        public double stealCores() {
            return totalTicks == 0 ? 0 : (double) stealTicks / totalTicks * processors;
        }

        /**
         * Cores' worth of CPU the measuring JVM used: above the cell's thread count when the backend, its
         * runtime or the JVM keeps other threads busy while it computes.
         */
        public double selfCores() {
            return totalTicks == 0 ? 0 : (double) selfTicks / totalTicks * processors;
        }

        /** Two forks' usage together. */
        public Usage plus(Usage other) {
            return new Usage(othersTicks + other.othersTicks, selfTicks + other.selfTicks,
                    totalTicks + other.totalTicks, Math.max(processors, other.processors),
                    stealTicks + other.stealTicks);
        }
    }
}
