package org.seqbench.study.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqbench.core.SplitMix64;

class MemoryGrowthTest {
    private static final int[] LENGTHS = {16, 32, 64, 128, 256, 512, 1024, 2048};

    private static ForwardMemory point(int length, double bytes) {
        return new ForwardMemory("onnx", "transformer", length, 8, 32, Math.round(bytes), 0L, null);
    }

    @Test
    void anExactQuadraticIsRecoveredWithANarrowInterval() {
        List<ForwardMemory> points = new ArrayList<>();
        for (int length : LENGTHS) {
            points.add(point(length, 5e6 + 1000.0 * length + 16.0 * length * length));
        }
        MemoryGrowth growth = MemoryGrowth.fit(points);
        // The byte counts are rounded to whole bytes, so the fit is exact to about a byte.
        assertEquals(5e6, growth.constant(), 2);
        assertEquals(1000, growth.linear(), 1e-2);
        assertEquals(16, growth.quadratic(), 1e-5);
        assertTrue(growth.quadraticLow() <= 16 && 16 <= growth.quadraticHigh(), growth.toString());
        assertTrue(growth.quadraticHigh() - growth.quadraticLow() < 1e-4, growth.toString());
        assertEquals(1, growth.rSquared(), 1e-12);
        assertEquals(LENGTHS.length, growth.points());
        assertEquals(2048, growth.largestLength());
        double atLargest = 5e6 + 1000.0 * 2048 + 16.0 * 2048 * 2048;
        assertEquals(atLargest, growth.predicted(2048), 5);
        assertEquals(16.0 * 2048 * 2048 / atLargest, growth.quadraticShare(), 1e-9);
    }

    @Test
    void aNoisyLinearSeriesHasAQuadraticIntervalCoveringZero() {
        SplitMix64 random = new SplitMix64(23);
        List<ForwardMemory> points = new ArrayList<>();
        for (int length : LENGTHS) {
            points.add(point(length, 40e6 + 4096.0 * length + 200_000 * random.nextGaussian()));
        }
        MemoryGrowth growth = MemoryGrowth.fit(points);
        assertTrue(growth.quadraticLow() < 0 && 0 < growth.quadraticHigh(), growth.toString());
        assertEquals(4096, growth.linear(), 1500, growth.toString());
        assertTrue(Math.abs(growth.quadraticShare()) < 0.05, growth.toString());
    }

    @Test
    void failedPointsAreLeftOutAndTooFewLengthsAreRefusedNamingTheCount() {
        List<ForwardMemory> points = List.of(point(64, 1e6), point(64, 1.1e6), point(128, 2e6),
                ForwardMemory.failed("onnx", "transformer", 4096, 8, 32, "timed out after 60 s"));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> MemoryGrowth.fit(points));
        assertEquals("a memory growth fit of onnx transformer needs at least 3 measured distinct lengths, got 2",
                refused.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MemoryGrowth.fit(List.of())).getMessage()
                .contains("got no points"));
    }

    @Test
    void threePointsFitExactlyAndLeaveTheIntervalUnbounded() {
        MemoryGrowth growth = MemoryGrowth.fit(List.of(point(64, 1e6 + 4.0 * 64 * 64), point(128, 1e6 + 4.0 * 128 * 128),
                point(256, 1e6 + 4.0 * 256 * 256)));
        assertEquals(4, growth.quadratic(), 1e-6);
        assertEquals(Double.NEGATIVE_INFINITY, growth.quadraticLow());
        assertEquals(Double.POSITIVE_INFINITY, growth.quadraticHigh());
    }

    @Test
    void pointsOfTwoKindsAreRefused() {
        List<ForwardMemory> mixed = List.of(point(64, 1e6), point(128, 2e6),
                new ForwardMemory("onnx", "lstm", 256, 8, 32, 3_000_000L, 0L, null));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> MemoryGrowth.fit(mixed));
        assertTrue(refused.getMessage().contains("onnx transformer and onnx lstm"), refused.getMessage());
    }

    @Test
    void theAttentionScoresAreOneFloatMatrixPerHeadAndSequence() {
        assertEquals(8.0 * 4 * 512 * 512 * 4, MemoryGrowth.attentionBytes(8, 4, 512));
        // Beyond int range: 64 x 16 x 65536^2 x 4 bytes is 2^44.
        assertEquals(Math.pow(2, 44), MemoryGrowth.attentionBytes(64, 16, 65536));
    }

    @Test
    void aPointIsMeasuredOrSaysWhyNot() {
        assertTrue(point(64, 1e6).measured());
        ForwardMemory failed = ForwardMemory.failed("dl4j", "gru", 64, 8, 32, "dl4j is unavailable: no OpenBLAS");
        assertFalse(failed.measured());
        assertThrows(IllegalArgumentException.class,
                () -> new ForwardMemory("onnx", "lstm", 64, 8, 32, null, 0L, null));
        assertThrows(IllegalArgumentException.class, () -> ForwardMemory.failed("onnx", "lstm", 64, 8, 32, " "));
    }
}
