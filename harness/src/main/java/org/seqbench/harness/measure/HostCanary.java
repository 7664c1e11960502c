package org.seqbench.harness.measure;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.seqbench.results.CanarySample;

/**
 * The host-speed canary: a fixed amount of engine-free float work, timed in the measuring JVM between cells (and,
 * later, between trials), so that a run records how the host's own speed moved while it measured. On a shared
 * virtual machine the host speeds up and slows down without it showing in /proc/stat; an unchanging kernel timed
 * at intervals is what sees it.
 *
 * <p>The kernel works on two small arrays that stay in the first-level cache, so the memory system's state matters
 * little: a vectorisable multiply-add over one array and a dependent scalar chain through it, both kinds of work a
 * cell's engine does. Its work is fixed, not timed to a duration, so every visit of every run does the same work and
 * their times compare. Its result is kept in a volatile field so that the JIT cannot drop it.
 *
 * <p>A visit costs {@value #REPETITIONS} repetitions of the kernel; the first visit of a run comes after a warm-up
 * of {@value #WARM_UP_REPETITIONS} repetitions, so that it times compiled code as the later ones do. Each visit
 * keeps its fastest repetition, a bound as the peaks are: a slow host, other processes and interrupts only ever
 * make a repetition slower. Other processes' CPU during the visit is recorded beside it, so that a reader can tell
 * a host slow on its own (nothing else busy, the case /proc/stat cannot show) from a machine that was busy.
 */
public final class HostCanary {
    /** Repetitions timed at each visit. */
    public static final int REPETITIONS = 3;

    /** Repetitions run, untimed, before the first visit. */
    public static final int WARM_UP_REPETITIONS = 10;

    /** Floats in each array: two arrays of them fit any first-level data cache. */
    private static final int LENGTH = 2048;

    /** Passes over the arrays: sized so that one repetition takes a few tens of milliseconds on a current core. */
    private static final int ROUNDS = 40_000;

    /** The work one repetition does; returns its result so that nothing of it is dead code. */
    interface Kernel {
        float run();
    }

    private final Kernel kernel;
    private final int repetitions;
    private final LongSupplier nanoTime;
    private final Supplier<Instant> clock;
    private final Supplier<OtherProcessesCpu> accounting;
    private boolean warm;
    private volatile float sink;

    /** The canary on this machine's kernel and clocks. */
    public HostCanary() {
        this(HostCanary::kernel, REPETITIONS, System::nanoTime, Instant::now, OtherProcessesCpu::new);
    }

    /**
     * @param kernel the work of one repetition
     * @param repetitions repetitions timed at each visit
     * @param nanoTime the monotonic clock repetitions are timed with
     * @param clock the wall clock that dates each visit
     * @param accounting a fresh account of other processes' CPU, one for each visit
     */
    HostCanary(Kernel kernel, int repetitions, LongSupplier nanoTime, Supplier<Instant> clock,
            Supplier<OtherProcessesCpu> accounting) {
        if (repetitions < 1) {
            throw new IllegalArgumentException("a visit needs at least one repetition, not " + repetitions);
        }
        this.kernel = Objects.requireNonNull(kernel, "kernel");
        this.repetitions = repetitions;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.accounting = Objects.requireNonNull(accounting, "accounting");
    }

    /** Times the kernel {@link #REPETITIONS} times (after the warm-up, on the first visit). */
    public CanarySample visit() {
        if (!warm) {
            for (int i = 0; i < WARM_UP_REPETITIONS; i++) {
                sink += kernel.run();
            }
            warm = true;
        }
        double[] millis = new double[repetitions];
        OtherProcessesCpu others = accounting.get();
        others.begin();
        for (int i = 0; i < repetitions; i++) {
            long start = nanoTime.getAsLong();
            sink += kernel.run();
            millis[i] = (nanoTime.getAsLong() - start) / 1e6;
        }
        others.end();
        Optional<OtherProcessesCpu.Usage> usage = others.usage();
        Arrays.sort(millis);
        double median = repetitions % 2 == 1 ? millis[repetitions / 2]
                : (millis[repetitions / 2 - 1] + millis[repetitions / 2]) / 2;
        return new CanarySample(clock.get().truncatedTo(ChronoUnit.MILLIS).toString(), millis[0], median,
                repetitions, usage.map(OtherProcessesCpu.Usage::cores).orElse(null),
                usage.map(OtherProcessesCpu.Usage::stealCores).orElse(null));
    }

    /** One repetition of the fixed work. */
    static float kernel() {
        float[] a = new float[LENGTH];
        float[] b = new float[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            b[i] = (i % 97) / 97f;
        }
        float chain = 1f;
        for (int round = 0; round < ROUNDS; round++) {
            chain = pass(a, b, chain);
        }
        return chain;
    }

    /**
     * One pass over the arrays, a method of its own so that the JIT compiles it after a few thousand calls, well
     * within the warm-up, rather than only as an on-stack replacement of the loop that calls it.
     */
    private static float pass(float[] a, float[] b, float chain) {
        // Independent multiply-adds the JIT turns into vector instructions; the values settle below 1000.
        for (int i = 0; i < LENGTH; i++) {
            a[i] = a[i] * 0.999f + b[i];
        }
        // A dependent chain: one multiply-add after another, as a recurrence's step is.
        float next = chain;
        for (int i = 0; i < LENGTH; i += 8) {
            next = next * 0.9999f + a[i];
        }
        return next;
    }
}
