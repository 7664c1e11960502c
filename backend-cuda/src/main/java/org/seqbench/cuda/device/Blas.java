package org.seqbench.cuda.device;

import java.lang.foreign.MemorySegment;
import org.seqbench.cuda.natives.Cublas;
import org.seqbench.spi.Precision;

/**
 * cuBLAS on a {@link Gpu}'s stream: float32 matrices in device memory, column-major as cuBLAS takes them, with the
 * arithmetic chosen by the model's {@link Precision}. Offsets, leading dimensions and strides count floats. Every
 * matrix is checked to lie inside its buffer before the call, because an out-of-bounds access on the GPU poisons
 * the whole context rather than failing one call.
 */
public final class Blas {
    private final Gpu gpu;
    private final Cublas cublas;
    private final MemorySegment handle;

    Blas(Gpu gpu, Cublas cublas, MemorySegment stream, long workspace, long workspaceBytes) {
        this.gpu = gpu;
        this.cublas = cublas;
        MemorySegment created = cublas.create();
        try {
            cublas.setStream(created, stream);
            cublas.setWorkspace(created, workspace, workspaceBytes);
            cublas.setMathMode(created, Cublas.DEFAULT_MATH);
        } catch (RuntimeException failure) {
            cublas.destroy(created);
            throw failure;
        }
        this.handle = created;
    }

    /**
     * The cuBLAS compute type of {@code precision}: float32 throughout for fp32; inputs rounded to TF32 or bfloat16
     * inside the product, with float32 accumulation, for tf32 and bf16. Matched by name, so that precisions core-api
     * adds later map here without this class naming them first.
     *
     * @throws IllegalArgumentException for a precision cuBLAS has no float32-storage compute type for
     */
    public static int computeType(Precision precision) {
        return switch (precision.name()) {
            case "FP32" -> Cublas.COMPUTE_32F;
            case "TF32" -> Cublas.COMPUTE_32F_FAST_TF32;
            case "BF16" -> Cublas.COMPUTE_32F_FAST_16BF;
            default -> throw new IllegalArgumentException("cuBLAS has no float32-storage compute type for precision "
                    + precision.id() + "; accepted: fp32, tf32, bf16");
        };
    }

    /** cuBLAS's version, major * 10000 + minor * 100 + patch. */
    public int version() {
        gpu.makeCurrent();
        return cublas.version(handle);
    }

    /**
     * {@code C = alpha op(A) op(B) + beta C} with {@code op(A)} m x k, {@code op(B)} k x n and {@code C} m x n, each
     * column-major from its offset with its leading dimension.
     */
    public void gemm(Precision p, boolean transA, boolean transB, int m, int n, int k, float alpha,
            DeviceBuffer a, long aOffset, int lda, DeviceBuffer b, long bOffset, int ldb,
            float beta, DeviceBuffer c, long cOffset, int ldc) {
        int computeType = computeType(p);
        requireShape(m, n, k, 1);
        requireInside("A", a, aOffset, transA ? k : m, transA ? m : k, lda, 0, 1);
        requireInside("B", b, bOffset, transB ? n : k, transB ? k : n, ldb, 0, 1);
        requireInside("C", c, cOffset, m, n, ldc, 0, 1);
        gpu.makeCurrent();
        cublas.gemmEx(handle, op(transA), op(transB), m, n, k, alpha, address(a, aOffset), lda,
                address(b, bOffset), ldb, beta, address(c, cOffset), ldc, computeType);
    }

    /**
     * {@link #gemm} over {@code batch} triples of matrices, the i-th of each {@code i * stride} floats after the
     * first: the heads of multi-head attention in one call.
     */
    public void gemmStridedBatched(Precision p, boolean transA, boolean transB, int m, int n, int k, float alpha,
            DeviceBuffer a, long aOffset, int lda, long strideA, DeviceBuffer b, long bOffset, int ldb,
            long strideB, float beta, DeviceBuffer c, long cOffset, int ldc, long strideC, int batch) {
        int computeType = computeType(p);
        requireShape(m, n, k, batch);
        requireInside("A", a, aOffset, transA ? k : m, transA ? m : k, lda, strideA, batch);
        requireInside("B", b, bOffset, transB ? n : k, transB ? k : n, ldb, strideB, batch);
        requireInside("C", c, cOffset, m, n, ldc, strideC, batch);
        gpu.makeCurrent();
        cublas.gemmStridedBatchedEx(handle, op(transA), op(transB), m, n, k, alpha, address(a, aOffset), lda,
                strideA, address(b, bOffset), ldb, strideB, beta, address(c, cOffset), ldc, strideC, batch,
                computeType);
    }

    private static int op(boolean transpose) {
        return transpose ? Cublas.OP_T : Cublas.OP_N;
    }

    private static long address(DeviceBuffer buffer, long offset) {
        return buffer.address() + offset * Float.BYTES;
    }

    private static void requireShape(int m, int n, int k, int batch) {
        if (m < 1 || n < 1 || k < 1 || batch < 1) {
            throw new IllegalArgumentException("a GEMM needs m, n, k and the batch at least 1; got m " + m + ", n "
                    + n + ", k " + k + ", batch " + batch);
        }
    }

    /**
     * Checks that a {@code rows x columns} column-major matrix with leading dimension {@code ld} at {@code offset},
     * and the {@code batch - 1} after it {@code stride} floats apart, lie inside {@code buffer}.
     */
    private void requireInside(String matrix, DeviceBuffer buffer, long offset, int rows, int columns, int ld,
            long stride, int batch) {
        gpu.requireMine(buffer, "multiply");
        if (ld < rows) {
            throw new IllegalArgumentException("the leading dimension of " + matrix + " is " + ld
                    + ", less than its " + rows + " rows");
        }
        if (offset < 0 || stride < 0) {
            throw new IllegalArgumentException(matrix + " needs an offset and a stride of 0 or more; got offset "
                    + offset + ", stride " + stride);
        }
        long last = offset + (long) (columns - 1) * ld + rows + (long) (batch - 1) * stride;
        if (last > buffer.floats()) {
            throw new IllegalArgumentException("the " + rows + " x " + columns + " matrix " + matrix
                    + (batch > 1 ? " (" + batch + " of them, " + stride + " floats apart)" : "") + " with leading "
                    + "dimension " + ld + " at offset " + offset + " ends at float " + last + ", past the end of "
                    + "its buffer of " + buffer.floats() + " floats");
        }
    }

    /** For {@link Gpu#close()}. */
    void destroy() {
        cublas.destroy(handle);
    }
}
