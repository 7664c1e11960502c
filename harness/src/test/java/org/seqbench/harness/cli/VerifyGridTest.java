package org.seqbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqbench.conformance.ReferenceBackendProvider;
import org.seqbench.core.Tensor;
import org.seqbench.core.WeightNames;
import org.seqbench.spi.BackendProvider;
import org.seqbench.spi.Precision;

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

    /**
     * A backend offering tf32 whose outputs are all 1e-3 off (its head's bias shifted): outside fp32's tolerance,
     * well inside tf32's, as a tf32 engine's rounding would be.
     */
    private static BackendProvider offByAThousandth() {
        return ReferenceBackendProvider.builder("reduced").precisions(Precision.FP32, Precision.TF32)
                .defect(tensors -> {
                    Tensor bias = tensors.get(WeightNames.HEAD_BIAS);
                    float[] shifted = bias.data().clone();
                    for (int i = 0; i < shifted.length; i++) {
                        shifted[i] += 1e-3f;
                    }
                    tensors.put(WeightNames.HEAD_BIAS, new Tensor(bias.shape(), shifted));
                    return tensors;
                }).build();
    }

    @Test
    void eachArithmeticIsCheckedAgainstItsOwnToleranceAndABackendWithoutItIsSkippedWithItsList() {
        CliErrorsTest.Outcome outcome = CliErrorsTest.seqbench(List.of(GOOD.getFirst(), offByAThousandth()),
                "verify", "--kinds", "lstm", "--arithmetic", "fp32,tf32");
        assertEquals(1, outcome.status(), outcome.out() + outcome.err());
        List<String> lines = outcome.out().lines().toList();
        assertTrue(lines.stream().anyMatch(line -> line.matches("backend +variant +model +arithmetic +tolerance +max "
                + "abs err +max rel err +result")), outcome.out());
        for (String row : List.of("good +float64 +lstm +fp32 +1\\.0e-04 +.* ok",
                "good +- +lstm +tf32 +skipped: good computes in fp32 only",
                "reduced +float64 +lstm +fp32 +1\\.0e-04 +1\\.0e-03 +.* DIFFERS",
                "reduced +float64 +lstm +tf32 +5\\.0e-03 +1\\.0e-03 +.* ok")) {
            assertTrue(lines.stream().anyMatch(line -> line.matches(row)), row + " in " + outcome.out());
        }
        assertTrue(outcome.out().contains("1 check(s) outside their arithmetic's tolerance (fp32 1.0e-04, tf32 "
                + "5.0e-03) of the float64 reference or failed"), outcome.out());
        CliErrorsTest.Outcome fp32 = CliErrorsTest.seqbench(GOOD, "verify", "--kinds", "lstm");
        assertTrue(fp32.out().lines().anyMatch(line -> line.matches("good +float64 +lstm +fp32 +1\\.0e-04 .* ok")),
                "fp32 unless asked: " + fp32.out());
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
