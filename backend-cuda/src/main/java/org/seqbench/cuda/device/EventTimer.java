package org.seqbench.cuda.device;

import java.lang.foreign.MemorySegment;
import org.seqbench.cuda.natives.Driver;

/**
 * The GPU's own time for the work queued between {@link #start()} and {@link #stop()}, from two CUDA events
 * recorded on the stream: what the device spent, without the host's part (launch calls, copies to pinned memory).
 */
public final class EventTimer extends GpuOwned {
    private final MemorySegment start;
    private final MemorySegment stop;
    private boolean started;
    private boolean stopped;

    EventTimer(Gpu gpu, MemorySegment start, MemorySegment stop) {
        super(gpu);
        this.start = start;
        this.stop = stop;
    }

    /** Records the start event on the stream: work queued from now on is timed. */
    public void start() {
        requireOpen();
        gpu.makeCurrent();
        gpu.driver().eventRecord(start, gpu.stream());
        started = true;
        stopped = false;
    }

    /** Records the stop event on the stream. */
    public void stop() {
        requireOpen();
        if (!started) {
            throw new IllegalStateException("the timer was stopped before it was started");
        }
        gpu.makeCurrent();
        gpu.driver().eventRecord(stop, gpu.stream());
        stopped = true;
    }

    /** Milliseconds of GPU time between start and stop; waits until the stop event is reached. */
    public double elapsedMillis() {
        requireOpen();
        if (!stopped) {
            throw new IllegalStateException("the timer has no elapsed time before start() and stop()");
        }
        gpu.makeCurrent();
        gpu.driver().eventSynchronize(stop);
        return gpu.driver().eventElapsedTime(start, stop);
    }

    private void requireOpen() {
        if (closed()) {
            throw new IllegalStateException("this event timer is closed");
        }
    }

    /** Destroys the two events. */
    @Override
    void destroy(Driver driver) {
        driver.eventDestroy(start);
        driver.eventDestroy(stop);
    }
}
