package org.seqbench.study.training;

import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Weights;
import org.seqbench.study.task.SequenceTask;

/**
 * One training run: a kind learns a task at one length with Adam, seeing {@code budget} fresh training sequences
 * once each in batches, starting from the canonical weights of {@code seed} (gate biases as {@code gateInit} sets
 * them), then is scored on {@code testSize} held-out sequences of the same seed.
 *
 * @param budget training sequences, a multiple of the batch size (every step sees a full batch)
 * @param threads intra-op threads the engine may use; 0 leaves the engine's default
 */
public record TrainingPlan(SequenceTask task, ModelKind kind, int length, int hiddenSize, int budget, int batchSize,
        double learningRate, long seed, int testSize, int threads, GateInit gateInit) {

    /** The longest sequence a plan accepts: beyond it one batch of the adding problem's inputs grows past memory. */
    public static final int MAX_LENGTH = 65_536;

    /** @throws IllegalArgumentException naming the first bad argument and what is accepted */
    public TrainingPlan {
        if (task == null) {
            throw new IllegalArgumentException("task is missing; accepted: recall, adding");
        }
        if (kind == null) {
            throw new IllegalArgumentException("kind is missing; accepted: " + ModelKind.acceptedIds());
        }
        if (length < task.minimumLength() || length > MAX_LENGTH) {
            throw new IllegalArgumentException("length must be from " + task.minimumLength() + " to " + MAX_LENGTH
                    + " steps for " + task.id() + ", got " + length);
        }
        StudyModel.spec(kind, task, hiddenSize);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be a positive integer, got " + batchSize);
        }
        if (budget < batchSize || budget % batchSize != 0) {
            throw new IllegalArgumentException("budget must be a positive multiple of the batch size " + batchSize
                    + " (training sequences), got " + budget);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a positive finite number, got " + learningRate);
        }
        if (testSize < 1) {
            throw new IllegalArgumentException("testSize must be a positive number of held-out sequences, got "
                    + testSize);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be 0 (engine default) or positive, got " + threads);
        }
        if (gateInit == null) {
            throw new IllegalArgumentException("gateInit is missing; accepted: pytorch, memory");
        }
    }

    /** A plan that starts from the canonical weights exactly as drawn. */
    public TrainingPlan(SequenceTask task, ModelKind kind, int length, int hiddenSize, int budget, int batchSize,
            double learningRate, long seed, int testSize, int threads) {
        this(task, kind, length, hiddenSize, budget, batchSize, learningRate, seed, testSize, threads,
                GateInit.PYTORCH);
    }

    /** The parameters training starts from. */
    public Weights initialWeights() {
        ModelSpec spec = spec();
        return gateInit.apply(spec, Weights.initialise(spec, seed), length);
    }

    /** The model this plan trains. */
    public ModelSpec spec() {
        return StudyModel.spec(kind, task, hiddenSize);
    }

    /** Optimizer updates: one per batch. */
    public int steps() {
        return budget / batchSize;
    }

    /** A plan like this one with another learning rate and seed: what a grid varies. */
    public TrainingPlan with(double otherRate, long otherSeed) {
        return new TrainingPlan(task, kind, length, hiddenSize, budget, batchSize, otherRate, otherSeed, testSize,
                threads, gateInit);
    }
}
