package org.seqbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqbench.conformance.ReferenceBackendProvider;
import org.seqbench.spi.BackendProvider;

/** {@code verify} takes {@code run}'s flags and checks each combination of their lists. */
class VerifyGridTest {
    private static final List<BackendProvider> GOOD = List.of(ReferenceBackendProvider.builder("good").build());

    private static List<String> rows(CliErrorsTest.Outcome outcome) {
        assertEquals(0, outcome.status(), outcome.out() + outcome.err());
        return outcome.out().lines().filter(line -> line.startsWith("good ")).toList();
    }

    @Test
    void eachCaseIsNamedByTheKindAndTheSizesThatDiffer() {
        List<String> rows = rows(CliErrorsTest.seqbench(GOOD, "verify", "--kinds", "lstm", "--hidden-sizes",
                "8,16", "--seq-lens", "5", "--threads", "1,2"));
        assertEquals(List.of("lstm H=8 threads=1", "lstm H=8 threads=2", "lstm H=16 threads=1",
                "lstm H=16 threads=2"),
                rows.stream().map(row -> row.split(" {2,}")[2]).toList());
    }

    @Test
    void theDefaultsCheckOneSmallCasePerKindUnderItsKindAlone() {
        CliErrorsTest.Outcome outcome = CliErrorsTest.seqbench(GOOD, "verify");
        assertEquals(List.of("rnn", "lstm", "gru", "transformer"),
                rows(outcome).stream().map(row -> row.split(" {2,}")[2]).toList());
        assertTrue(outcome.out().contains("lstm I=16 H=32 L=1 O=4, input [3, 20, 16] (canonical weights, seed 42)"),
                outcome.out());
    }

    @Test
    void theFeedForwardWidthMayBeGivenItselfOrAsARatio() {
        CliErrorsTest.Outcome exact = CliErrorsTest.seqbench(GOOD, "verify", "--kinds", "transformer",
                "--ffn", "40");
        assertTrue(exact.out().contains("transformer I=16 d=32 L=1 heads=4 ffn=40 O=4"), exact.out());
        CliErrorsTest.Outcome ratio = CliErrorsTest.seqbench(GOOD, "verify", "--kinds", "transformer",
                "--ffn-ratio", "2");
        assertTrue(ratio.out().contains("transformer I=16 d=32 L=1 heads=4 ffn=64 O=4"), ratio.out());
        assertEquals(1, rows(ratio).size());
    }
}
