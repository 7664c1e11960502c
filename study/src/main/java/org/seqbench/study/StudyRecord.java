package org.seqbench.study;

import java.util.ArrayList;
import java.util.List;
import org.seqbench.study.memory.ForwardMemory;

/**
 * A study's results, as study.json holds them: written again after every finished piece of work, so that an
 * interrupted study loses at most the piece it was in and resumes from the rest.
 *
 * @param schema the file's layout version, {@link #SCHEMA_VERSION}
 * @param studyId the directory's name
 * @param started when the study began, ISO-8601 UTC
 * @param finished when its last piece finished; null while work remains
 * @param machine the host, its processor and cores, in words
 * @param trainer the training backend's id and engine version, in words
 * @param trainerId the training backend's id, which a resumed study trains with again
 * @param crossTrainer the backend the trainings are cross-checked on; null for none
 * @param memoryBackends the backends whose forward passes the memory study measures
 * @param config what the study measures
 * @param parameters each kind's parameter count at the study's sizes
 * @param gradients the gradient flow at initialisation and after training
 * @param trainings every finished training
 * @param memory every forward pass the memory study measured (or failed to)
 * @param crossChecks trainings repeated on another backend
 */
public record StudyRecord(int schema, String studyId, String started, String finished, String machine,
        String trainer, String trainerId, String crossTrainer, List<String> memoryBackends, StudyConfig config,
        List<ParameterCount> parameters, List<GradientRecord> gradients,
        List<TrainingRecord> trainings, List<ForwardMemory> memory, List<CrossCheck> crossChecks) {

    public static final int SCHEMA_VERSION = 1;

    public StudyRecord {
        memoryBackends = memoryBackends == null ? List.of() : List.copyOf(memoryBackends);
        parameters = List.copyOf(parameters);
        gradients = List.copyOf(gradients);
        trainings = List.copyOf(trainings);
        memory = List.copyOf(memory);
        crossChecks = List.copyOf(crossChecks);
    }

    /** A study that has done nothing yet, trained by {@code trainerId}, cross-checked on {@code crossTrainer}. */
    public static StudyRecord start(String studyId, String started, String machine, String trainer,
            String trainerId, String crossTrainer, List<String> memoryBackends, StudyConfig config) {
        return new StudyRecord(SCHEMA_VERSION, studyId, started, null, machine, trainer, trainerId, crossTrainer,
                memoryBackends, config, List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /** A study that has done nothing yet, without a cross-check or memory study; the trainer's id is its first word. */
    public static StudyRecord start(String studyId, String started, String machine, String trainer,
            StudyConfig config) {
        return start(studyId, started, machine, trainer, trainer.split(" ", 2)[0], null, List.of(), config);
    }

    public StudyRecord withParameters(List<ParameterCount> counts) {
        return results(finished, counts, gradients, trainings, memory, crossChecks);
    }

    public StudyRecord with(GradientRecord gradient) {
        return results(finished, parameters, plus(gradients, gradient), trainings, memory, crossChecks);
    }

    public StudyRecord with(TrainingRecord training) {
        return results(finished, parameters, gradients, plus(trainings, training), memory, crossChecks);
    }

    /** The record with {@code point}, in place of an earlier point of the same backend, kind and length. */
    public StudyRecord withMemory(ForwardMemory point) {
        List<ForwardMemory> kept = new ArrayList<>(memory.stream().filter(earlier -> !(earlier.backend()
                .equals(point.backend()) && earlier.kind().equals(point.kind())
                && earlier.length() == point.length())).toList());
        kept.add(point);
        return results(finished, parameters, gradients, trainings, kept, crossChecks);
    }

    public StudyRecord with(ForwardMemory point) {
        return results(finished, parameters, gradients, trainings, plus(memory, point), crossChecks);
    }

    public StudyRecord with(CrossCheck check) {
        return results(finished, parameters, gradients, trainings, memory, plus(crossChecks, check));
    }

    public StudyRecord finishedAt(String time) {
        return results(time, parameters, gradients, trainings, memory, crossChecks);
    }

    /** This study with other results: its identity and configuration stay. */
    private StudyRecord results(String finishedAt, List<ParameterCount> counts, List<GradientRecord> profiles,
            List<TrainingRecord> runs, List<ForwardMemory> points, List<CrossCheck> checks) {
        return new StudyRecord(schema, studyId, started, finishedAt, machine, trainer, trainerId, crossTrainer,
                memoryBackends, config, counts, profiles, runs, points, checks);
    }

    /** The trainings of one task. */
    public List<TrainingRecord> trainings(String task) {
        return trainings.stream().filter(training -> training.task().equals(task)).toList();
    }

    private static <T> List<T> plus(List<T> list, T item) {
        List<T> longer = new ArrayList<>(list);
        longer.add(item);
        return longer;
    }
}
