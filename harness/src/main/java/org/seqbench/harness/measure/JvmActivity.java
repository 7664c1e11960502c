package org.seqbench.harness.measure;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Accumulates, over the measurement iterations of one trial, how long this JVM's JIT compilers and garbage collectors
 * worked: a trial during which the JIT was still compiling measured a program that was still changing, and its
 * threads took a core from the one the cell was given. Warm-up iterations are not counted.
 */
public final class JvmActivity {
    private final LongSupplier compileMillis;
    private final LongSupplier gcMillis;
    private final LongSupplier nanoTime;
    private long compileAtStart = -1;
    private long gcAtStart;
    private long startNanos;
    private long compiled;
    private long collected;
    private long measuredNanos;

    /** Accounting from this JVM's management beans (compilation time where the JVM reports it). */
    public JvmActivity() {
        this(compilationMillis(), JvmActivity::collectionMillis, System::nanoTime);
    }

    /**
     * Accounting from the given counters, each read at {@link #begin()} and {@link #end()}.
     *
     * @param compileMillis the JIT's accumulated compilation time, in ms
     * @param gcMillis the garbage collectors' accumulated collection time, in ms
     * @param nanoTime a monotonic clock, in ns
     */
    JvmActivity(LongSupplier compileMillis, LongSupplier gcMillis, LongSupplier nanoTime) {
        this.compileMillis = Objects.requireNonNull(compileMillis, "compileMillis");
        this.gcMillis = Objects.requireNonNull(gcMillis, "gcMillis");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** Marks the start of a measurement iteration. */
    public void begin() {
        compileAtStart = compileMillis.getAsLong();
        gcAtStart = gcMillis.getAsLong();
        startNanos = nanoTime.getAsLong();
    }

    /** Marks the end of a measurement iteration. */
    public void end() {
        if (compileAtStart < 0) {
            return;
        }
        compiled += Math.max(0, compileMillis.getAsLong() - compileAtStart);
        collected += Math.max(0, gcMillis.getAsLong() - gcAtStart);
        measuredNanos += Math.max(0, nanoTime.getAsLong() - startNanos);
        compileAtStart = -1;
    }

    /** What was measured; null when no measurement iteration ran. */
    public Usage usage() {
        return measuredNanos == 0 ? null : new Usage(compiled / 1e3, collected / 1e3, measuredNanos / 1e9);
    }

    /**
     * The JIT's and the collectors' time during a trial's measurement iterations.
     *
     * @param jitSeconds time the JIT compilers spent compiling, all compiler threads together
     * @param gcSeconds time the garbage collectors reported collecting
     * @param seconds the measurement iterations' wall time
     */
    public record Usage(double jitSeconds, double gcSeconds, double seconds) {
        /** The JIT's compiling time as a share of the measured time (above 1 with several compiler threads). */
        public double jitShare() {
            return seconds == 0 ? 0 : jitSeconds / seconds;
        }
    }

    private static LongSupplier compilationMillis() {
        CompilationMXBean compilation = ManagementFactory.getCompilationMXBean();
        // A JVM without a JIT, or one that does not time it, reports nothing: no compiling is counted.
        return compilation != null && compilation.isCompilationTimeMonitoringSupported()
                ? compilation::getTotalCompilationTime : () -> 0;
    }

    private static long collectionMillis() {
        List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
        return collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).filter(time -> time > 0).sum();
    }
}
