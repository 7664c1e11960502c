package org.seqbench.spi;

/**
 * A backend's single-precision product of two square matrices, the operation the harness times to learn the
 * machine's attainable peak FLOP rate. Work rates of the model cells are then stated as a fraction of it: a dense
 * matrix product is what every engine runs fastest, so it bounds what any cell on that device can reach.
 *
 * <p>Contract for implementers: {@link #prepare} does everything that is not arithmetic (building the operation,
 * converting or uploading the inputs, allocating the output), so that {@link Prepared#multiply()} is nothing but
 * the product, and returns only when the engine has finished it (a GPU's queue included).
 */
public interface MatrixProduct {

    /**
     * Prepares {@code C = A B} for two {@code n x n} float32 matrices.
     *
     * @param a the left matrix, row-major, {@code n * n} values
     * @param b the right matrix, row-major, {@code n * n} values
     * @param n the matrices' size
     * @param threads intra-op threads the engine may use; 0 leaves the engine's own default
     * @throws IllegalArgumentException if {@code n} is not positive or the arrays do not hold {@code n * n} values
     * @throws BackendException if the engine cannot build or run the product
     */
    Prepared prepare(float[] a, float[] b, int n, int threads);

    /** A product ready to run; close it to release the engine's memory. */
    interface Prepared extends AutoCloseable {

        /** The matrices' size. */
        int n();

        /** Computes the product; returns when the engine has finished. The result stays with the engine. */
        void multiply();

        /** The result of the last {@link #multiply()}, row-major, on the host: for checking, not for timing. */
        float[] product();

        /** Releases the engine's resources. Idempotent. */
        @Override
        void close();
    }
}
