package org.seqbench.cuda.device;

import java.lang.foreign.MemorySegment;

/**
 * Launches recorded once by {@link Gpu#capture} and replayed as one CUDA graph: one call queues them all, without
 * the host's cost per launch. Replays use the buffers and scalars the capture saw.
 */
public final class CapturedGraph implements AutoCloseable {
    private final Gpu gpu;
    private final MemorySegment executable;
    private boolean closed;

    CapturedGraph(Gpu gpu, MemorySegment executable) {
        this.gpu = gpu;
        this.executable = executable;
    }

    /** Queues the whole graph on the stream. */
    public void launch() {
        if (closed) {
            throw new IllegalStateException("this CUDA graph is closed");
        }
        gpu.makeCurrent();
        gpu.driver().graphLaunch(executable, gpu.stream());
    }

    /** Destroys the executable graph; closing twice does nothing more. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (gpu.isClosed()) {
            return; // the Gpu destroyed it with everything else it had handed out
        }
        gpu.forget(this);
        gpu.makeCurrent();
        gpu.driver().graphExecDestroy(executable);
    }
}
