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
 * A long-range memory study: every kind at every length, trained at every learning rate of a small grid from every
 * seed, all with the same hidden size, budget and batch. {@link #plans} lists the runs so that a caller can skip
 * those it already stored; {@link GridSummary} picks the best rate per kind and length.

 */
public record StudyGrid(SequenceTask task, List<ModelKind> kinds, List<Integer> lengths, List<Double> learningRates,
        List<Long> seeds, int hiddenSize, int budget, int batchSize, int testSize, int threads) {

    /** @throws IllegalArgumentException naming the empty or repeated list, or the first bad size */
    public StudyGrid {
        kinds = distinct("kinds", kinds);
        lengths = distinct("lengths", lengths);
        learningRates = distinct("learningRates", learningRates);
        seeds = distinct("seeds", seeds);
        plans(task, kinds, lengths, learningRates, seeds, hiddenSize, budget, batchSize, testSize, threads);
    }

    /** Every run, kind by kind, then length, learning rate and seed. */
    public List<TrainingPlan> plans() {
        return plans(task, kinds, lengths, learningRates, seeds, hiddenSize, budget, batchSize, testSize, threads);
    }

    /**
     * Trains every plan in order, handing each outcome to {@code finished} as soon as it is done (so that a caller
     * can store it at once), and returns them all.
     */
    public List<TrainingOutcome> run(TrainingSupport support, Consumer<TrainingOutcome> finished) {
        List<TrainingOutcome> outcomes = new ArrayList<>();
        for (TrainingPlan plan : plans()) {
            TrainingOutcome outcome = TrainingRun.train(support, plan);
            finished.accept(outcome);
            outcomes.add(outcome);
        }
        return outcomes;
    }

    private static List<TrainingPlan> plans(SequenceTask task, List<ModelKind> kinds, List<Integer> lengths,
            List<Double> learningRates, List<Long> seeds, int hiddenSize, int budget, int batchSize, int testSize,
            int threads) {
        List<TrainingPlan> plans = new ArrayList<>();
        for (ModelKind kind : kinds) {
            for (int length : lengths) {
                for (double rate : learningRates) {
                    for (long seed : seeds) {
                        plans.add(new TrainingPlan(task, kind, length, hiddenSize, budget, batchSize, rate, seed,
                                testSize, threads));
                    }
                }
            }
        }
        return plans;
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
