package org.seqbench.study.task;

import java.util.List;
import org.seqbench.core.Loss;
import org.seqbench.core.SplitMix64;
import org.seqbench.core.Tensor;

/**
 * A synthetic task whose answer depends on a distant step, so that how well a model learns it as the sequences
 * grow says how far back it can remember. Every sequence is drawn from a seed: the same seed, split and count give
 * the same tensors on every machine.
 */
public sealed interface SequenceTask permits RecallTask, AddingTask {

    /** Lower-case id for command lines and files. */
    String id();

    /** The width of one step of the input. */
    int inputSize();

    /** The width of the model's head: classes for recall, 1 for the adding problem's regression. */
    int outputSize();

    /** What training minimises. */
    Loss loss();

    /** The figure the held-out score is judged by. */
    Metric metric();

    /** That figure for an answer that ignores the input: chance for recall, predicting the mean for adding. */
    double baseline();

    /** The shortest sequence the task can be posed on. */
    int minimumLength();

    /**
     * The next {@code count} sequences of {@code length} steps from {@code random}.
     *
     * @throws IllegalArgumentException if count is not positive or length is below {@link #minimumLength}
     */
    Dataset draw(SplitMix64 random, int count, int length);

    /**
     * The score of a model's outputs ({@code [count, outputSize]}) against a dataset's targets.
     *
     * @throws IllegalArgumentException if the shapes do not fit
     */
    Score score(Tensor outputs, Tensor targets);

    /** The random stream of one split of this task for one seed. */
    default SplitMix64 stream(long seed, Split split) {
        return SplitMix64.forStream(seed, "study/" + id() + "/" + split.id());
    }

    /** The first {@code count} sequences of a split: the same seed and split always give the same set. */
    default Dataset generate(int count, int length, long seed, Split split) {
        return draw(stream(seed, split), count, length);
    }

    /** Checks a draw's arguments, naming the bad one. */
    default void requireDrawable(int count, int length) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be a positive number of sequences, got " + count);
        }
        if (length < minimumLength()) {
            throw new IllegalArgumentException(id() + " needs a sequence length of at least " + minimumLength()
                    + ", got " + length);
        }
    }

    /** Checks that outputs and targets are of one batch of this task, naming the bad shape. */
    default void requireScorable(Tensor outputs, Tensor targets) {
        if (outputs.rank() != 2 || outputs.dimension(1) != outputSize()) {
            throw new IllegalArgumentException(id() + " outputs must be [count, " + outputSize() + "], got "
                    + outputs.shapeText());
        }
        int count = outputs.dimension(0);
        if (targets.rank() == 0 || targets.size() != count || targets.dimension(0) != count) {
            throw new IllegalArgumentException(id() + " targets must hold one value per output row (" + count
                    + "), got " + targets.shapeText());
        }
    }

    /**
     * The task with this id.
     *
     * @throws IllegalArgumentException naming the bad id and the accepted ones
     */
    static SequenceTask parse(String text) {
        String wanted = text == null ? "" : text.trim();
        for (SequenceTask task : all()) {
            if (task.id().equalsIgnoreCase(wanted)) {
                return task;
            }
        }
        throw new IllegalArgumentException("unknown task '" + text + "'; accepted: recall, adding");
    }

    /** Every task, in the order the studies report them. */
    static List<SequenceTask> all() {
        return List.of(new RecallTask(), new AddingTask());
    }
}
