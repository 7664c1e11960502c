package org.seqbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqbench.harness.cli.CliErrorsTest.Outcome;
import org.seqbench.spi.BackendProvider;
import org.seqbench.spi.Backends;

/** {@code seqbench backends} on a machine that cannot run a backend: listed, with its one reason, nothing else. */
class BackendsCommandTest {

    private static boolean nvidiaDriverInstalled() {
        try {
            SymbolLookup.libraryLookup("libcuda.so.1", Arena.global());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Test
    void cudaWithoutADriverIsListedUnavailableWithItsOneLineReason() {
        BackendProvider cuda = Backends.find("cuda")
                .orElseThrow(() -> new AssertionError("backend-cuda is on the harness's runtime class path"));
        assumeFalse(nvidiaDriverInstalled(), "an NVIDIA driver is installed here, so cuda may well be available");
        Outcome outcome = CliErrorsTest.seqbench(List.of(cuda), "backends");
        assertEquals(0, outcome.status(), outcome.err());
        assertEquals("", outcome.err(), "no stack trace, no warning");
        List<String> lines = outcome.out().lines().toList();
        assertEquals(2, lines.size(), outcome.out());
        String variants = " (gemm-loop, cuda-graph)";
        assertEquals(List.of("cuda", "CUDA (driver API, NVRTC, cuBLAS via FFM)", "unknown", "cuda",
                "unavailable: no NVIDIA driver (libcuda.so.1 not found by the system loader)",
                "rnn" + variants + "; lstm" + variants + "; gru" + variants + "; transformer" + variants),
                List.of(lines.get(1).split(" {2,}")));
    }
}
