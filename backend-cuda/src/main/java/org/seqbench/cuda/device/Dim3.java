package org.seqbench.cuda.device;

/** A grid's size in blocks or a block's size in threads, as CUDA launches take them; every extent at least 1. */
public record Dim3(int x, int y, int z) {
    public Dim3 {
        if (x < 1 || y < 1 || z < 1) {
            throw new IllegalArgumentException("a launch dimension needs every extent at least 1; got (" + x + ", "
                    + y + ", " + z + ")");
        }
    }

    /** {@code (x, 1, 1)}. */
    public static Dim3 of(int x) {
        return new Dim3(x, 1, 1);
    }

    /** {@code (x, y, 1)}. */
    public static Dim3 of(int x, int y) {
        return new Dim3(x, y, 1);
    }

    /** The number of blocks or threads: {@code x * y * z}. */
    public long count() {
        return (long) x * y * z;
    }
}
