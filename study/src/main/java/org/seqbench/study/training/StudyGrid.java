package org.seqbench.study.training;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.seqbench.core.ModelKind;
import org.seqbench.spi.TrainingSupport;
import org.seqbench.study.task.SequenceTask;

/**
 * A long-range memory study of one task: every kind at every length, all with the same hidden size, budget, batch
 * and gate init. Per kind and length the learning-rate grid is tried on the first seed (the selection), and the rate
 * that did best there is trained from every other seed too (the confirmation), so a cell costs
 * {@code rates + seeds - 1} trainings instead of {@code rates * seeds}, and its reported spread is over all seeds
 * at one rate. {@link GridSummary} makes the same choice from stored results.
 */
public record StudyGrid(SequenceTask task, List<ModelKind> kinds, List<Integer> lengths, List<Double> learningRates,
        List<Long> seeds, int hiddenSize, int budget, int batchSize, int testSize, int threads, GateInit gateInit) {

    /** @throws IllegalArgumentException naming the empty or repeated list, or the first bad size */
    public StudyGrid {
        kinds = distinct("kinds", kinds);
        lengths = distinct("lengths", lengths);
        learningRates = distinct("learningRates", learningRates);
        seeds = distinct("seeds", seeds);
        for (ModelKind kind : kinds) {
            for (int length : lengths) {
                for (double rate : learningRates) {
                    plan(task, kind, length, rate, seeds.getFirst(), hiddenSize, budget, batchSize, testSize, threads,
                            gateInit);
                }
            }
        }
    }

    /** The runs that choose the rate of one kind and length: every rate, from the first seed. */
    public List<TrainingPlan> selection(ModelKind kind, int length) {
        return learningRates.stream().map(rate -> plan(kind, length, rate, seeds.getFirst())).toList();
    }

    /** The runs that confirm the chosen rate: every seed but the first. */
    public List<TrainingPlan> confirmation(ModelKind kind, int length, double rate) {
        return seeds.subList(1, seeds.size()).stream().map(seed -> plan(kind, length, rate, seed)).toList();
    }

    /** How many trainings the whole grid takes. */
    public int trainings() {
        return kinds.size() * lengths.size() * (learningRates.size() + seeds.size() - 1);
    }

    /**
     * Trains the grid cell by cell, selection then confirmation, handing each outcome to {@code finished} as soon
     * as it is done (so that a caller can store it at once), and returns them all.
     */
    public List<TrainingOutcome> run(TrainingSupport support, Consumer<TrainingOutcome> finished) {
        List<TrainingOutcome> outcomes = new ArrayList<>();
        for (ModelKind kind : kinds) {
            for (int length : lengths) {
                List<TrainingResult> selected = new ArrayList<>();
                for (TrainingPlan plan : selection(kind, length)) {
                    TrainingOutcome outcome = TrainingRun.train(support, plan);
                    finished.accept(outcome);
                    outcomes.add(outcome);
                    selected.add(outcome.result());
                }
                double rate = GridSummary.of(selected).getFirst().best().learningRate();
                for (TrainingPlan plan : confirmation(kind, length, rate)) {
                    TrainingOutcome outcome = TrainingRun.train(support, plan);
                    finished.accept(outcome);
                    outcomes.add(outcome);
                }
            }
        }
        return outcomes;
    }

    private TrainingPlan plan(ModelKind kind, int length, double rate, long seed) {
        return plan(task, kind, length, rate, seed, hiddenSize, budget, batchSize, testSize, threads, gateInit);
    }

    private static TrainingPlan plan(SequenceTask task, ModelKind kind, int length, double rate, long seed,
            int hiddenSize, int budget, int batchSize, int testSize, int threads, GateInit gateInit) {
        return new TrainingPlan(task, kind, length, hiddenSize, budget, batchSize, rate, seed, testSize, threads,
                gateInit);
    }

    private static <T> List<T> distinct(String name, List<T> values) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException(name + " must list at least one value, got none");
        }
        if (values.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException(name + " must not contain a missing value, got " + values);
        }
        if (new HashSet<>(values).size() != values.size()) {
            throw new IllegalArgumentException(name + " must not repeat a value, got " + values);
        }
        return List.copyOf(values);
    }
}
