package org.seqbench.harness.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.seqbench.results.CanarySample;

/** The canary's bookkeeping on a scripted clock; only the last test runs the real kernel, and times nothing. */
class HostCanaryTest {

    /** A monotonic clock that hands out the given instants, in nanoseconds, in order. */
    private static Iterator<Long> nanos(long... values) {
        return java.util.Arrays.stream(values).boxed().iterator();
    }

    @Test
    void aVisitKeepsTheFastestRepetitionAndTheMedianAfterOneWarmUp() {
        AtomicInteger runs = new AtomicInteger();
        // Repetitions of 30, 25 and 40 ms, then 22, 50 and 23 ms.
        Iterator<Long> clock = nanos(0, 30_000_000, 30_000_000, 55_000_000, 55_000_000, 95_000_000,
                100_000_000, 122_000_000, 122_000_000, 172_000_000, 172_000_000, 195_000_000);
        Iterator<Instant> wall = List.of(Instant.parse("2026-12-01T10:00:00.123456Z"),
                Instant.parse("2026-12-01T10:01:00Z")).iterator();
        HostCanary canary = new HostCanary(() -> runs.incrementAndGet(), 3, clock::next, wall::next, HostCanaryTest::noProc);

        assertEquals(new CanarySample("2026-12-01T10:00:00.123Z", 25.0, 30.0, 3, null, null), canary.visit());
        assertEquals(HostCanary.WARM_UP_REPETITIONS + 3, runs.get(), "the first visit warms the kernel up first");
        assertEquals(new CanarySample("2026-12-01T10:01:00Z", 22.0, 23.0, 3, null, null), canary.visit());
        assertEquals(HostCanary.WARM_UP_REPETITIONS + 6, runs.get(), "later visits do not warm up again");
    }

    private static OtherProcessesCpu noProc() {
        return new OtherProcessesCpu(Optional::empty);
    }

    @Test
    void aVisitRecordsWhatOtherProcessesAndTheHypervisorTookMeanwhile() {
        // Over the visit, 200 ticks on two processors: the machine was busy 150, this JVM 50, of the rest 40 stolen.
        Iterator<Optional<CpuTimes>> readings = List.of(
                Optional.of(new CpuTimes(1000, 5000, 300, 2, 10)),
                Optional.of(new CpuTimes(1150, 5200, 350, 2, 50))).iterator();
        Iterator<Long> clock = nanos(0, 20_000_000);
        HostCanary canary = new HostCanary(() -> 1f, 1, clock::next, () -> Instant.EPOCH,
                () -> new OtherProcessesCpu(readings::next));
        assertEquals(new CanarySample("1970-01-01T00:00:00Z", 20.0, 20.0, 1, 1.0, 0.4), canary.visit());
    }

    @Test
    void anEvenNumberOfRepetitionsHasTheMeanOfTheMiddleTwoAsItsMedian() {
        Iterator<Long> clock = nanos(0, 10_000_000, 0, 40_000_000);
        HostCanary canary = new HostCanary(() -> 1f, 2, clock::next, () -> Instant.EPOCH, HostCanaryTest::noProc);
        assertEquals(new CanarySample("1970-01-01T00:00:00Z", 10.0, 25.0, 2, null, null), canary.visit());
        assertThrows(IllegalArgumentException.class, () -> new HostCanary(() -> 1f, 0, System::nanoTime,
                Instant::now, HostCanaryTest::noProc));
    }

    @Test
    void theRealKernelDoesTheSameWorkEachTimeAndTakesSomeTime() {
        assertEquals(HostCanary.kernel(), HostCanary.kernel(), "the work is fixed");
        assertTrue(Float.isFinite(HostCanary.kernel()));
        CanarySample once = new HostCanary(HostCanary::kernel, 1, System::nanoTime, Instant::now,
                OtherProcessesCpu::new).visit();
        assertTrue(once.bestMs() > 0, once.toString());
        assertEquals(1, once.repetitions());
    }
}
