package org.seqbench.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Nearest-rank quantiles and pooling on histograms of known answer. */
class SampleHistogramTest {
    @Test
    void quantilesAreNearestRankOnTheCountedSamples() {
        // Samples 1 x4, 2 x4, 10 x2: ten samples.
        SampleHistogram histogram = SampleHistogram.of(Map.of(2.0, 4L, 1.0, 4L, 10.0, 2L));
        assertEquals(10, histogram.samples());
        assertEquals(1.0, histogram.min());
        assertEquals(10.0, histogram.max());
        assertEquals((4 + 8 + 20) / 10.0, histogram.mean(), 1e-12);
        assertEquals(1.0, histogram.quantile(0.1));
        assertEquals(1.0, histogram.quantile(0.4), "the 4th of 10 samples is still a 1");
        assertEquals(2.0, histogram.quantile(0.5));
        assertEquals(2.0, histogram.quantile(0.8));
        assertEquals(10.0, histogram.quantile(0.9));
        assertEquals(10.0, histogram.quantile(1.0));
    }

    @Test
    void pooledHistogramsHoldEverySampleOfEach() {
        SampleHistogram first = SampleHistogram.of(Map.of(1.0, 3L, 2.0, 1L));
        SampleHistogram second = SampleHistogram.of(Map.of(2.0, 2L, 4.0, 2L));
        SampleHistogram pooled = SampleHistogram.pooled(List.of(first, second));
        assertEquals(SampleHistogram.of(Map.of(1.0, 3L, 2.0, 3L, 4.0, 2L)), pooled);
        assertEquals((3 + 6 + 8) / 8.0, pooled.mean(), 1e-12);
        assertEquals(2.0, pooled.quantile(0.5));
    }

    @Test
    void anEmptyHistogramHasNoFiguresAndABadQuantileIsNamed() {
        SampleHistogram empty = SampleHistogram.of(Map.of(3.0, 0L));
        assertEquals(0, empty.samples());
        assertThrows(IllegalStateException.class, empty::min);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> SampleHistogram.of(Map.of(1.0, 1L)).quantile(1.5));
        assertEquals("a quantile is in (0, 1], not 1.5", bad.getMessage());
    }
}
