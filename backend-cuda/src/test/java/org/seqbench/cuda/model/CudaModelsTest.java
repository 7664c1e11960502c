package org.seqbench.cuda.model;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.seqbench.spi.Precision;
import org.seqbench.spi.UnsupportedModelException;

class CudaModelsTest {
    @Test
    void tf32AndBf16NeedAmpereOrNewerWhileFp32RunsEverywhere() {
        for (Precision precision : Precision.values()) {
            assertDoesNotThrow(() -> CudaModels.requireSupported(precision, 9, 0, "cuda:0 NVIDIA H200"));
            assertDoesNotThrow(() -> CudaModels.requireSupported(precision, 8, 0, "cuda:0 NVIDIA A100"));
        }
        assertDoesNotThrow(() -> CudaModels.requireSupported(Precision.FP32, 7, 5, "cuda:0 Tesla T4"));
        UnsupportedModelException tf32 = assertThrows(UnsupportedModelException.class,
                () -> CudaModels.requireSupported(Precision.TF32, 7, 5, "cuda:0 Tesla T4"));
        assertEquals("tf32 needs a GPU of compute capability 8.0 or newer; cuda:0 Tesla T4 is 7.5 (fp32 runs on it)",
                tf32.getMessage());
        assertThrows(UnsupportedModelException.class,
                () -> CudaModels.requireSupported(Precision.BF16, 7, 0, "cuda:0 Tesla V100"));
    }
}
