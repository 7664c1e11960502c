package org.seqbench.cuda.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class Dim3Test {
    @Test
    void shortFormsFillTheRemainingExtentsWithOne() {
        assertEquals(new Dim3(7, 1, 1), Dim3.of(7));
        assertEquals(new Dim3(7, 3, 1), Dim3.of(7, 3));
        assertEquals(42, new Dim3(7, 3, 2).count());
    }

    @Test
    void anEmptyExtentIsRefused() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Dim3.of(4, 0));
        assertEquals("a launch dimension needs every extent at least 1; got (4, 0, 1)", error.getMessage());
    }
}
