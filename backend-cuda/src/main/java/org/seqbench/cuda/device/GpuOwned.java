package org.seqbench.cuda.device;

import org.seqbench.cuda.natives.Driver;

/**
 * A driver object a {@link Gpu} handed out and tracks (a timer's events, a graph's executable): closing it destroys
 * it once, in the Gpu's context, unless the Gpu was closed first and destroyed it with everything else.
 */
abstract sealed class GpuOwned implements AutoCloseable permits CapturedGraph, EventTimer {
    final Gpu gpu;
    private boolean closed;

    GpuOwned(Gpu gpu) {
        this.gpu = gpu;
    }

    final boolean closed() {
        return closed;
    }

    /** Destroys the driver objects; the Gpu's context is current. */
    abstract void destroy(Driver driver);

    /** Destroys it; closing twice does nothing more. */
    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (gpu.isClosed()) {
            return;
        }
        gpu.forget(this);
        gpu.makeCurrent();
        destroy(gpu.driver());
    }
}
