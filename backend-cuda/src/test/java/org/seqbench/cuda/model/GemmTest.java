package org.seqbench.cuda.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The row-major to column-major translation of a product, against values worked out by hand. */
class GemmTest {
    private final Buffer x = new Buffer("x", Buffer.Role.INPUT, 10 * 3);
    private final Buffer w = new Buffer("w", Buffer.Role.WEIGHT, 16 * 3);
    private final Buffer y = new Buffer("y", Buffer.Role.WORKSPACE, 10 * 16);

    /**
     * y [10, 16] = x [10, 3] · wᵀ (w [16, 3]). Column-major, y is yᵀ [16, 10] = w·xᵀ; w's column-major view is wᵀ
     * [3, 16] (ld 3), so cuBLAS gets op(A) = transpose of it, and x's view xᵀ [3, 10] (ld 3) as is.
     */
    @Test
    void inputTimesWeightTransposedBecomesWeightTransposedTimesInputColumnMajor() {
        Gemm gemm = Gemm.of("y = x · wᵀ", Matrix.dense(x, 10, 3), false, Matrix.dense(w, 16, 3), true,
                Matrix.dense(y, 10, 16));
        assertEquals(List.of(10, 16, 3), List.of(gemm.m(), gemm.n(), gemm.k()));
        assertEquals(new Gemm.ColumnMajor(true, false, 16, 10, 3, w, 0, 3, 0, x, 0, 3, 0, y, 0, 16, 0, 1),
                gemm.columnMajor());
    }

    /** scores_i [4, 4] = Q_i [4, 2] · K_iᵀ over 3 matrices; Q at 0, K at 24, each 8 floats apart. */
    @Test
    void batchedProductsSwapTheirStridesWithTheirOperands() {
        Buffer heads = new Buffer("heads", Buffer.Role.WORKSPACE, 48);
        Buffer scores = new Buffer("scores", Buffer.Role.WORKSPACE, 48);
        Gemm gemm = Gemm.batched("s = q · kᵀ", new Matrix(heads, 0, 4, 2, 2), false, new Matrix(heads, 24, 4, 2, 2),
                true, Matrix.dense(scores, 4, 4), 3, 8, 8, 16);
        assertEquals(new Gemm.ColumnMajor(true, false, 4, 4, 2, heads, 24, 2, 8, heads, 0, 2, 8, scores, 0, 4, 16, 3),
                gemm.columnMajor());
    }

    /** A [2, 5] · B [5, 3] untransposed: cuBLAS computes Cᵀ [3, 2] = Bᵀ·Aᵀ with neither operand transposed. */
    @Test
    void plainProductKeepsBothOperandsUntransposed() {
        Buffer a = new Buffer("a", Buffer.Role.WORKSPACE, 10);
        Buffer b = new Buffer("b", Buffer.Role.WORKSPACE, 15);
        Buffer c = new Buffer("c", Buffer.Role.WORKSPACE, 6);
        Gemm.ColumnMajor call = Gemm.of("c = a · b", Matrix.dense(a, 2, 5), false, Matrix.dense(b, 5, 3), false,
                Matrix.dense(c, 2, 3)).columnMajor();
        assertEquals(new Gemm.ColumnMajor(false, false, 3, 2, 5, b, 0, 3, 0, a, 0, 5, 0, c, 0, 3, 0, 1), call);
    }

    @Test
    void mismatchedShapesAreRefusedNamingTheProduct() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gemm.of("y = x · w",
                Matrix.dense(x, 10, 3), false, Matrix.dense(w, 16, 3), false, Matrix.dense(y, 10, 16)));
        assertTrue(e.getMessage().startsWith("y = x · w: op(A) is 10 x 3, op(B) 16 x 3"), e.getMessage());
    }

    @Test
    void aStridedViewEndsAtItsLastRowsLastColumn() {
        Buffer out = new Buffer("out", Buffer.Role.WORKSPACE, 80);
        // rows 2 of 4 columns, 40 floats apart, starting at 36: the last float touched is 36 + 40 + 3.
        assertEquals(80, new Matrix(out, 36, 2, 4, 40).end());
        assertThrows(IllegalArgumentException.class, () -> new Matrix(out, 0, 2, 4, 3));
    }
}
