package org.seqbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.seqbench.core.ModelKind;
import org.seqbench.harness.cli.CliErrorsTest.Outcome;
import org.seqbench.results.Json;

/**
 * seqbench recommend against a recorded run of two backends whose cells follow known laws
 * ({@link RecordedRuns#twoBackends}): the answer names the winner, its predicted p50 and throughput with their
 * intervals, the margin and its significance and the cells it rests on; a goal no backend meets is status 1, a
 * workload past the measured range a refusal with status 3 that says what to measure, and every bad input one line
 * with status 2, nothing written.
 */
class RecommendCommandTest {
    @TempDir
    Path directory;

    Path run;

    @BeforeEach
    void writeRun() throws IOException {
        run = RecordedRuns.twoBackends(directory, "20261203-100000-quick");
    }

    private Outcome recommend(String... arguments) {
        String[] all = Stream.concat(Stream.of("recommend"), Stream.of(arguments)).toArray(String[]::new);
        return CliErrorsTest.seqbench(all);
    }

    @Test
    void namesTheWinnerBetweenMeasuredLengthsWithItsMarginAndTheCellsItRestsOn() {
        Outcome outcome = recommend("--kind", "lstm", "--seq", "128", "--batch", "8", run.toString());
        assertEquals(0, outcome.status(), outcome.err() + outcome.out());
        assertEquals("", outcome.err());
        List<String> lines = outcome.out().lines().toList();
        assertEquals("lstm at T = 128, B = 8 (hidden 128, 1 layer, 1 thread) in run 20261203-100000-quick: "
                + "onnx[fused-op]", lines.get(0));
        double headline = RecordedRuns.recommendLaw("onnx", ModelKind.LSTM, 128, 8);
        assertTrue(lines.get(1).startsWith("  p50 " + org.seqbench.results.Numbers.significant(headline * 1.155, 3)
                + " ("), lines.get(1));
        assertTrue(lines.get(1).contains(" sequences/s, ") && lines.get(1).endsWith(" tokens/s"), lines.get(1));
        assertTrue(lines.get(2).startsWith("  2x faster than djl (95% interval ") && lines.get(2)
                .endsWith(": significant"), lines.get(2));
        assertTrue(lines.get(3).startsWith("  ranked by its headline, the minimum: "
                + org.seqbench.results.Numbers.significant(headline, 3) + " ("), lines.get(3));
        assertEquals("  interpolated along T: at B = 8, the step cost (overhead + cost per step x steps) fitted over "
                + "T = 16, 64, 256", lines.get(4));
        assertEquals(List.of("  rests on 3 measured cells:", "    onnx/fused-op/lstm/T16/B8/H128/L1/t1/fp32/cpu",
                "    onnx/fused-op/lstm/T64/B8/H128/L1/t1/fp32/cpu", "    onnx/fused-op/lstm/T256/B8/H128/L1/t1/fp32/cpu"),
                lines.subList(5, 9));
        assertEquals("candidates, fastest headline first:", lines.get(9));
        assertTrue(lines.get(10).startsWith("#  candidate"), lines.get(10));
        assertTrue(lines.get(11).startsWith("1  onnx[fused-op]  interpolated along T"), lines.get(11));
        assertTrue(lines.get(12).startsWith("2  djl"), lines.get(12));
        assertEquals(13, lines.size(), outcome.out());
    }

    @Test
    void jsonHoldsTheAnswerEveryCandidateAndTheCellsTheyRestOn() throws IOException {
        Outcome outcome = recommend("--kind", "any", "--seq", "64", "--batch", "4", "--json", run.toString());
        assertEquals(0, outcome.status(), outcome.err());
        JsonNode root = Json.mapper().readTree(outcome.out());
        assertEquals(RecommendationText.SCHEMA_VERSION, root.get("schemaVersion").asInt());
        assertEquals("recommended", root.get("answer").asText());
        assertEquals("any", root.get("workload").get("kind").asText());
        assertEquals(4, root.get("workload").get("batch").asInt());
        assertEquals(1.25, root.get("extrapolationFactor").asDouble());
        assertEquals(4, root.get("candidates").size(), "two backends, two kinds");
        JsonNode winner = root.get("candidates").get(0);
        assertEquals(root.get("winner").asText(), winner.get("label").asText());
        assertEquals("onnx[standard-ops] transformer", winner.get("label").asText(), "at T = 64 the Transformer's "
                + "0.219 ms beats the LSTM's 0.74 ms (each times batch^0.5)");
        assertEquals("along-batch", winner.get("provenance").asText());
        assertEquals(RecordedRuns.recommendLaw("onnx", ModelKind.TRANSFORMER, 64, 4),
                winner.get("headlineMs").get("value").asDouble(), 1e-9, "batch^0.5 is the power law through B = 1, 8");
        assertEquals(List.of("onnx/standard-ops/transformer/T64/B1/H128/L1/t1/fp32/cpu",
                "onnx/standard-ops/transformer/T64/B8/H128/L1/t1/fp32/cpu"),
                Json.mapper().convertValue(winner.get("restsOn"), List.class));
        assertTrue(winner.get("p50Ms").has("low"), "the p50's interval, carried from the two cells'");
        assertEquals("djl transformer", root.get("candidates").get(1).get("label").asText(), "djl has no variant");
        assertEquals("djl transformer", root.get("runnerUp").asText());
        assertEquals("onnx[fused-op] lstm", root.get("candidates").get(2).get("label").asText());
        JsonNode margin = root.get("margin");
        assertEquals(2, margin.get("ratio").asDouble(), 1e-9);
        assertTrue(margin.get("significant").asBoolean());
        assertEquals("interpolated", margin.get("method").asText(), "the margins measured at B = 1 and 8, carried along");
        assertEquals(0, root.get("excluded").size());
    }

    @Test
    void aBudgetNoBackendMeetsIsStatusOneAndNamesTheClosest() {
        Outcome met = recommend("--kind", "transformer", "--seq", "64", "--batch", "8", "--latency-budget", "2ms",
                run.toString());
        assertEquals(0, met.status(), met.err());
        assertTrue(met.out().contains("  meets a latency budget of 2 ms"), met.out());
        assertTrue(met.out().contains("meets the goal"), "the table says which candidates meet it");

        Outcome missed = recommend("--kind", "transformer", "--seq", "64", "--batch", "8", "--latency-budget",
                "500us", run.toString());
        assertEquals(1, missed.status(), missed.err());
        assertTrue(missed.out().startsWith("no backend meets a latency budget of 500 µs for transformer at T = 64, "
                + "B = 8 (hidden 128, 1 layer, 1 thread) in run 20261203-100000-quick; the closest is "
                + "onnx[standard-ops]\n"), missed.out());

        Outcome tokens = recommend("--kind", "lstm", "--seq", "256", "--batch", "8", "--throughput-target",
                "1e9tokens/s", run.toString());
        assertEquals(1, tokens.status(), tokens.out());
        assertTrue(tokens.out().startsWith("no backend meets a throughput target of 1,000,000,000 tokens/s"));
        Outcome sequences = recommend("--kind", "lstm", "--seq", "256", "--batch", "8", "--throughput-target",
                "100/s", run.toString());
        assertEquals(0, sequences.status(), sequences.out());
        assertTrue(sequences.out().contains("  meets a throughput target of 100 sequences/s"), sequences.out());
    }

    @Test
    void aWorkloadPastTheMeasuredRangeIsARefusalThatSaysWhatToMeasure() {
        Outcome outcome = recommend("--kind", "lstm", "--seq", "1024", "--batch", "8", run.toString());
        assertEquals(RecommendCommand.OUTSIDE_RANGE, outcome.status(), outcome.err() + outcome.out());
        assertEquals("", outcome.err(), "a refusal is an answer, not a mistake");
        List<String> lines = outcome.out().lines().toList();
        assertEquals("outside the measured range: measure T = 1024 (lstm at T = 1024, B = 8 (hidden 128, 1 layer, "
                + "1 thread) in run 20261203-100000-quick)", lines.get(0));
        assertEquals("not predicted:", lines.get(1));
        assertTrue(lines.get(2).startsWith("  onnx[fused-op]: T = 1024 is outside its measured lengths at B = 8 "
                + "(T = 16 to 256; a prediction reaches 1.25x past them)"), lines.get(2));

        Outcome json = recommend("--kind", "lstm", "--seq", "64", "--batch", "32", "--json", run.toString());
        assertEquals(RecommendCommand.OUTSIDE_RANGE, json.status());
        assertTrue(json.out().contains("\"answer\" : \"outside-range\""), json.out());
        assertTrue(json.out().contains("\"batch\" : 32"), json.out());
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                Arguments.of(List.of("--kind", "cnn", "--seq", "64", "--batch", "8"), "Invalid value for option "
                        + "'--kind': 'cnn' is not a model kind; accepted: rnn, lstm, gru, transformer, any"),
                Arguments.of(List.of("--kind", "lstm", "--seq", "0", "--batch", "8"), "Invalid value for option "
                        + "'--seq-len': '0' is not a positive integer; accepted: a whole number above 0"),
                Arguments.of(List.of("--kind", "lstm", "--seq", "64", "--batch", "-8"), "Invalid value for option "
                        + "'--batch': '-8' is not a positive integer"),
                Arguments.of(List.of("--kind", "lstm", "--seq", "64", "--batch", "8", "--latency-budget", "20"),
                        "'20' is not a latency budget; accepted: a positive time with its unit, e.g. 20ms, 1.5ms, "
                                + "500us or 2s"),
                Arguments.of(List.of("--kind", "lstm", "--seq", "64", "--batch", "8", "--latency-budget", "0ms"),
                        "'0ms' is not a latency budget"),
                Arguments.of(List.of("--kind", "lstm", "--seq", "64", "--batch", "8", "--throughput-target", "fast"),
                        "'fast' is not a throughput target; accepted: a positive rate per second, in sequences "
                                + "(5000/s) or tokens (800000tokens/s)"),
                Arguments.of(List.of("--kind", "lstm", "--seq", "64", "--batch", "8", "--latency-budget", "20ms",
                        "--throughput-target", "5000/s"), "are mutually exclusive"),
                Arguments.of(List.of("--kind", "lstm", "--seq", "64", "--batch", "8", "--threads", "many"),
                        "'many' is not a thread count; accepted: 0 (the engine's default) or a positive integer"),
                Arguments.of(List.of("--seq", "64", "--batch", "8"), "Missing required option: '--kind=KIND'"),
                Arguments.of(List.of("--kind", "gru", "--seq", "64", "--batch", "8"), "--kind gru: run "
                        + "20261203-100000-quick measured no gru cell; accepted: lstm, transformer"),
                Arguments.of(List.of("--kind", "lstm", "--seq", "64", "--batch", "8", "--hidden", "256"),
                        "--hidden-size 256: run 20261203-100000-quick measured lstm at hidden size 128 only; "
                                + "accepted: 128"),
                Arguments.of(List.of("--kind", "lstm", "--seq", "64", "--batch", "8", "--threads", "4"),
                        "--threads 4: run 20261203-100000-quick measured lstm at threads 1 only; accepted: 1"));
    }

    @ParameterizedTest
    @MethodSource("badInputs")
    void everyBadInputIsOneLineAndStatusTwo(List<String> arguments, String expected) throws IOException {
        List<String> all = new java.util.ArrayList<>(arguments);
        all.add(run.toString());
        CliErrorsTest.assertBadInput(recommend(all.toArray(String[]::new)), expected);
        try (Stream<Path> files = Files.list(run)) {
            assertEquals(List.of(run.resolve("run.json")), files.toList(), "nothing written beside the run");
        }
    }

    @Test
    void aSourceThatIsNoRunIsOneLineAndStatusTwo() throws IOException {
        Path missing = directory.resolve("nowhere");
        CliErrorsTest.assertBadInput(recommend("--kind", "lstm", "--seq", "64", "--batch", "8", missing.toString()),
                "no run record at " + missing);
        Path corrupt = Files.createDirectories(directory.resolve("corrupt"));
        Files.writeString(corrupt.resolve("run.json"), "{\"schemaVersion\": 5, \"cells\": [");
        CliErrorsTest.assertBadInput(recommend("--kind", "lstm", "--seq", "64", "--batch", "8", corrupt.toString()),
                "is not a valid seqbench run record");
        Path db = directory.resolve("history.db");
        CliErrorsTest.assertBadInput(recommend("--kind", "lstm", "--seq", "64", "--batch", "8", "history:main",
                "--db", db.toString()), "no seqbench history at " + db);
    }
}
