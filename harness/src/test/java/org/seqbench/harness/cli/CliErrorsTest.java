package org.seqbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.seqbench.conformance.ReferenceBackendProvider;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.Weights;
import org.seqbench.core.safetensors.SafeTensors;
import org.seqbench.results.RunRecord;
import org.seqbench.spi.BackendProvider;

/**
 * Every mistake a user can make on the command line gets one line on stderr that names the bad value and what is
 * accepted, exit status 2, no stack trace, and nothing written.
 */
class CliErrorsTest {
    @TempDir
    Path directory;

    record Outcome(int status, String out, String err) {
    }

    static Outcome seqbench(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SeqbenchCommand.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The command line with {@code backends} in place of those on the class path. */
    static Outcome seqbench(List<BackendProvider> backends, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SeqbenchCommand.execute(() -> backends, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> badRunArguments() {
        return Stream.of(
                Arguments.of(List.of("--profile", "huge"), "unknown profile 'huge'; accepted: smoke, quick, standard"),
                Arguments.of(List.of("--backends", "tensorflow"), "unknown backend 'tensorflow'; discovered:"),
                Arguments.of(List.of("--models", "lstm,cnn"),
                        "Invalid value for option '--models' (KIND): unknown kind 'cnn'; accepted: rnn, lstm, gru, "
                                + "transformer"),
                Arguments.of(List.of("--seq-lens", "16,x,64"), "Invalid value for option '--seq-lens' (T): 'x' is not"
                        + " a positive integer; accepted: comma-separated positive integers, e.g. 16,64,256"),
                Arguments.of(List.of("--seq-lens", "16,,64"), "Invalid value for option '--seq-lens' (T): an empty "
                        + "element; accepted: comma-separated positive integers"),
                Arguments.of(List.of("--batches", "0"), "Invalid value for option '--batches' (B): '0' is not a "
                        + "positive integer"),
                Arguments.of(List.of("--hidden", "-8"), "Invalid value for option '--hidden-sizes' (H): '-8' is not a "
                        + "positive integer"),
                Arguments.of(List.of("--threads", "one"), "Invalid value for option '--threads' (N): 'one' is not a "
                        + "thread count; accepted: 0 (the engine's default), a positive integer, or all-cores"),
                Arguments.of(List.of("--models", "transformer", "--hidden", "130"),
                        "hidden size 130 and the other sizes make no valid transformer model: hiddenSize (d_model) "
                                + "130 must be divisible by heads 4"),
                Arguments.of(List.of("--models", "transformer", "--hidden", "33", "--heads", "3"),
                        "hiddenSize (d_model) must be even for the sinusoidal positional encoding, got 33"),
                Arguments.of(List.of("--input-size", "0"), "inputSize must be positive, got 0"),
                Arguments.of(List.of("--variants", "some"), "variants must be 'default' or 'all', got 'some'"),
                Arguments.of(List.of("--tolerance", "0"), "tolerance must be a positive number, got 0.0"),
                Arguments.of(List.of("--shard", "3/2"), "'3/2' is not a shard; accepted: i/n with 1 <= i <= n"),
                Arguments.of(List.of("--iterations", "0"), "iterations must be positive, got 0"),
                Arguments.of(List.of("--engine-option", "onnx.optimization=extreme"), "engine setting "
                        + "onnx.optimization=extreme: onnx.optimization does not accept 'extreme'; accepted: all, "
                        + "extended, basic, disabled"),
                Arguments.of(List.of("--engine-option", "onnx.threads=2"), "engine setting onnx.threads=2: onnx has no "
                        + "engine setting 'threads'; accepted: optimization, spinning"),
                Arguments.of(List.of("--engine-option", "tensorflow.xla=on"), "engine setting tensorflow.xla=on: no "
                        + "backend 'tensorflow'; accepted: "),
                Arguments.of(List.of("--backends", "onnx", "--engine-option", "djl.onednn=disabled"), "engine setting "
                        + "djl.onednn=disabled: djl is not among the backends this run measures (onnx)"),
                Arguments.of(List.of("--engine-option", "optimization"), "Invalid value for option '--engine-option' "
                        + "(ID.KEY=VALUE): 'optimization' is not an engine setting; accepted: ID.KEY=VALUE, e.g. "
                        + "onnx.optimization=disabled"),
                Arguments.of(List.of("--engine-option", "onnx.spinning=enabled", "--engine-option",
                        "onnx.spinning=disabled"), "--engine-option onnx.spinning is given twice, as enabled and "
                        + "disabled; give it once"),
                Arguments.of(List.of("--engine-option", "onnx.spinning=off"), "engine setting onnx.spinning=off: "
                        + "onnx.spinning does not accept 'off'; accepted: enabled, disabled"),
                Arguments.of(List.of("--cell-timeout", "0"), "Invalid value for option '--cell-timeout': "
                        + "'0' is not a time limit; accepted: a positive number of seconds, e.g. 90 or 2.5"),
                Arguments.of(List.of("--cell-timeout", "-5"), "Invalid value for option '--cell-timeout': "
                        + "'-5' is not a time limit; accepted: a positive number of seconds, e.g. 90 or 2.5"),
                Arguments.of(List.of("--cell-timeout", "NaN"), "Invalid value for option '--cell-timeout': "
                        + "'NaN' is not a time limit; accepted: a positive number of seconds, e.g. 90 or 2.5"),
                Arguments.of(List.of("--cell-timeout", "soon"), "Invalid value for option '--cell-timeout': "
                        + "'soon' is not a time limit; accepted: a positive number of seconds, e.g. 90 or 2.5"),
                Arguments.of(List.of("--arithmetic", "fp32,fp16"), "Invalid value for option '--arithmetic' (A): "
                        + "unknown arithmetic 'fp16'; accepted: fp32, tf32, bf16"),
                Arguments.of(List.of("--arithmetic", "fp32,,tf32"), "Invalid value for option '--arithmetic' (A): an "
                        + "empty element; accepted: comma-separated arithmetics, each one of fp32, tf32, bf16"),
                Arguments.of(List.of("--precision", "tf32"), "Invalid value for option '--precision': 'tf32' is not "
                        + "a precision; accepted: a percentage above 0 and below 100, e.g. 3% (or the fraction 0.03),"
                        + " or off for the fixed schedule; the arithmetic is --arithmetic"),
                Arguments.of(List.of("--no-such-flag"), "Unknown option: '--no-such-flag'"));
    }

    @ParameterizedTest
    @MethodSource("badRunArguments")
    void runRejectsBadValuesWithOneLine(List<String> arguments, String expected) throws IOException {
        Path out = directory.resolve("results");
        List<String> all = new java.util.ArrayList<>(List.of("run", "--out", out.toString(), "--dry-run"));
        all.addAll(arguments);
        assertBadInput(seqbench(all.toArray(String[]::new)), expected);
        assertFalse(Files.exists(out), "nothing may be written for bad input");
    }

    @Test
    void runRejectsAnOutThatIsAFileOrCannotBeCreated() throws IOException {
        Path file = Files.writeString(directory.resolve("taken"), "earlier result");
        assertBadInput(seqbench("run", "--profile", "smoke", "--out", file.toString()),
                "--out " + file + " is a file; give a directory to hold run directories");
        assertEquals("earlier result", Files.readString(file), "an earlier file must stay as it was");

        Path readOnly = Files.createDirectory(directory.resolve("read-only"));
        assertTrue(readOnly.toFile().setWritable(false));
        try {
            Outcome outcome = seqbench("run", "--profile", "smoke", "--out", readOnly.resolve("sub").toString());
            if (!isRoot()) {
                assertBadInput(outcome, "cannot create --out directory " + readOnly.resolve("sub"));
            }
        } finally {
            readOnly.toFile().setWritable(true);
        }
        assertBadInput(seqbench("run", "--profile", "smoke", "--out", "/proc/seqbench-results"),
                "cannot create --out directory /proc/seqbench-results");
    }

    @Test
    void runRejectsBadSweepFiles() throws IOException {
        Path missing = directory.resolve("missing.yaml");
        assertBadInput(seqbench("run", "--dry-run", "--config", missing.toString()),
                "--config " + missing + " does not exist");
        assertBadInput(seqbench("run", "--dry-run", "--config", directory.toString()),
                "--config " + directory + " is a directory; give a sweep file such as sweep.yaml");
        Path unknownKey = Files.writeString(directory.resolve("unknown.yaml"), "seqLen: [16]\n");
        assertBadInput(seqbench("run", "--dry-run", "--config", unknownKey.toString()),
                "--config " + unknownKey + ": unknown key 'seqLen'; accepted: arithmetic, backends, batches,");
        Path badYaml = Files.writeString(directory.resolve("bad.yaml"), "seqLens: [16, 64\n");
        assertBadInput(seqbench("run", "--dry-run", "--config", badYaml.toString()),
                "--config " + badYaml + " is not valid YAML");
        Path badValue = Files.writeString(directory.resolve("value.yaml"), "seqLens: [16, many]\n");
        assertBadInput(seqbench("run", "--dry-run", "--config", badValue.toString()), "--config " + badValue + ": ");
        Path negative = Files.writeString(directory.resolve("negative.yaml"), "batches: [-2]\n");
        assertBadInput(seqbench("run", "--dry-run", "--config", negative.toString()),
                "batches must be positive, got -2");
    }

    @Test
    void runRefusesAnOutInsideAnEarlierRunUnlessForced() throws IOException {
        Path run = Files.createDirectories(directory.resolve("runs").resolve("20261124-101500-quick"));
        Files.writeString(run.resolve("run.json"), "{\"runId\": \"20261124-101500-quick\"}");
        Path runDir = run.toAbsolutePath().normalize();
        for (Path out : List.of(run, run.resolve("again"), run.resolve("a").resolve("b"))) {
            // Without --dry-run, an unknown backend: were the refusal missing, the run would stop there, unmeasured.
            for (List<String> mode : List.of(List.of("--dry-run"), List.of("--backends", "tensorflow"))) {
                List<String> all = new java.util.ArrayList<>(List.of("run", "--profile", "smoke", "--out",
                        out.toString()));
                all.addAll(mode);
                assertBadInput(seqbench(all.toArray(String[]::new)), "--out " + out + " is inside the run directory "
                        + runDir + "; give --resume " + runDir
                        + " to continue it, or --force to write a new run inside it");
            }
        }
        try (Stream<Path> written = Files.walk(run)) {
            assertEquals(List.of(run, run.resolve("run.json")), written.sorted().toList(),
                    "nothing may be written into the earlier run");
        }

        Outcome forced = seqbench("run", "--profile", "smoke", "--out", run.resolve("again").toString(), "--dry-run",
                "--force");
        assertEquals(0, forced.status(), forced::err);
        assertTrue(forced.out().contains(" cells, about "), forced.out());
        assertFalse(Files.exists(run.resolve("again")), "a dry run writes nothing");

        assertBadInput(seqbench("run", "--resume", run.toString(), "--force"), "--force writes a new run inside an "
                + "existing run directory; --resume continues one in place: give one of them");
        // A sibling of a run is not inside it.
        Outcome beside = seqbench("run", "--profile", "smoke", "--out", directory.resolve("runs").toString(),
                "--dry-run");
        assertEquals(0, beside.status(), beside::err);
    }

    @Test
    void resumeRejectsAMissingRecordAndSweepFlags() throws IOException {
        Path nowhere = directory.resolve("no-run");
        assertBadInput(seqbench("run", "--resume", nowhere.toString()), "no run record at " + nowhere);
        Path broken = Files.createDirectory(directory.resolve("broken"));
        Files.writeString(broken.resolve("run.json"), "{\"schemaVersion\": 1, \"runId\": ");
        assertBadInput(seqbench("run", "--resume", broken.toString()), "is not a valid seqbench run record");
        Files.writeString(broken.resolve("run.json"), "{\"schemaVersion\": 99}");
        assertBadInput(seqbench("run", "--resume", broken.toString()),
                "has schema version 99; this seqbench reads versions 1 to " + RunRecord.SCHEMA_VERSION);
        assertEquals("{\"schemaVersion\": 99}", Files.readString(broken.resolve("run.json")));
        assertBadInput(seqbench("run", "--resume", broken.toString(), "--models", "lstm"),
                "--resume takes the sweep from the run record; drop --models");
        assertBadInput(seqbench("run", "--resume", broken.toString(), "--hidden", "64", "--warmup-iterations", "1",
                "--no-bidirectional", "--profile", "smoke"),
                "--resume takes the sweep from the run record; drop --hidden, --bidirectional, --warmup-iterations, "
                        + "--profile");
        assertBadInput(seqbench("run", "--resume", broken.toString(), "--cell-timeout", "60"),
                "--resume takes the sweep from the run record; drop --cell-timeout");
    }

    @Test
    void exportRejectsBadModelsAndPaths() {
        Path file = directory.resolve("case.safetensors");
        assertBadInput(seqbench("export", "--model", "lstm"), "Missing required option: '--out=FILE'");
        assertBadInput(seqbench("export", "--model", "cnn", "--out", file.toString()),
                "unknown kind 'cnn'; accepted: rnn, lstm, gru, transformer");
        assertBadInput(seqbench("export", "--model", "lstm", "--hidden", "0", "--out", file.toString()),
                "--hidden: hiddenSize must be a positive integer, got 0");
        assertBadInput(seqbench("export", "--model", "lstm", "--heads", "4", "--out", file.toString()),
                "--heads applies to the transformer only, not lstm");
        assertBadInput(seqbench("export", "--model", "transformer", "--bidirectional", "--out", file.toString()),
                "--bidirectional applies to rnn, lstm and gru only, not the transformer");
        assertBadInput(seqbench("export", "--model", "transformer", "--hidden", "30", "--out", file.toString()),
                "--heads: hiddenSize (d_model) 30 must be divisible by heads 4");
        assertBadInput(seqbench("export", "--model", "gru", "--seq", "0", "--out", file.toString()),
                "--seq must be a positive integer, got 0");
        assertBadInput(seqbench("export", "--model", "gru", "--out", directory.resolve("no/such/dir/x").toString()),
                "cannot write --out " + directory.resolve("no/such/dir/x") + ": directory");
        assertBadInput(seqbench("export", "--model", "gru", "--backend", "nope", "--out", file.toString()),
                "unknown backend 'nope'; discovered:");
        assertBadInput(seqbench("export", "--model", "gru", "--variant", "fast", "--out", file.toString()),
                "--variant needs --backend");
        assertBadInput(seqbench(List.of(ReferenceBackendProvider.builder("only-lstm").kinds(ModelKind.LSTM)
                .variants("exact", "fast").build()), "export", "--kind", "lstm", "--backend", "only-lstm", "--variant",
                "bogus", "--out", file.toString()), "--variant bogus: only-lstm has no such variant for lstm; "
                + "accepted: exact, fast");
        assertBadInput(seqbench(List.of(ReferenceBackendProvider.builder("only-lstm").kinds(ModelKind.LSTM).build()),
                "export", "--kind", "gru", "--backend", "only-lstm", "--out", file.toString()),
                "--backend only-lstm does not support gru; it supports lstm");
        assertBadInput(seqbench("export", "--kind", "lstm", "--ffn-ratio", "2", "--out", file.toString()),
                "--ffn-ratio applies to the transformer only, not lstm");
        assertBadInput(seqbench("export", "--kind", "gru", "--ffn", "64", "--out", file.toString()),
                "--ffn applies to the transformer only, not gru");
        assertBadInput(seqbench("export", "--kind", "transformer", "--ffn", "64", "--ffn-ratio", "2", "--out",
                file.toString()), "give --ffn or --ffn-ratio, not both");
        assertBadInput(seqbench("export", "--kind", "transformer", "--ffn-size", "0", "--out", file.toString()),
                "--ffn-size: ffnSize must be a positive integer, got 0");
        assertBadInput(seqbench("export", "--kind", "transformer", "--ffn-ratio", "1073741824", "--out",
                file.toString()), "--ffn-ratio 1073741824 times hidden size 32 is no feed-forward width; accepted: a "
                + "product up to 2147483647");
        assertBadInput(seqbench("export", "--kind", "gru", "--threads", "-1", "--out", file.toString()),
                "Invalid value for option '--threads': '-1' is not a thread count; accepted: 0 (the engine's "
                        + "default), a positive integer, or all-cores");
        assertBadInput(seqbench("export", "--kind", "gru", "--batch", "0", "--out", file.toString()),
                "--batch must be a positive integer, got 0");
        assertFalse(Files.exists(file));
    }

    @Test
    void exportWithoutBackendWritesTheReferenceCase() throws IOException {
        Path file = directory.resolve("case.safetensors");
        Outcome outcome = seqbench("export", "--model", "lstm", "--layers", "2", "--bidirectional", "--hidden", "8",
                "--input-size", "5", "--output", "3", "--seq", "6", "--batch", "2", "--seed", "7", "--out",
                file.toString());
        assertEquals(0, outcome.status(), outcome.err());
        var read = SafeTensors.read(file);
        assertEquals("{\"kind\":\"lstm\",\"inputSize\":5,\"hiddenSize\":8,\"layers\":2,\"bidirectional\":true,"
                + "\"heads\":0,\"ffnSize\":0,\"outputSize\":3}", read.metadata().get("seqbench.spec"));
        assertEquals("reference", read.metadata().get("seqbench.backend"));
        assertTrue(read.tensors().get("input").hasShape(2, 6, 5));
        assertTrue(read.tensors().get("output").hasShape(2, 3));
        assertTrue(read.tensors().get("lstm.weight_ih_l1_reverse").hasShape(32, 16));
        assertTrue(outcome.out().startsWith("wrote " + file + ": lstm I=5 H=8 L=2 bi O=3"), outcome.out());
    }

    @Test
    void verifyRejectsBadWeightFiles() throws IOException {
        Path missing = directory.resolve("missing.safetensors");
        assertBadInput(seqbench("verify", "--weights", missing.toString()), "--weights " + missing + " does not exist");

        Path truncated = Files.write(directory.resolve("truncated.safetensors"), new byte[] {8, 0, 0, 0, 0, 0, 0, 0});
        assertBadInput(seqbench("verify", "--weights", truncated.toString()),
                "truncated.safetensors is not a valid safetensors file: the header claims 8 bytes but only 0 follow");

        ModelSpec spec = ModelSpec.recurrent(ModelKind.GRU, 4, 6, 1, false, 2);
        Path bare = directory.resolve("bare.safetensors");
        SafeTensors.write(bare, Weights.initialise(spec, 1).asMap(), java.util.Map.of());
        assertBadInput(seqbench("verify", "--weights", bare.toString()),
                "--weights bare.safetensors has no seqbench.spec metadata; give --kind and the sizes");
        assertBadInput(seqbench("verify", "--weights", bare.toString(), "--model", "gru", "--input-size", "4",
                "--hidden", "7", "--output", "2"), "--weights bare.safetensors: weights do not match gru I=4 H=7 L=1"
                + " O=2: gru.weight_ih_l0 has shape [18, 4], expected [21, 4]");

        Path exported = directory.resolve("exported.safetensors");
        assertEquals(0, seqbench("export", "--model", "gru", "--out", exported.toString()).status());
        assertBadInput(seqbench("verify", "--weights", exported.toString(), "--hidden", "64"),
                "--weights exported.safetensors carries its spec in seqbench.spec; drop --hidden");
        assertBadInput(seqbench("verify", "--tolerance", "-1"), "--tolerance must be a positive number, got -1.0");
        assertBadInput(seqbench("verify", "--weights", exported.toString(), "--models", "gru"),
                "--models does not go with --weights: the file holds one model");
        assertBadInput(seqbench("verify", "--weights", exported.toString(), "--ffn-ratio", "2", "--layers", "2"),
                "--weights exported.safetensors carries its spec in seqbench.spec; drop --layers, --ffn-ratio");
        assertBadInput(seqbench("verify", "--weights", bare.toString(), "--kind", "gru", "--input-size", "4",
                "--hidden", "6,12", "--output", "2"),
                "--weights holds one model: give one value of --hidden, got 6,12");
        assertBadInput(seqbench("verify", "--weights", bare.toString(), "--kind", "gru", "--heads", "2"),
                "--heads applies to the transformer only, not gru");
        assertBadInput(seqbench("verify", "--model", "gru"),
                "--model goes with --weights; use --kinds to choose the kinds to check");
        assertBadInput(seqbench("verify", "--kinds", "transformer", "--hidden", "30"),
                "--heads: hiddenSize (d_model) 30 must be divisible by heads 4");
        assertBadInput(seqbench("verify", "--kinds", "transformer", "--ffn", "64", "--ffn-ratio", "2"),
                "give --ffn or --ffn-ratio, not both");
        assertBadInput(seqbench("verify", "--seq-lens", "0"),
                "Invalid value for option '--seq-lens' (T): '0' is not a positive integer");

        java.util.Map<String, Tensor> wrongInput = new java.util.LinkedHashMap<>(SafeTensors.read(exported).tensors());
        wrongInput.put("input", Tensor.zeros(2, 3, 99));
        Path withBadInput = directory.resolve("bad-input.safetensors");
        SafeTensors.write(withBadInput, wrongInput, SafeTensors.read(exported).metadata());
        assertBadInput(seqbench("verify", "--weights", withBadInput.toString()),
                "its input tensor has shape [2, 3, 99]; expected [batch, seq, 16]");
    }

    @Test
    void verifyChecksTheFilesOwnOutputAgainstTheReference() throws IOException {
        Path exported = directory.resolve("case.safetensors");
        assertEquals(0, seqbench("export", "--model", "transformer", "--hidden", "16", "--out", exported.toString())
                .status());
        Outcome outcome = seqbench("verify", "--weights", exported.toString(), "--backends", "");
        // An empty --backends list is itself a mistake: one line, status 2.
        assertBadInput(outcome, "Invalid value for option '--backends' (ID): an empty element");
    }

    @Test
    void reportRejectsMissingAndBrokenRecordsAndBadOutWithoutWritingAnything() throws IOException {
        Path nowhere = directory.resolve("no-run");
        assertBadInput(seqbench("report", nowhere.toString()), "no run record at " + nowhere
                + " (expected a run directory holding run.json, or a run.json file)");
        Path notARecord = Files.createDirectory(directory.resolve("not-a-record"));
        Files.writeString(notARecord.resolve("run.json"), "{\"hello\": 1}");
        assertBadInput(seqbench("report", notARecord.toString()),
                notARecord.resolve("run.json") + " is not a seqbench run record (no schemaVersion)");
        assertFalse(Files.exists(notARecord.resolve("report.html")));
        assertBadInput(seqbench("report"), "Missing required parameter: 'RUN_DIR'");

        Path run = RecordedRuns.write(directory, "20261124-100000-quick");
        Path other = RecordedRuns.write(directory.resolve("elsewhere"), "20261125-100000-quick");
        assertBadInput(seqbench("report", run.toString(), other.toString()),
                "2 runs are reported side by side into a folder of their own: give --out DIR");
        assertBadInput(seqbench("report", run.toString(), run.resolve("run.json").toString(), "--out",
                directory.resolve("both").toString()), "hold the same run (20261124-100000-quick); give each run once");
        assertBadInput(seqbench("report", run.toString(), other.toString(), "--out", run.toString()),
                "--out " + run + " is the directory of run " + run + "; reports of several runs go to a folder of "
                        + "their own");
        Path file = Files.writeString(directory.resolve("taken"), "earlier result");
        assertBadInput(seqbench("report", run.toString(), "--out", file.toString()),
                "--out " + file + " is a file; give a directory for report.html and summary.md");
        assertEquals("earlier result", Files.readString(file));
        assertBadInput(seqbench("report", run.toString(), "--out", "/proc/seqbench-report"),
                "cannot create --out directory /proc/seqbench-report");
        assertFalse(Files.exists(run.resolve("report.html")), "nothing is written for bad input");
        assertFalse(Files.exists(directory.resolve("both")));
    }

    static void assertBadInput(Outcome outcome, String expected) {
        assertEquals(2, outcome.status(), () -> "status for: " + outcome.err() + outcome.out());
        String err = outcome.err().strip();
        assertFalse(err.contains("\n"), () -> "one line expected, got:\n" + err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), () -> "no stack traces: " + err);
        assertTrue(err.contains(expected), () -> "expected '" + expected + "' in: " + err);
        assertTrue(err.startsWith("seqbench"), err);
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
