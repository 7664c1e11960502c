package org.seqbench.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PrecisionTest {
    @Test
    void eachArithmeticIsKnownByItsLowerCaseId() {
        for (Precision precision : Precision.values()) {
            assertEquals(precision, Precision.parse(precision.id()));
            assertEquals(precision, Precision.parse(" " + precision.id().toUpperCase(java.util.Locale.ROOT) + " "));
        }
        assertEquals("fp32, tf32, bf16", Precision.acceptedIds());
    }

    @Test
    void anUnknownArithmeticIsNamedWithTheAcceptedOnes() {
        assertEquals("unknown arithmetic 'fp16'; accepted: fp32, tf32, bf16",
                assertThrows(IllegalArgumentException.class, () -> Precision.parse("fp16")).getMessage());
        assertEquals("unknown arithmetic 'null'; accepted: fp32, tf32, bf16",
                assertThrows(IllegalArgumentException.class, () -> Precision.parse(null)).getMessage());
    }

    @Test
    void fp32KeepsTheSweepsToleranceAndTheReducedArithmeticsTheirOwnUnlessTheSweepsIsWider() {
        assertEquals(1e-4, Precision.FP32.tolerance(1e-4));
        assertEquals(1e-6, Precision.FP32.tolerance(1e-6));
        assertEquals(5e-3, Precision.TF32.tolerance(1e-4));
        assertEquals(5e-2, Precision.BF16.tolerance(1e-4));
        assertEquals(1e-2, Precision.TF32.tolerance(1e-2), "a sweep that allows fp32 more allows tf32 as much");
        assertEquals(5e-2, Precision.BF16.tolerance(1e-2));
    }
}
