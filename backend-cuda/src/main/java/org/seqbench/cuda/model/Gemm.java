package org.seqbench.cuda.model;

import java.util.List;

/**
 * One matrix product of a plan, stated the way the model thinks of it, row-major:
 * {@code C = op(A) · op(B)} with {@code op(X)} = X or Xᵀ, optionally over a batch of matrices a fixed stride apart
 * ({@code batch} 1 is a plain GEMM). Always {@code alpha = 1, beta = 0}: biases are added by the kernel that
 * follows the product.
 *
 * <p>cuBLAS is column-major, and the column-major view of a row-major {@code [r, c]} matrix is its transpose
 * {@code [c, r]} with the same leading dimension. So the row-major {@code C = op(A)·op(B)} is the column-major
 * {@code Cᵀ = op(B)ᵀ·op(A)ᵀ}: {@link #columnMajor()} swaps the operands, keeps each one's transpose flag, and
 * swaps m and n. That translation is written once, here, and tested.
 *
 * @param product the row-major product in words, for error messages and the plan's listing
 */
public record Gemm(String product, Matrix a, boolean transposeA, Matrix b, boolean transposeB, Matrix c,
        int batch, long strideA, long strideB, long strideC) implements Step {

    /** The parameters of {@code cublasGemmEx} / {@code cublasGemmStridedBatchedEx}, column-major. */
    public record ColumnMajor(boolean transA, boolean transB, int m, int n, int k,
            Buffer a, long aOffset, int lda, long strideA,
            Buffer b, long bOffset, int ldb, long strideB,
            Buffer c, long cOffset, int ldc, long strideC, int batch) {
    }

    public Gemm {
        int m = transposeA ? a.columns() : a.rows();
        int k = transposeA ? a.rows() : a.columns();
        int kOfB = transposeB ? b.columns() : b.rows();
        int n = transposeB ? b.rows() : b.columns();
        if (k != kOfB || c.rows() != m || c.columns() != n) {
            throw new IllegalArgumentException(product + ": op(A) is " + m + " x " + k + ", op(B) " + kOfB + " x " + n
                    + " and C " + c.rows() + " x " + c.columns() + "; a product needs [m, k] · [k, n] = [m, n]");
        }
        if (batch < 1) {
            throw new IllegalArgumentException(product + ": the batch must be at least 1, got " + batch);
        }
        if (strideA < 0 || strideB < 0 || strideC < 0) {
            throw new IllegalArgumentException(product + ": batch strides must be >= 0, got " + strideA + ", "
                    + strideB + ", " + strideC);
        }
    }

    /** A single product, not batched. */
    public static Gemm of(String product, Matrix a, boolean transposeA, Matrix b, boolean transposeB, Matrix c) {
        return new Gemm(product, a, transposeA, b, transposeB, c, 1, 0, 0, 0);
    }

    /** {@code batch} products, matrix i of each operand {@code i * stride} floats after matrix 0. */
    public static Gemm batched(String product, Matrix a, boolean transposeA, Matrix b, boolean transposeB, Matrix c,
            int batch, long strideA, long strideB, long strideC) {
        return new Gemm(product, a, transposeA, b, transposeB, c, batch, strideA, strideB, strideC);
    }

    /** m, n, k of the row-major product: C is m x n, the inner dimension k. */
    public int m() {
        return c.rows();
    }

    public int n() {
        return c.columns();
    }

    public int k() {
        return transposeA ? a.rows() : a.columns();
    }

    /** The same product as cuBLAS sees it: {@code Cᵀ = op(B)ᵀ · op(A)ᵀ}, column-major. */
    public ColumnMajor columnMajor() {
        return new ColumnMajor(transposeB, transposeA, n(), m(), k(),
                b.buffer(), b.offset(), b.rowStride(), strideB,
                a.buffer(), a.offset(), a.rowStride(), strideA,
                c.buffer(), c.offset(), c.rowStride(), strideC, batch);
    }

    @Override
    public List<Buffer> buffers() {
        return List.of(a.buffer(), b.buffer(), c.buffer());
    }

    /** One past the last float of operand {@code matrix}'s last batch entry. */
    static long end(Matrix matrix, long stride, int batch) {
        return matrix.end() + (batch - 1) * stride;
    }
}
