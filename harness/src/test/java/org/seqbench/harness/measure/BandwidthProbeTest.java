package org.seqbench.harness.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.results.Environment;

/**
 * The bandwidth is the best iteration's triads per second times the 12 bytes of each element of one thread's
 * arrays, which together are four times the last-level caches.
 */
class BandwidthProbeTest {
    private static final long MIB = 1L << 20;
    private static final long LARGE_HEAP = 64L << 30;

    @Test
    void gigabytesPerSecondAreTheBestIterationTimesTheBytesOfOneThreadsTriad() {
        // A 32 MiB cache shared by both cores: each array 128 MiB; 2 threads: 16 Mi floats each, 12 bytes an
        // element, 201,326,592 bytes a triad. The best of 40 and 50 triads/s: 10.0663296 GB/s.
        FmaProbeTest.Scripted runner = new FmaProbeTest.Scripted(List.of(new ProbeRunner.Outcome(List.of(40.0, 50.0),
                Map.of())));
        StringWriter log = new StringWriter();
        BandwidthProbe probe = new BandwidthProbe(runner, Optional.of(new LastLevelCache(32 * MIB, 2)), LARGE_HEAP);
        Environment.Bandwidth bandwidth = probe.measure(List.of(2), 2, new PrintWriter(log)).getFirst();
        assertEquals(List.of("TriadBenchmark {elements=16777216} x2"), runner.asked);
        assertEquals(10.0663296, bandwidth.gbPerSecond(), 1e-9);
        assertEquals(45 * 12 * 16777216.0 / 1e9, bandwidth.medianGbPerSecond(), 1e-9);
        assertEquals(128 * MIB, bandwidth.arrayBytes());
        assertEquals(32 * MIB, bandwidth.lastLevelCacheBytes());
        assertEquals(2, bandwidth.iterations());
        assertNull(bandwidth.otherCpuCores());
        assertEquals("memory bandwidth: 10.1 GB/s with 2 threads (triad over three 128 MiB arrays, 4 x the 32 MiB "
                + "of last-level cache; best of 2 iterations)", log.toString().strip());
    }

    @Test
    void theArraysAreFourTimesEveryLastLevelCacheTogether() {
        // Two instances of 16 MiB, each shared by 4 of the 8 processors: 32 MiB of cache, 128 MiB an array.
        BandwidthProbe probe = new BandwidthProbe(null, Optional.of(new LastLevelCache(16 * MIB, 4)), LARGE_HEAP);
        BandwidthProbe.Sizing sizing = probe.sizing(8);
        assertEquals(128 * MIB, sizing.arrayBytes());
        assertEquals(32 * MIB, sizing.cacheBytes());
    }

    @Test
    void withoutACacheSizeTheArraysAreAFixed64MibAndTheLineSaysSo() {
        FmaProbeTest.Scripted runner = new FmaProbeTest.Scripted(List.of(new ProbeRunner.Outcome(List.of(10.0),
                Map.of())));
        StringWriter log = new StringWriter();
        Environment.Bandwidth bandwidth = new BandwidthProbe(runner, Optional.empty(), LARGE_HEAP)
                .measure(List.of(1), 2, new PrintWriter(log)).getFirst();
        assertEquals(64 * MIB, bandwidth.arrayBytes());
        assertNull(bandwidth.lastLevelCacheBytes());
        assertEquals(10 * 12 * 16.0 * MIB / 1e9, bandwidth.gbPerSecond(), 1e-12);
        assertTrue(log.toString().contains("three 64 MiB arrays, a fixed size: the last-level cache's size is "
                + "unknown;"), log.toString());
    }

    @Test
    void theArraysStayWithinAThirdOfTheHeap() {
        // A 900 MiB heap: the three arrays get 300 MiB, though four times the 256 MiB cache would be 1 GiB each.
        BandwidthProbe probe = new BandwidthProbe(null, Optional.of(new LastLevelCache(256 * MIB, 1)), 900 * MIB);
        assertEquals(100 * MIB, probe.sizing(1).arrayBytes());
    }

    @Test
    void aThreadCountThatDoesNotDivideTheArraysGetsWholeElements() {
        FmaProbeTest.Scripted runner = new FmaProbeTest.Scripted(List.of(new ProbeRunner.Outcome(List.of(1.0),
                Map.of())));
        Environment.Bandwidth bandwidth = new BandwidthProbe(runner, Optional.of(new LastLevelCache(MIB, 3)),
                LARGE_HEAP).measure(List.of(3), 3, new PrintWriter(new StringWriter())).getFirst();
        // One 1 MiB cache for all 3 processors: 4 MiB an array is 1,048,576 floats, 349,525 for each of 3 threads;
        // the remaining float is left out.
        assertEquals(List.of("TriadBenchmark {elements=349525} x3"), runner.asked);
        assertEquals(349525L * 3 * 4, bandwidth.arrayBytes());
        assertEquals(12 * 349525 / 1e9, bandwidth.gbPerSecond(), 1e-15);
    }

    @Test
    void readsTheHighestLevelDataOrUnifiedCacheFromSysfs(@TempDir Path sysfs) throws IOException {
        cache(sysfs, 0, 1, "Data", "32K", "0");
        cache(sysfs, 1, 1, "Instruction", "32K", "0");
        cache(sysfs, 2, 2, "Unified", "1024K", "0");
        cache(sysfs, 3, 3, "Unified", "32768K", "0-7,64-71");
        LastLevelCache cache = LastLevelCache.read(sysfs).orElseThrow();
        assertEquals(new LastLevelCache(32 * MIB, 16), cache);
        assertEquals(8, cache.instances(128));
        assertEquals(1, cache.instances(2));
    }

    @Test
    void anAbsentOrUnreadableCacheDescriptionIsUnknown(@TempDir Path sysfs) throws IOException {
        assertTrue(LastLevelCache.read(sysfs.resolve("missing")).isEmpty());
        cache(sysfs, 3, 3, "Unified", "lots", "0");
        assertTrue(LastLevelCache.read(sysfs).isEmpty());
    }

    private static void cache(Path sysfs, int index, int level, String type, String size, String shared)
            throws IOException {
        Path directory = Files.createDirectories(sysfs.resolve("index" + index));
        Files.writeString(directory.resolve("level"), level + "\n");
        Files.writeString(directory.resolve("type"), type + "\n");
        Files.writeString(directory.resolve("size"), size + "\n");
        Files.writeString(directory.resolve("shared_cpu_list"), shared + "\n");
    }
}
