package org.seqbench.cuda.device;

/**
 * Float32 memory on one GPU: an allocation, freed by {@link #close()}, or a {@link #slice} of one, which frees
 * nothing. Closing waits for the GPU's queued work first, which may still read or write it.
 */
public final class DeviceBuffer implements AutoCloseable {
    private final Gpu gpu;
    private final long address;
    private final long floats;
    private final DeviceBuffer owner;
    private boolean closed;

    private DeviceBuffer(Gpu gpu, long address, long floats, DeviceBuffer owner) {
        this.gpu = gpu;
        this.address = address;
        this.floats = floats;
        this.owner = owner;
    }

    static DeviceBuffer allocation(Gpu gpu, long address, long floats) {
        return new DeviceBuffer(gpu, address, floats, null);
    }

    /**
     * The device address of the first float.
     *
     * @throws IllegalStateException once the buffer (or, for a slice, the buffer it is part of) is closed
     */
    public long address() {
        requireOpen();
        return address;
    }

    /** How many floats the buffer holds. */
    public long floats() {
        return floats;
    }

    /**
     * The {@code floats} floats from {@code offset} on, as a buffer of their own for kernel arguments and copies;
     * valid while this buffer is, and closing it frees nothing.
     *
     * @throws IndexOutOfBoundsException when the range is not inside this buffer
     */
    public DeviceBuffer slice(long offset, long floats) {
        requireOpen();
        if (offset < 0 || floats < 0 || offset + floats > this.floats) {
            throw new IndexOutOfBoundsException("a slice of " + floats + " floats from " + offset
                    + " does not fit a buffer of " + this.floats + " floats");
        }
        return new DeviceBuffer(gpu, address + offset * Float.BYTES, floats, root());
    }

    /** The GPU this memory is on. */
    Gpu gpu() {
        return gpu;
    }

    private DeviceBuffer root() {
        return owner == null ? this : owner;
    }

    boolean isOpen() {
        return !closed && (owner == null || owner.isOpen());
    }

    void requireOpen() {
        if (!isOpen()) {
            throw new IllegalStateException("this device buffer of " + floats + " floats is closed");
        }
    }

    /** Frees the memory after the GPU's queued work; closing twice, or closing a slice, does nothing more. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (owner == null) {
            gpu.free(this);
        }
    }

    /** For {@link Gpu#close()}: the allocation is freed with the context, or has been already. */
    void markClosed() {
        closed = true;
    }

    long rawAddress() {
        return address;
    }
}
