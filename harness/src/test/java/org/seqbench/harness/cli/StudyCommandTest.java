package org.seqbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.seqbench.core.ModelKind;
import org.seqbench.harness.cli.CliErrorsTest.Outcome;
import org.seqbench.study.GradientRecord;
import org.seqbench.study.StudyFiles;
import org.seqbench.study.StudyRecord;
import org.seqbench.study.StudySummary;
import org.seqbench.study.gradient.GradientProfile;
import org.seqbench.study.task.RecallTask;

/**
 * seqbench study: the quick profile end to end on the real engines (libtorch training, onnx forward passes in
 * JVMs of their own), and every bad input as one line with status 2 that writes nothing.
 */
class StudyCommandTest {
    @TempDir
    Path directory;

    private static Outcome study(String... arguments) {
        return CliErrorsTest.seqbench(Stream.concat(Stream.of("study"), Stream.of(arguments)).toArray(String[]::new));
    }

    @Test
    void theQuickStudyShowsLongRangeRecallAndTheRnnsVanishingGradientAndWritesItsReports() throws IOException {
        Outcome outcome = study("--quick", "--memory-backend", "onnx", "--cross-check", "none", "--out",
                directory.toString());
        assertEquals(0, outcome.status(), outcome.err() + outcome.out());
        assertEquals("", outcome.err());
        Path study;
        try (Stream<Path> listed = Files.list(directory)) {
            study = listed.filter(path -> path.getFileName().toString().startsWith("study-")).findFirst()
                    .orElseThrow();
        }
        StudyRecord record = StudyFiles.read(study).orElseThrow();
        StudySummary summary = new StudySummary(record);
        RecallTask recall = new RecallTask();
        for (ModelKind kind : new ModelKind[] {ModelKind.LSTM, ModelKind.TRANSFORMER}) {
            double accuracy = summary.best(recall, kind, 64).orElseThrow().best().score().mean();
            assertTrue(accuracy > 0.5, kind.id() + " recalls across 63 steps: accuracy " + accuracy
                    + " against chance 0.125");
        }
        GradientProfile rnn = summary.initial(ModelKind.RNN, GradientRecord.PYTORCH).orElseThrow();
        assertTrue(rnn.normAt(50) < rnn.normAt(0) * 1e-3, "the RNN's gradient 50 steps back, " + rnn.normAt(50)
                + ", is orders of magnitude below the last step's, " + rnn.normAt(0));
        assertEquals(6, record.memory().size(), "onnx: rnn, lstm and transformer at two lengths each");
        assertTrue(record.memory().stream().allMatch(point -> point.measured()), record.memory().toString());
        assertTrue(Files.size(study.resolve("report.html")) > 0 && Files.size(study.resolve("summary.md")) > 0);
        assertTrue(outcome.out().contains("[1/"), outcome.out());
        assertTrue(outcome.out().contains(" left"), outcome.out());
        assertTrue(outcome.out().contains("claims:"), outcome.out());

        Outcome again = study("--resume", study.toString());
        assertEquals(0, again.status(), again.err());
        assertFalse(again.out().contains("[1/"), "a finished study resumes with nothing to do: " + again.out());
        assertEquals(record.trainings(), StudyFiles.read(study).orElseThrow().trainings());
    }

    static Stream<Arguments> badStudies() {
        return Stream.of(
                Arguments.of(new String[] {"--task", "copy"}, "seqbench study: unknown task 'copy'; accepted:"
                        + " recall, adding"),
                Arguments.of(new String[] {"--seq", "16,70000"}, "seqbench study: --seq 70000 is out of range:"
                        + " accepted 1 to 65536 steps for recall"),
                Arguments.of(new String[] {"--budget", "100"}, "seqbench study: --budget 100 is out of range:"
                        + " accepted a multiple of the batch 64 from 64 to 10000000 training sequences"),
                Arguments.of(new String[] {"--kind", "cnn"}, "seqbench study: unknown kind 'cnn'; accepted: rnn,"
                        + " lstm, gru, transformer"),
                Arguments.of(new String[] {"--trainer", "onnx"}, "seqbench study: --trainer onnx cannot train"
                        + " models; it runs inference only; backends that train here: djl, dl4j"),
                Arguments.of(new String[] {"--profile", "huge"}, "seqbench study: unknown study profile 'huge';"
                        + " accepted: quick, default, full"),
                Arguments.of(new String[] {"--memory-seq", "64,x"}, "seqbench study: --memory-seq 'x' is not a"
                        + " length; accepted: positive integers, or 'none'"),
                Arguments.of(new String[] {"--quick", "--gradient-seq", "32"}, "seqbench study: --gradient-seq 32"
                        + " must be one of the trained lengths [64], so that the gradient after training is of a"
                        + " trained model"));
    }

    @ParameterizedTest
    @MethodSource("badStudies")
    void aBadInputIsOneLineWithStatusTwoAndWritesNothing(String[] arguments, String message) throws IOException {
        String[] all = Stream.concat(Stream.of(arguments), Stream.of("--out", directory.toString()))
                .toArray(String[]::new);
        Outcome outcome = study(all);
        assertEquals(2, outcome.status(), outcome.err() + outcome.out());
        assertEquals(message + "\n", outcome.err());
        try (Stream<Path> listed = Files.list(directory)) {
            assertEquals(0, listed.count(), "nothing written");
        }
    }

    @Test
    void resumingSomethingThatIsNotAStudyOrWithNewSettingsIsRefused() {
        Outcome missing = study("--resume", directory.toString());
        assertEquals(2, missing.status());
        assertEquals("seqbench study: --resume " + directory + " holds no study.json; accepted: a directory"
                + " seqbench study wrote\n", missing.err());
        Outcome conflicting = study("--resume", directory.toString(), "--seq", "16");
        assertEquals(2, conflicting.status());
        assertEquals("seqbench study: --resume continues the study as it was configured; drop --seq\n",
                conflicting.err());
        Outcome notARun = study("--quick", "--run", directory.toString());
        assertEquals(2, notARun.status());
        assertEquals("seqbench study: --run " + directory + " holds no run.json; accepted: a run directory"
                + " seqbench run wrote\n", notARun.err());
    }
}
