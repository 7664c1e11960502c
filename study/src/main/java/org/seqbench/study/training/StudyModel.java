package org.seqbench.study.training;

import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.study.task.SequenceTask;

/**
 * The models a study trains: exactly the benchmark's classifiers, one layer, one direction, the same hidden size
 * for every kind, with the task's input width and head. The Transformer has the benchmark's {@value #HEADS} heads
 * and a feed-forward width of {@value #FFN_RATIO} times d_model.
 */
public final class StudyModel {
    /** The Transformer's attention heads, as in the benchmark's profiles. */
    public static final int HEADS = 4;
    /** The Transformer's feed-forward width over d_model, as in the benchmark's profiles. */
    public static final int FFN_RATIO = 4;

    private StudyModel() {
    }

    /**
     * The spec of {@code kind} for {@code task} at {@code hiddenSize}.
     *
     * @throws IllegalArgumentException naming the hidden size when it is not positive, or when the Transformer's
     *     heads cannot divide it
     */
    public static ModelSpec spec(ModelKind kind, SequenceTask task, int hiddenSize) {
        if (kind == null) {
            throw new IllegalArgumentException("kind is missing; accepted: " + ModelKind.acceptedIds());
        }
        if (hiddenSize < 1) {
            throw new IllegalArgumentException("hiddenSize must be a positive integer, got " + hiddenSize);
        }
        if (kind.isRecurrent()) {
            return ModelSpec.recurrent(kind, task.inputSize(), hiddenSize, 1, false, task.outputSize());
        }
        if (hiddenSize % HEADS != 0) {
            throw new IllegalArgumentException("hiddenSize must be a multiple of " + HEADS
                    + " (the transformer's heads), got " + hiddenSize);
        }
        return ModelSpec.transformer(task.inputSize(), hiddenSize, 1, HEADS, FFN_RATIO * hiddenSize,
                task.outputSize());
    }
}
