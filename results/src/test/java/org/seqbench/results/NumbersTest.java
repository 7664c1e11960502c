package org.seqbench.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NumbersTest {
    @Test
    void formatsForReaders() {
        assertEquals("0.931", Numbers.significant(0.931, 3));
        assertEquals("1230", Numbers.significant(1234.5, 3));
        assertEquals("1.23e-04", Numbers.significant(0.000123, 3));
        assertEquals("n/a", Numbers.significant(Double.NaN, 3));
        assertEquals("1.2e-07", Numbers.error(1.2e-7));
        assertEquals("inf", Numbers.error(Double.POSITIVE_INFINITY));
        assertEquals("38,095", Numbers.rate(38095.2));
        assertEquals("12.3", Numbers.rate(12.34));
        assertEquals("1:02:03", Numbers.duration(3723));
        assertEquals("0:59", Numbers.duration(59.4));
        assertEquals("24.0 GiB", Numbers.gibibytes(24L << 30));
    }

    @Test
    void timesPercentagesAndRatiosPickTheirUnit() {
        assertEquals("2.61 µs", Numbers.time(0.00261));
        assertEquals("752 µs", Numbers.time(0.752));
        assertEquals("7.5 ms", Numbers.time(7.5));
        assertEquals("1.2 s", Numbers.time(1200));
        assertEquals("950 ns", Numbers.time(0.00095));
        assertEquals("2.61 ± 0.08 µs", Numbers.timeWithError(0.00261, 0.00008));
        assertEquals("-3.84 ± 3.8 µs", Numbers.timeWithError(-0.00384, 0.0038));
        assertEquals("-0.0496 ± 14 µs", Numbers.timeWithError(-4.96e-5, 0.014));
        assertEquals("912 (905 to 1010) µs", Numbers.timeWithInterval(0.912, 0.905, 1.01));
        assertEquals("0%", Numbers.percent(-0.0001));
        assertEquals("98%", Numbers.percent(0.9812));
        assertEquals("1.8%", Numbers.percent(0.0181));
        assertEquals("n/a", Numbers.percent(Double.NaN));
        assertEquals("3.3x", Numbers.times(3.27));
    }

    @Test
    void mebibytesAreWholeWhenExactAndThreeDigitsOtherwise() {
        assertEquals("128 MiB", Numbers.mebibytes(128L << 20));
        assertEquals("1.5 MiB", Numbers.mebibytes(3L << 19));
    }
}
