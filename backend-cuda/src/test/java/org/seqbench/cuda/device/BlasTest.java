package org.seqbench.cuda.device;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.seqbench.cuda.natives.Cublas;
import org.seqbench.spi.Precision;

class BlasTest {
    @Test
    void fp32MultipliesInFloat32Throughout() {
        assertEquals(Cublas.COMPUTE_32F, Blas.computeType(Precision.FP32));
    }
}
