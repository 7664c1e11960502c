package org.seqbench.djl;

import ai.djl.pytorch.jni.JniUtils;

/**
 * libtorch's per-thread settings, applied in the thread that runs a model.
 *
 * <p>Grad mode is thread-local in libtorch: a forward pass in a thread that never turned it off records an
 * autograd graph it does not need. Intra-op threads are per thread too with libtorch's OpenMP pool: each thread
 * takes the process-wide number the first time it runs an operator and keeps it, so a number set while loading
 * in one thread would not reach a harness that measures in another. Every call therefore applies its model's
 * number in the calling thread; it is remembered per thread, because libtorch clears oneDNN's caches whenever the
 * number is set, even to the same value.
 */
final class CallingThread {
    private static final ThreadLocal<Integer> APPLIED_THREADS = new ThreadLocal<>();

    private CallingThread() {
    }

    /**
     * Prepares this thread for a call.
     *
     * @param threads intra-op threads, positive
     * @param gradients whether autograd records the call (training) or not (inference)
     */
    static void prepare(int threads, boolean gradients) {
        JniUtils.setGradMode(gradients);
        Integer applied = APPLIED_THREADS.get();
        if (applied == null || applied != threads) {
            JniUtils.setNumThreads(threads);
            APPLIED_THREADS.set(threads);
        }
    }
}
