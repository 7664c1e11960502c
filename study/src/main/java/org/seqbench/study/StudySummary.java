package org.seqbench.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.seqbench.core.ModelKind;
import org.seqbench.study.gradient.GradientProfile;
import org.seqbench.study.memory.ForwardMemory;
import org.seqbench.study.memory.MemoryGrowth;
import org.seqbench.study.task.SequenceTask;
import org.seqbench.study.training.BestRate;
import org.seqbench.study.training.GridSummary;
import org.seqbench.study.training.TrainingResult;

/**
 * What a study's record says, read off its stored results only (so that a report made later, or from a resumed
 * study, says the same): the best rate's scores per task, kind and length, the gradient profiles, the memory fits.
 */
public final class StudySummary {
    /**
     * A recall or adding score counts as learned when it closes at least half the gap from the no-information
     * baseline to perfect: accuracy at least chance + (1 - chance) / 2, or a squared error at most a quarter of
     * predicting the mean's.
     */
    public static final double LEARNED_SHARE = 0.5;
    /** A score within a tenth of the gap from the baseline is at the baseline: nothing was learned. */
    public static final double BASELINE_SHARE = 0.1;

    /** How far a score got from the task's baseline. */
    public enum Learning {
        LEARNED("learned"), PARTLY("partly learned"), NOT_LEARNED("at the baseline");

        private final String words;

        Learning(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    private final StudyRecord record;

    public StudySummary(StudyRecord record) {
        this.record = record;
    }

    public StudyRecord record() {
        return record;
    }

    /** The best rate of every kind and length of {@code task}, in the order they were trained. */
    public List<BestRate> accuracy(SequenceTask task) {
        List<TrainingResult> results = record.trainings(task.id()).stream().map(TrainingRecord::result).toList();
        return results.isEmpty() ? List.of() : GridSummary.of(results);
    }

    public Optional<BestRate> best(SequenceTask task, ModelKind kind, int length) {
        return accuracy(task).stream().filter(best -> best.kind() == kind && best.length() == length).findFirst();
    }

    /**
     * Where a metric value stands: the share of the way from the baseline (chance, or predicting the mean) to a
     * perfect score.
     */
    public static double progress(SequenceTask task, double value) {
        return switch (task.metric()) {
            case ACCURACY -> (value - task.baseline()) / (1 - task.baseline());
            case MEAN_SQUARED_ERROR -> 1 - value / task.baseline();
        };
    }

    public static Learning learning(SequenceTask task, double value) {
        double progress = progress(task, value);
        if (!Double.isFinite(progress)) {
            return Learning.NOT_LEARNED;
        }
        if (task.metric() == org.seqbench.study.task.Metric.MEAN_SQUARED_ERROR) {
            // A quarter of the baseline's error is three quarters of the way; half the way would still be poor.
            return progress >= 0.75 ? Learning.LEARNED : progress <= BASELINE_SHARE ? Learning.NOT_LEARNED
                    : Learning.PARTLY;
        }
        return progress >= LEARNED_SHARE ? Learning.LEARNED : progress <= BASELINE_SHARE ? Learning.NOT_LEARNED
                : Learning.PARTLY;
    }

    /** The gradient profile at initialisation, {@code start} one of {@link GradientRecord}'s. */
    public Optional<GradientProfile> initial(ModelKind kind, String start) {
        return record.gradients().stream().filter(gradient -> gradient.kind().equals(kind.id())
                && gradient.start().equals(start)).findFirst().map(GradientRecord::profile);
    }

    /** The profile at initialisation from the weights the trainings started from. */
    public Optional<GradientProfile> trainingStart(ModelKind kind) {
        return initial(kind, GradientRecord.MEMORY).or(() -> initial(kind, GradientRecord.PYTORCH));
    }

    /**
     * The gradient profile after training: the mean over the chosen rate's seeds of the profiles measured after the
     * recall trainings at the gradient length.
     */
    public Optional<GradientProfile> trained(ModelKind kind) {
        int length = record.config().gradientLength();
        List<TrainingRecord> measured = record.trainings().stream().filter(training -> training.gradientNorms()
                != null && training.kind().equals(kind.id()) && training.length() == length).toList();
        if (measured.isEmpty()) {
            return Optional.empty();
        }
        SequenceTask task = SequenceTask.parse(measured.getFirst().task());
        double rate = best(task, kind, length).map(best -> best.best().learningRate())
                .orElse(measured.getFirst().learningRate());
        List<TrainingRecord> atRate = measured.stream().filter(training -> training.learningRate() == rate).toList();
        double[] sums = new double[length];
        for (TrainingRecord training : atRate) {
            for (int distance = 0; distance < length; distance++) {
                sums[distance] += training.gradientNorms().get(distance);
            }
        }
        List<Double> norms = new ArrayList<>();
        for (double sum : sums) {
            norms.add(sum / atRate.size());
        }
        return Optional.of(new GradientProfile(kind, length, norms,
                atRate.size() * record.config().gradientBatch()));
    }

    /** The memory study's fit per backend and kind that measured enough lengths, in the order measured. */
    public List<MemoryGrowth> memoryGrowth() {
        Map<String, List<ForwardMemory>> byCurve = new LinkedHashMap<>();
        record.memory().forEach(point -> byCurve.computeIfAbsent(point.backend() + "/" + point.kind(),
                key -> new ArrayList<>()).add(point));
        List<MemoryGrowth> fits = new ArrayList<>();
        for (List<ForwardMemory> points : byCurve.values()) {
            if (points.stream().filter(ForwardMemory::measured).map(ForwardMemory::length).distinct().count()
                    >= MemoryGrowth.MIN_LENGTHS) {
                fits.add(MemoryGrowth.fit(points));
            }
        }
        return fits;
    }

    public Optional<ForwardMemory> memory(String backend, ModelKind kind, int length) {
        return record.memory().stream().filter(point -> point.backend().equals(backend)
                && point.kind().equals(kind.id()) && point.length() == length && point.measured()).findFirst();
    }

    /** The backends the memory study measured, in order. */
    public List<String> memoryBackends() {
        return record.memory().stream().map(ForwardMemory::backend).distinct().toList();
    }

    /** The mean training time per sequence of a kind at a length, over every task and run. */
    public OptionalDouble secondsPerSequence(ModelKind kind, int length) {
        return record.trainings().stream().filter(training -> training.kind().equals(kind.id())
                && training.length() == length).mapToDouble(TrainingRecord::secondsPerSequence).average();
    }

    /**
     * How many training sequences the chosen rate's runs needed, on average over seeds, before the training loss
     * first fell to half its first point: how quickly a kind learns from few data. Empty when a run never got
     * there.
     */
    public OptionalDouble sequencesToHalveLoss(SequenceTask task, ModelKind kind, int length) {
        Optional<BestRate> best = best(task, kind, length);
        if (best.isEmpty()) {
            return OptionalDouble.empty();
        }
        List<TrainingRecord> runs = record.trainings(task.id()).stream().filter(training -> training.kind()
                .equals(kind.id()) && training.length() == length
                && training.learningRate() == best.get().best().learningRate()).toList();
        double sum = 0;
        for (TrainingRecord run : runs) {
            double first = run.lossCurve().getFirst().loss();
            OptionalDouble reached = run.lossCurve().stream().filter(point -> point.loss() <= first / 2)
                    .mapToDouble(point -> point.sequences()).findFirst();
            if (reached.isEmpty()) {
                return OptionalDouble.empty();
            }
            sum += reached.getAsDouble();
        }
        return runs.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(sum / runs.size());
    }
}
