package org.seqbench.cuda.device;

import java.lang.foreign.MemorySegment;
import org.seqbench.cuda.natives.Driver;

/**
 * Launches recorded once by {@link Gpu#capture} and replayed as one CUDA graph: one call queues them all, without
 * the host's cost per launch. Replays use the buffers and scalars the capture saw.
 */
public final class CapturedGraph extends GpuOwned {
    private final MemorySegment executable;

    CapturedGraph(Gpu gpu, MemorySegment executable) {
        super(gpu);
        this.executable = executable;
    }

    /** Queues the whole graph on the stream. */
    public void launch() {
        if (closed()) {
            throw new IllegalStateException("this CUDA graph is closed");
        }
        gpu.makeCurrent();
        gpu.driver().graphLaunch(executable, gpu.stream());
    }

    /** Destroys the executable graph. */
    @Override
    void destroy(Driver driver) {
        driver.graphExecDestroy(executable);
    }
}
