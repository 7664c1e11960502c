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
}
