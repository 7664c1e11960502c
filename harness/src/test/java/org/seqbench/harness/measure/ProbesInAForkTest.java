package org.seqbench.harness.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.results.Environment;

/**
 * The FMA and triad kernels run for real in a JMH fork, which loads the Vector API and reports its species; the
 * figures are only checked to be there, never timed.
 */
class ProbesInAForkTest {

    @Test
    void theFmaKernelRunsInAForkWithTheVectorApiAndReportsItsSpecies(@TempDir Path directory) throws IOException {
        Path log = directory.resolve("jmh.log");
        StringWriter out = new StringWriter();
        List<Environment.FmaPeak> peaks = new FmaProbe(new JmhProbeRunner(log, 1, 2, Duration.ofMillis(100)))
                .measure(List.of(1), Runtime.getRuntime().availableProcessors(), new PrintWriter(out));
        assertEquals(1, peaks.size(), out + Files.readString(log));
        Environment.FmaPeak peak = peaks.getFirst();
        assertEquals(32 * peak.lanes(), peak.vectorBits());
        assertEquals(2, peak.iterations());
        assertTrue(peak.gflops() > 0 && peak.gflops() >= peak.medianGflops(), peak.toString());
        assertTrue(peak.otherCpuCores() != null, "the kernel's iteration hooks accounted other processes' CPU");
        assertTrue(Files.readString(log).contains("Using incubator modules: jdk.incubator.vector"),
                "the fork's incubator warning goes to the log, not the console");
        assertTrue(!out.toString().contains("incubator"), out.toString());
    }

    @Test
    void theTriadRunsInAForkOnEveryThreadsOwnArrays(@TempDir Path directory) throws IOException {
        Path log = directory.resolve("jmh.log");
        StringWriter out = new StringWriter();
        // A 64 KiB "cache" keeps the arrays small: this checks the plumbing, not the machine.
        BandwidthProbe probe = new BandwidthProbe(new JmhProbeRunner(log, 1, 2, Duration.ofMillis(100)),
                Optional.of(new LastLevelCache(64 << 10, 2)), Runtime.getRuntime().maxMemory());
        List<Environment.Bandwidth> figures = probe.measure(List.of(2), 2, new PrintWriter(out));
        assertEquals(1, figures.size(), out + Files.readString(log));
        assertEquals(256 << 10, figures.getFirst().arrayBytes());
        assertTrue(figures.getFirst().gbPerSecond() > 0, figures.toString());
        assertTrue(figures.getFirst().otherCpuCores() != null, "the kernel's iteration hooks accounted others' CPU");
    }
}
