package org.seqbench.dl4j;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The thread counts of ND4J's operators and of OpenBLAS under them, both process-wide: a model applies its count
 * before each forward pass, so two models loaded with different counts in one JVM each run with their own, though
 * never at the same time. A count of 0 restores what the engine chose at start-up.
 *
 * <p>What ND4J 1.0.0-M2.1 lets one change at run time: libnd4j sizes its thread pool once, when it starts (one
 * thread per core, or {@code OMP_NUM_THREADS}), and its {@code Environment.setMaxThreads} does nothing (the
 * store is commented out in that release's libnd4j). Its parallel loops use as many pool threads as
 * {@code maxMasterThreads} says, which can be lowered and raised at any time up to the pool's size; OpenBLAS's
 * count is set separately. A request above the pool's size therefore gets the whole pool for ND4J's own
 * operators and the full request for OpenBLAS's matrix products. OpenMP, which some operators use directly, is
 * given the operators' count in the thread that runs the pass (OpenMP keeps it per thread).
 */
final class EngineThreads {

    /** Threads for libnd4j's parallel loops ({@code maxMasterThreads}) and for OpenBLAS. */
    record Counts(int operators, int blas) {
    }

    private final Counts engineDefaults;
    private final int pool;

    private EngineThreads(Counts engineDefaults, int pool) {
        this.engineDefaults = engineDefaults;
        this.pool = pool;
    }

    /** Remembers the counts ND4J started with; call once ND4J is initialised. */
    static EngineThreads recordDefaults() {
        return new EngineThreads(current(), Nd4j.getEnvironment().maxThreads());
    }

    /** The counts ND4J and OpenBLAS use right now. */
    static Counts current() {
        return new Counts(Nd4j.getEnvironment().maxMasterThreads(), Nd4j.factory().blas().getMaxThreads());
    }

    Counts engineDefaults() {
        return engineDefaults;
    }

    /** libnd4j's thread pool size, fixed at start-up: the most threads its operators can use. */
    int pool() {
        return pool;
    }

    /** The counts a request for {@code threads} threads gets (0: the engine's defaults). */
    Counts countsFor(int threads) {
        return threads == 0 ? engineDefaults : new Counts(Math.min(threads, pool), threads);
    }

    /** Makes the next operators run with {@code threads} threads (0: the engine's defaults). */
    synchronized void use(int threads) {
        Counts wanted = countsFor(threads);
        // Compared with what ND4J reports, not with what was last set here, so that a change made elsewhere in
        // the process is undone too; the getters cost nanoseconds.
        if (!wanted.equals(current())) {
            Nd4j.getEnvironment().setMaxMasterThreads(wanted.operators());
            Nd4j.factory().blas().setMaxThreads(wanted.blas());
        }
        // Some libnd4j operators use OpenMP directly, and OpenMP keeps its thread count per calling thread. Left
        // at its start-up value (one per core), a "one thread" pass ran those operators on two threads, and the
        // idle OpenMP worker then spun on the second core between them: 1.8 cores busy for a one-thread
        // Transformer pass, measured with the process's CPU time. Set in the thread that runs the pass.
        if (openMpThreads() != wanted.operators()) {
            nativeOps().setOmpNumThreads(wanted.operators());
        }
    }

    /** OpenMP's thread count for parallel regions the calling thread starts. */
    static int openMpThreads() {
        return nativeOps().ompGetMaxThreads();
    }

    private static NativeOps nativeOps() {
        return NativeOpsHolder.getInstance().getDeviceNativeOps();
    }
}
