package org.seqbench.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.seqbench.spi.MatrixProduct;

/** The peak probe's product: exact on a known case, strict about its arguments, and safe to close twice. */
class OnnxMatrixProductTest {
    private final MatrixProduct product = new OnnxBackendProvider().matrixProduct().orElseThrow();

    @Test
    void multipliesAKnownPairOnEveryThreadSetting() {
        float[] a = {1, 2, 3, 4};
        float[] b = {5, 6, 7, 8};
        for (int threads : new int[] {0, 1, 2}) {
            try (MatrixProduct.Prepared prepared = product.prepare(a, b, 2, threads)) {
                prepared.multiply();
                assertArrayEquals(new float[] {19, 22, 43, 50}, prepared.product(), 0f, threads + " threads");
            }
        }
    }

    @Test
    void refusesSizesThatDoNotMatchTheArrays() {
        IllegalArgumentException wrongLength = assertThrows(IllegalArgumentException.class,
                () -> product.prepare(new float[4], new float[3], 2, 1));
        assertEquals("two 2 x 2 matrices need 4 values each, got 4 and 3", wrongLength.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> product.prepare(new float[0], new float[0], 0, 1));
        assertEquals("the matrix size must be positive, got 0", zero.getMessage());
    }

    @Test
    void aClosedProductRefusesWorkAndClosesTwiceHarmlessly() {
        MatrixProduct.Prepared prepared = product.prepare(new float[9], new float[9], 3, 1);
        prepared.close();
        prepared.close();
        IllegalStateException error = assertThrows(IllegalStateException.class, prepared::multiply);
        assertTrue(error.getMessage().contains("closed"), error.getMessage());
    }
}
