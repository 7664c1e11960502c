package org.seqbench.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SplitMix64Test {

    @Test
    void nextIntCoversEveryValueBelowTheBoundEvenly() {
        SplitMix64 random = new SplitMix64(3);
        int[] counts = new int[8];
        for (int i = 0; i < 80_000; i++) {
            counts[random.nextInt(8)]++;
        }
        for (int value = 0; value < counts.length; value++) {
            // 10,000 expected per value; the binomial standard deviation is about 94, so 500 is over 5 of them.
            assertTrue(Math.abs(counts[value] - 10_000) < 500, "value " + value + " drawn " + counts[value] + " times");
        }
    }

    @Test
    void theSameStreamRepeatsItsDraws() {
        SplitMix64 first = SplitMix64.forStream(11, "task");
        SplitMix64 second = SplitMix64.forStream(11, "task");
        for (int i = 0; i < 100; i++) {
            assertEquals(first.nextInt(1000), second.nextInt(1000));
        }
    }

    @Test
    void nextIntRefusesABoundBelowOne() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new SplitMix64(1).nextInt(0));
        assertEquals("bound must be positive, got 0", error.getMessage());
    }
}
