package org.seqbench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.seqbench.core.ModelKind;
import org.seqbench.core.Work;
import org.seqbench.harness.cli.RecordedRuns;
import org.seqbench.harness.cli.SeqbenchCommand;
import org.seqbench.harness.sweep.Profiles;
import org.seqbench.results.Cell;
import org.seqbench.results.CellResult;
import org.seqbench.results.RunRecord;
import org.seqbench.results.RunRecordFiles;
import org.seqbench.results.SweepSpec;

/**
 * {@code tools/pytorch_baseline.py}, run as a user runs it: its run record must read with the results module's own
 * reader and report beside a seqbench run, its figures must be the harness's (the analytic work, the smoke profile's
 * sizes), its check of exported cases must pass PyTorch on seqbench's outputs and fail a damaged file, and a mistake
 * in its arguments must be one line and status 2. Runs where a python3 with PyTorch is installed (Debian:
 * python3-torch, which {@code .ci/run} installs); elsewhere it is skipped with that reason.
 */
class PyTorchBaselineTest {
    private static final String NO_TORCH =
            "no python3 with PyTorch here (Debian: apt-get install python3-torch)";

    @TempDir
    static Path work;

    private static Optional<String> python;
    private static Path script;

    @BeforeAll
    static void findPyTorch() throws IOException, InterruptedException {
        script = RepositoryRoot.path().resolve("tools/pytorch_baseline.py");
        assertTrue(Files.isRegularFile(script), script + " is missing");
        python = Optional.empty();
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            try {
                if (run(List.of(candidate, "-c", "import torch")).status() == 0) {
                    python = Optional.of(candidate);
                    return;
                }
            } catch (IOException e) {
                // not installed under that name
            }
        }
    }

    @Test
    void measuresTheSmokeProfilesCellsOnTheCpuIntoARecordThatReportsBesideSeqbenchs() throws Exception {
        assumeTrue(python.isPresent(), NO_TORCH);
        Path out = work.resolve("pytorch-cpu");
        Result run = baseline("--device", "cpu", "--profile", "smoke", "--seq-lens", "4,8", "--layers", "2",
                "--bidirectional", "--trials", "2", "--iteration-seconds", "0.05", "--out", out.toString());
        assertEquals(0, run.status(), run.output());

        RunRecord record = RunRecordFiles.read(out);
        SweepSpec smoke = Profiles.named("smoke");
        assertEquals(RunRecord.SCHEMA_VERSION, record.schemaVersion(), "tools/pytorch_baseline.py writes an older run "
                + "record format: bring its SCHEMA_VERSION and the fields it writes up to the results module's");
        assertEquals("smoke+custom", record.sweep().profile());
        assertEquals(smoke.hiddenSizes(), record.sweep().hiddenSizes(), "the sizes come from smoke.yaml");
        assertEquals(smoke.inputSize(), record.sweep().inputSize());
        assertEquals(smoke.heads(), record.sweep().heads());
        assertEquals(smoke.outputSize(), record.sweep().outputSize());
        assertEquals(List.of("pytorch"), record.environment().backends().stream().map(b -> b.id()).toList());
        assertTrue(record.completedAt() != null, "the run finished");

        assertEquals(8, record.cells().size(), "4 kinds x 2 lengths x batch 2");
        Set<String> coordinates = record.cells().stream()
                .map(cell -> cell.cell().kind().id() + "/T" + cell.cell().seqLen()).collect(Collectors.toSet());
        Set<String> expected = new java.util.HashSet<>();
        for (ModelKind kind : ModelKind.values()) {
            expected.add(kind.id() + "/T4");
            expected.add(kind.id() + "/T8");
        }
        assertEquals(expected, coordinates);
        for (CellResult measured : record.cells()) {
            Cell cell = measured.cell();
            assertEquals(CellResult.Status.OK, measured.status(), cell.key() + ": " + measured.reason());
            assertEquals("pytorch", cell.backend());
            assertEquals("native", cell.variant());
            assertEquals("cpu", cell.device());
            assertEquals("fp32", cell.precision());
            assertEquals(smoke.batches().getFirst(), cell.batch());
            assertEquals(cell.kind().isRecurrent(), cell.bidirectional(), "bidirectional applies to recurrent kinds");
            assertEquals(2, cell.layers());
            assertEquals(2, measured.trials().size(), cell.key());
            assertTrue(measured.headlineMs() > 0, cell.key());
            assertTrue(measured.latency().p50() > 0 && measured.latency().min() > 0, cell.key());
            assertTrue(measured.latency().min() <= measured.latency().p50(), cell.key());
            assertEquals("minimum", measured.headline().estimator());
            assertEquals(measured.trials().stream().mapToDouble(CellResult.Trial::min).min().orElseThrow(),
                    measured.headline().value(), 0, cell.key());
            // The script's port of the analytic work must say what the harness says of the same cell.
            assertEquals(Work.of(cell.spec(), cell.batch(), cell.seqLen()), measured.work(), cell.key());
            // float32 PyTorch against its own float64: rounding only.
            assertTrue(measured.accuracy().maxAbsError() < 1e-5, cell.key() + ": " + measured.accuracy());
        }

        Path seqbenchRun = RecordedRuns.write(work, "20261124-100000-quick");
        Path comparison = work.resolve("side-by-side");
        Output report = seqbench("report", out.toString(), seqbenchRun.toString(), "--out", comparison.toString());
        assertEquals(0, report.status(), report.err());
        String html = Files.readString(comparison.resolve("report.html"));
        String summary = Files.readString(comparison.resolve("summary.md"));
        for (String page : List.of(html, summary)) {
            // Several runs: each series is its backend and its run (pytorch · 2026...-pytorch-cpu-smoke).
            assertTrue(page.contains("pytorch") && page.contains(record.runId()), "the baseline's cells are reported");
            assertTrue(page.contains("onnx") && page.contains("20261124-100000-quick"), "beside seqbench's");
        }

        Output compare = seqbench("compare", out.toString(), out.toString());
        assertEquals(0, compare.status(), compare.out() + compare.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--kind lstm --layers 2 --bidirectional --hidden-size 12 --input-size 5 --output-size 3 --seq-len 7 --batch 2"
                + " --seed 3",
        "--kind gru --layers 2 --bidirectional --hidden-size 10 --input-size 4 --output-size 0 --seq-len 9 --batch 3"
                + " --seed 5",
        "--kind transformer --layers 2 --hidden-size 16 --heads 4 --ffn-size 32 --input-size 6 --output-size 3"
                + " --seq-len 11 --batch 2 --seed 9"
    })
    void checksAnExportedCaseAgainstPyTorchsOwnModules(String exportArguments) throws Exception {
        assumeTrue(python.isPresent(), NO_TORCH);
        Path file = export(exportArguments);
        Result result = baseline("--check-case", file.toString());
        assertEquals(0, result.status(), result.output());
        assertEquals(1, result.lines().size(), result.output());
        assertTrue(result.output().contains("within the tolerance"), result.output());
    }

    @Test
    void aDamagedCaseFailsWithOneLine() throws Exception {
        assumeTrue(python.isPresent(), NO_TORCH);
        Path good = export("--kind lstm --layers 2 --bidirectional --hidden-size 8 --input-size 3 --output-size 2"
                + " --seq-len 5 --batch 2 --seed 1");
        byte[] bytes = Files.readAllBytes(good);

        // The output is the file's last tensor: one value changed is PyTorch disagreeing with the file.
        byte[] changed = bytes.clone();
        ByteBuffer.wrap(changed).order(ByteOrder.LITTLE_ENDIAN).putFloat(changed.length - Float.BYTES, 1000f);
        Result wrongOutput = baseline("--check-case", Files.write(work.resolve("changed.safetensors"), changed)
                .toString());
        assertEquals(1, wrongOutput.status(), wrongOutput.output());
        assertEquals(1, wrongOutput.lines().size(), wrongOutput.output());
        assertTrue(wrongOutput.output().contains("beyond the tolerance"), wrongOutput.output());

        Result cut = baseline("--check-case", Files.write(work.resolve("cut.safetensors"),
                Arrays.copyOf(bytes, bytes.length / 2)).toString());
        assertEquals(2, cut.status(), cut.output());
        assertEquals(1, cut.lines().size(), cut.output());
        assertTrue(cut.output().contains("cut.safetensors"), cut.output());

        // A weight under another name of the same length: the strict load_state_dict must refuse it.
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("\"fc.weight\""), "the case has a head");
        byte[] renamed = text.replace("\"fc.weight\"", "\"fc.wEight\"").getBytes(StandardCharsets.ISO_8859_1);
        Result misnamed = baseline("--check-case", Files.write(work.resolve("renamed.safetensors"), renamed)
                .toString());
        assertEquals(2, misnamed.status(), misnamed.output());
        assertEquals(1, misnamed.lines().size(), misnamed.output());
        assertTrue(misnamed.output().contains("fc.wEight"), misnamed.output());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--kinds lstm,convnet|'convnet'",
        "--seq-lens 16,0|'0'",
        "--device tpu|'tpu'",
        "--profile nosuch|'nosuch'",
        "--threads 1,many|'many'",
        "--arithmetic tf32|tf32",
        "--kinds transformer --hidden-sizes 30 --heads 4|heads 4",
        "--check-case no-such-file.safetensors|no-such-file.safetensors",
        "--check-case case.safetensors --kinds lstm|--kinds"
    })
    void aMistakeInTheArgumentsIsOneLineAndStatusTwo(String argumentsAndNamed) throws Exception {
        assumeTrue(python.isPresent(), NO_TORCH);
        String[] parts = argumentsAndNamed.split("\\|");
        Result result = baseline(parts[0].split(" "));
        assertEquals(2, result.status(), result.output());
        assertEquals(1, result.lines().size(), result.output());
        assertTrue(result.output().contains(parts[1]), "names the bad value: " + result.output());
        assertTrue(result.output().matches("(?s).*(accepted|cannot read|must be|not --kinds).*"),
                "says what is accepted: " + result.output());
        assertFalse(result.output().contains("Traceback"), result.output());
    }

    @Test
    void anExistingRunRecordIsNotOverwritten() throws Exception {
        assumeTrue(python.isPresent(), NO_TORCH);
        Path out = Files.createDirectories(work.resolve("earlier"));
        Files.writeString(out.resolve("run.json"), "{\"schemaVersion\": 7}");
        Result result = baseline("--kinds", "rnn", "--out", out.toString());
        assertEquals(2, result.status(), result.output());
        assertEquals(1, result.lines().size(), result.output());
        assertEquals("{\"schemaVersion\": 7}", Files.readString(out.resolve("run.json")));
    }

    private static Path export(String exportArguments) throws IOException {
        Path file = Files.createTempFile(work, "case", ".safetensors");
        List<String> arguments = new ArrayList<>(List.of("export"));
        arguments.addAll(List.of(exportArguments.split(" ")));
        arguments.addAll(List.of("--out", file.toString()));
        Output exported = seqbench(arguments.toArray(String[]::new));
        assertEquals(0, exported.status(), exported.err());
        return file;
    }

    private record Output(int status, String out, String err) {
    }

    private static Output seqbench(String... arguments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SeqbenchCommand.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), arguments);
        return new Output(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Result(int status, String output) {
        List<String> lines() {
            return output.lines().filter(line -> !line.isBlank()).toList();
        }
    }

    private static Result baseline(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(python.orElseThrow(), script.toString()));
        command.addAll(List.of(arguments));
        return run(command);
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile(work, "output", ".txt");
        Process process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in 5 minutes");
        }
        return new Result(process.exitValue(), Files.readString(output));
    }
}
