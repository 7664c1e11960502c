package org.seqbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.seqbench.conformance.ReferenceBackendProvider;
import org.seqbench.harness.cli.CliErrorsTest.Outcome;
import org.seqbench.spi.BackendProvider;

/**
 * A backend's failure is status 1 and said to be the backend's, whatever exception it throws: an
 * {@code IllegalArgumentException} from a backend's bug is not the user's mistake. {@code verify} marks the failing
 * backend and goes on with the others.
 */
class BackendFailuresTest {
    @TempDir
    Path directory;

    private static Outcome seqbench(List<BackendProvider> backends, String... args) {
        return CliErrorsTest.seqbench(backends, args);
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of("IllegalArgumentException", (Supplier<RuntimeException>)
                        () -> new IllegalArgumentException("shape [3, 20] does not broadcast")),
                Arguments.of("IllegalStateException", (Supplier<RuntimeException>)
                        () -> new IllegalStateException("session closed")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void verifyMarksABackendThatThrowsFailedAndChecksTheOthers(String name, Supplier<RuntimeException> fault) {
        Outcome outcome = seqbench(List.of(ReferenceBackendProvider.builder("broken").failingForward(fault).build(),
                ReferenceBackendProvider.builder("good").build()), "verify", "--kinds", "lstm,gru");
        assertEquals(1, outcome.status(), outcome.out() + outcome.err());
        List<String> rows = outcome.out().lines().toList();
        for (String kind : List.of("lstm", "gru")) {
            assertTrue(rows.stream().anyMatch(row -> row.matches("broken +float64 +" + kind + " .*FAILED: the "
                    + "backend failed \\(not a mistake in the input\\): java.lang." + name + ": .*")), outcome.out());
            assertTrue(rows.stream().anyMatch(row -> row.matches("good +float64 +" + kind + " .* ok")),
                    "the other backend is still checked: " + outcome.out());
        }
        assertTrue(outcome.out().contains("2 check(s) outside 1.0E-4 of the float64 reference or failed"),
                outcome.out());
        assertEquals("", outcome.err());
    }

    @Test
    void verifyOfCorrectBackendsPasses() {
        Outcome outcome = seqbench(List.of(ReferenceBackendProvider.builder("good").build()), "verify", "--kinds",
                "transformer");
        assertEquals(0, outcome.status(), outcome.out() + outcome.err());
        assertTrue(outcome.out().contains("all within 1.0E-4 of the float64 reference"), outcome.out());
    }

    @Test
    void anIllegalArgumentExceptionOutsideVerifyIsAFailureNotBadInput() {
        Outcome outcome = seqbench(List.of(ReferenceBackendProvider.builder("broken").failingAvailability(
                () -> new IllegalArgumentException("no such device")).build()), "run", "--dry-run", "--profile", "smoke");
        assertEquals(1, outcome.status(), outcome.out() + outcome.err());
        assertEquals("seqbench run: unexpected error, a fault of seqbench or a backend, not of the input: "
                + "java.lang.IllegalArgumentException: no such device (run with --debug for the stack trace)",
                outcome.err().strip());
    }

    @Test
    void exportSaysWhichBackendFailed() {
        Path file = directory.resolve("case.safetensors");
        Outcome outcome = seqbench(List.of(ReferenceBackendProvider.builder("broken").failingForward(
                () -> new IllegalArgumentException("bad stride")).build()), "export", "--kind", "gru", "--backend", "broken",
                "--out", file.toString());
        assertEquals(1, outcome.status(), outcome.out() + outcome.err());
        assertEquals("seqbench export: broken failed: java.lang.IllegalArgumentException: bad stride",
                outcome.err().strip());
        assertFalse(Files.exists(file), "nothing is written when the backend fails");
    }
}
