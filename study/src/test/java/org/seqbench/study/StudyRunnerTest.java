package org.seqbench.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.core.ModelKind;
import org.seqbench.djl.DjlBackendProvider;
import org.seqbench.study.gradient.GradientProfile;
import org.seqbench.study.memory.ForwardMemory;

/** The runner on real libtorch training, small enough for seconds: what it stores, reports and resumes. */
class StudyRunnerTest {
    private static final StudyRunner.Trainer DJL = new StudyRunner.Trainer("djl",
            new DjlBackendProvider().training().orElseThrow());
    private static final StudyConfig SMALL = new StudyConfig("test", List.of("recall"), List.of("rnn", "lstm"),
            List.of(8), List.of(0.01, 0.03), 2, 16, 640, 32, 64, "memory", 8, 8, List.of(), 8, 1);

    private record Line(int done, int total, String what, Optional<Duration> left) {
    }

    private static StudyRunner runner(StudyConfig config, StudyRunner.Store store, List<Line> lines) {
        StudyRunner.MemoryProbe noMemoryStudy = (backend, kind, length, batch, hidden) -> {
            throw new AssertionError("no memory lengths, so no probe");
        };
        return new StudyRunner(config, DJL, Optional.empty(), List.of(), noMemoryStudy, store,
                (done, total, what, took, elapsed, left) -> lines.add(new Line(done, total, what, left)));
    }

    @Test
    void everyPieceIsStoredAsItFinishesAndTheProgressCountsDownToNothingLeft(@TempDir Path directory)
            throws IOException {
        List<Line> lines = new ArrayList<>();
        List<StudyRecord> saved = new ArrayList<>();
        StudyRecord start = StudyRecord.start("s", "2026-12-02T00:00:00Z", "m", "djl", SMALL);
        StudyRecord finished = runner(SMALL, record -> {
            saved.add(record);
            StudyFiles.write(directory, record);
        }, lines).run(start);

        assertEquals(2, finished.parameters().size());
        assertTrue(finished.parameters().stream().allMatch(ParameterCount::agrees), finished.parameters().toString());
        assertEquals(List.of("rnn/init-pytorch", "lstm/init-pytorch", "lstm/init-memory"), finished.gradients()
                .stream().map(gradient -> gradient.kind() + "/" + gradient.start()).toList());
        assertEquals(2 * (2 + 2 - 1), finished.trainings().size(), "per kind: two rates on seed 1, the best on seed 2");
        assertTrue(finished.trainings().stream().allMatch(training -> training.gradientNorms() != null
                && training.gradientNorms().size() == 8), "every recall run at the gradient length is profiled");
        assertNotNull(finished.finished());
        assertEquals(1 + 3 + 6, lines.size());
        assertEquals(lines.size(), lines.getLast().total());
        assertEquals(Optional.of(Duration.ZERO), lines.getLast().left());
        assertTrue(lines.get(4).left().isPresent(), "once every kind of work left was timed, there is an estimate");
        assertEquals(saved.size(), lines.size() + 1, "a save per piece, and one when finished");
        assertEquals(finished, StudyFiles.read(directory).orElseThrow(), "study.json holds the record exactly");

        StudySummary summary = new StudySummary(finished);
        Optional<GradientProfile> trained = summary.trained(ModelKind.LSTM);
        assertEquals(2 * 8, trained.orElseThrow().sequences(), "averaged over the chosen rate's two seeds");
        long seeds = summary.accuracy(new org.seqbench.study.task.RecallTask()).getFirst().best().score().seeds();
        assertEquals(2, seeds);
    }

    @Test
    void anInterruptedStudyResumesWithoutRepeatingWhatItStoredAndEndsAsAnUninterruptedOne() {
        StudyRecord start = StudyRecord.start("s", "2026-12-02T00:00:00Z", "m", "djl", SMALL);
        AtomicReference<StudyRecord> last = new AtomicReference<>();
        int[] saves = {0};
        StudyRunner.Store failingAfterSix = record -> {
            if (++saves[0] > 6) {
                throw new IOException("disk full");
            }
            last.set(record);
        };
        assertThrows(UncheckedIOException.class, () -> runner(SMALL, failingAfterSix, new ArrayList<>()).run(start));
        StudyRecord interrupted = last.get();
        assertEquals(2, interrupted.trainings().size(), "parameters, three profiles and two trainings were stored");

        List<Line> lines = new ArrayList<>();
        StudyRecord resumed = runner(SMALL, record -> { }, lines).run(interrupted);
        assertEquals(4, lines.size(), "only the four trainings left ran");
        assertEquals(4, lines.getFirst().total());
        StudyRecord whole = runner(SMALL, record -> { }, new ArrayList<>()).run(start);
        assertEquals(whole.trainings().stream().map(t -> t.plan() + " " + t.accuracy() + " " + t.loss()).toList(),
                resumed.trainings().stream().map(t -> t.plan() + " " + t.accuracy() + " " + t.loss()).toList(),
                "the same plans with the same scores, as training is deterministic per seed");
    }

    @Test
    void memoryPointsAreTakenPerBackendKindAndLengthAndAFailureIsStoredNotThrown() {
        StudyConfig config = new StudyConfig("test", List.of("recall"), List.of("rnn"), List.of(4), List.of(0.01), 1,
                8, 64, 32, 16, "pytorch", 4, 4, List.of(16, 32), 2, 1);
        List<String> asked = new ArrayList<>();
        StudyRunner.MemoryProbe probe = (backend, kind, length, batch, hidden) -> {
            asked.add(backend + " " + kind.id() + " " + length + " " + batch + " " + hidden);
            return backend.equals("b") ? ForwardMemory.failed(backend, kind.id(), length, batch, hidden, "no engine")
                    : new ForwardMemory(backend, kind.id(), length, batch, hidden, 1000L * length, 10L, null);
        };
        StudyRecord done = new StudyRunner(config, DJL, Optional.empty(), List.of("a", "b"), probe, record -> { },
                (d, t, w, took, e, left) -> { }).run(StudyRecord.start("s", "t", "m", "djl", config));
        assertEquals(List.of("a rnn 16 2 8", "a rnn 32 2 8", "b rnn 16 2 8", "b rnn 32 2 8"), asked,
                "before the trainings, backend by backend");
        assertEquals(4, done.memory().size());
        assertNull(done.memory().get(2).residentBytes());
        assertEquals("no engine", done.memory().get(3).failure());
        assertEquals(List.of(), done.gradients().stream().filter(g -> g.start().equals(GradientRecord.MEMORY))
                .toList(), "with PyTorch's init there is no second initial profile");
    }
}
