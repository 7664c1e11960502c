package org.seqbench.harness.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JvmActivityTest {
    private long compile;
    private long gc;
    private long nanos;

    @Test
    void onlyTheMeasuredIterationsCount() {
        JvmActivity activity = new JvmActivity(() -> compile, () -> gc, () -> nanos);
        compile = 500; // the warm-up's compiling, before the first measured iteration
        activity.begin();
        compile += 120;
        gc += 10;
        nanos += 200_000_000L;
        activity.end();
        compile += 400; // between iterations: JMH's own work, not measured
        activity.begin();
        compile += 30;
        nanos += 200_000_000L;
        activity.end();
        JvmActivity.Usage usage = activity.usage();
        assertEquals(0.15, usage.jitSeconds(), 1e-12);
        assertEquals(0.01, usage.gcSeconds(), 1e-12);
        assertEquals(0.4, usage.seconds(), 1e-12);
        assertEquals(0.375, usage.jitShare(), 1e-12);
    }

    @Test
    void nothingMeasuredIsNoUsage() {
        JvmActivity activity = new JvmActivity(() -> compile, () -> gc, () -> nanos);
        assertNull(activity.usage());
        activity.end();
        assertNull(activity.usage(), "an end without a begin counts nothing");
    }

    @Test
    void thisJvmReportsItsOwnCompiling() {
        JvmActivity activity = new JvmActivity();
        activity.begin();
        long sum = 0;
        for (int i = 0; i < 1_000_000; i++) {
            sum += Integer.toString(i).hashCode();
        }
        activity.end();
        JvmActivity.Usage usage = activity.usage();
        assertNotNull(usage, "sum " + sum);
        assertTrue(usage.jitSeconds() >= 0 && usage.gcSeconds() >= 0 && usage.seconds() > 0, usage::toString);
    }
}
