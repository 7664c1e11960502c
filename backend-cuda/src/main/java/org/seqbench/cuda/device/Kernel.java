package org.seqbench.cuda.device;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/** One {@code __global__} function of a {@link KernelModule}, launched on its {@link Gpu}'s stream. */
public final class Kernel {
    /** Each argument's slot: 8 bytes holds every argument type accepted, aligned for the widest. */
    private static final long SLOT_BYTES = 8;

    private final Gpu gpu;
    private final String name;
    private final MemorySegment function;

    Kernel(Gpu gpu, String name, MemorySegment function) {
        this.gpu = gpu;
        this.name = name;
        this.function = function;
    }

    /**
     * Queues the kernel on the stream with {@code grid} blocks of {@code block} threads and {@code sharedBytes}
     * of dynamic shared memory. The arguments are the kernel's parameters in order, each the C type of its Java
     * type: a {@link DeviceBuffer} is a {@code float*} to its first float, an {@link Integer} an {@code int}, a
     * {@link Float} a {@code float}, a {@link Long} a {@code long long}. The driver copies them before this returns.
     *
     * @throws IllegalArgumentException for an argument of another type, or null
     */
    public void launch(Dim3 grid, Dim3 block, int sharedBytes, Object... args) {
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(block, "block");
        if (sharedBytes < 0) {
            throw new IllegalArgumentException(name + " cannot launch with " + sharedBytes + " bytes of shared memory");
        }
        gpu.makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment values = arena.allocate(SLOT_BYTES * Math.max(1, args.length), SLOT_BYTES);
            MemorySegment pointers = arena.allocate(ValueLayout.ADDRESS, Math.max(1, args.length));
            for (int i = 0; i < args.length; i++) {
                MemorySegment slot = values.asSlice(SLOT_BYTES * i, SLOT_BYTES);
                switch (args[i]) {
                    case DeviceBuffer buffer -> {
                        gpu.requireMine(buffer, "pass to " + name);
                        slot.set(ValueLayout.JAVA_LONG, 0, buffer.address());
                    }
                    case Integer value -> slot.set(ValueLayout.JAVA_INT, 0, value);
                    case Float value -> slot.set(ValueLayout.JAVA_FLOAT, 0, value);
                    case Long value -> slot.set(ValueLayout.JAVA_LONG, 0, value);
                    case null -> throw new IllegalArgumentException(name + " argument " + i
                            + " is null; accepted: DeviceBuffer, Integer, Float, Long");
                    default -> throw new IllegalArgumentException(name + " argument " + i + " is a "
                            + args[i].getClass().getSimpleName() + "; accepted: DeviceBuffer, Integer, Float, Long");
                }
                pointers.setAtIndex(ValueLayout.ADDRESS, i, slot);
            }
            gpu.driver().launchKernel(function, grid.x(), grid.y(), grid.z(), block.x(), block.y(), block.z(),
                    sharedBytes, gpu.stream(), pointers);
        }
    }

    /** "recurrent.cu:lstm_gates". */
    @Override
    public String toString() {
        return name;
    }
}
