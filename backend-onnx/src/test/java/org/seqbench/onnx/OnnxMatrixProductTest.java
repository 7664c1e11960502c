package org.seqbench.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqbench.spi.BackendException;
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

    /**
     * Preparing can fail after the engine holds the three tensors (here: asking a closed session for its output,
     * the last step); every tensor made must then be closed, the output's included.
     */
    @Test
    void aFailureAfterTheTensorsExistClosesEveryOne() throws OrtException {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        List<OnnxTensor> made = new ArrayList<>();
        OnnxMatrixProduct recording = new OnnxMatrixProduct(environment, (values, shape) -> {
            OnnxTensor tensor = OnnxTensor.createTensor(environment, values, shape);
            made.add(tensor);
            return tensor;
        });
        OrtSession session = Sessions.open(environment, OnnxMatrixProduct.graph(2), 1, Sessions.Settings.DEFAULT,
                "a 2 x 2 MatMul");
        session.close();

        BackendException error = assertThrows(BackendException.class,
                () -> recording.bind(session, new float[4], new float[4], 2));
        assertTrue(error.getMessage().startsWith("ONNX Runtime could not prepare a 2 x 2 MatMul: "), error.getMessage());
        assertEquals(3, made.size(), "both inputs and the output were made before the failure");
        for (OnnxTensor tensor : made) {
            assertTrue(tensor.isClosed(), "a tensor of the failed product was left open: " + tensor);
        }
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
