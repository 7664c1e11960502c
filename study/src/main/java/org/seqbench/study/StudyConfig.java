package org.seqbench.study;

import java.util.HashSet;
import java.util.List;
import org.seqbench.core.ModelKind;
import org.seqbench.study.task.SequenceTask;
import org.seqbench.study.training.GateInit;
import org.seqbench.study.training.StudyGrid;
import org.seqbench.study.training.StudyModel;
import org.seqbench.study.training.TrainingPlan;

/**
 * What a study measures, as study.json stores it (ids and numbers only, so that a resumed study can be checked to
 * be the same study). Each field is one option of {@code seqbench study}, and every refusal names that option.
 *
 * @param profile the profile the values started from
 * @param tasks task ids ({@code --task})
 * @param kinds kind ids ({@code --kind}), for the trainings, the gradient flow and the memory
 * @param lengths sequence lengths trained ({@code --seq})
 * @param learningRates Adam's rates, the grid ({@code --rates})
 * @param seeds how many seeds, 1 to n ({@code --seeds}); the grid is tried on seed 1
 * @param hiddenSize hidden size (d_model for the Transformer) of every kind ({@code --hidden})
 * @param budget training sequences per training ({@code --budget})
 * @param batchSize sequences per optimizer step ({@code --batch})
 * @param testSize held-out sequences scored ({@code --test-size})
 * @param gateInit where the gated kinds' gate biases start ({@code --gate-init})
 * @param gradientLength the length whose gradient flow is measured, at initialisation and after training on recall
 *     ({@code --gradient-seq}); one of {@code lengths} when recall is trained
 * @param gradientBatch held-out sequences per seed the gradient is averaged over
 * @param memoryLengths the lengths of the memory study's forward passes ({@code --memory-seq}); empty for none
 * @param memoryBatch the batch of those passes ({@code --memory-batch})
 * @param threads intra-op threads for training
 */
public record StudyConfig(String profile, List<String> tasks, List<String> kinds, List<Integer> lengths,
        List<Double> learningRates, int seeds, int hiddenSize, int budget, int batchSize, int testSize,
        String gateInit, int gradientLength, int gradientBatch, List<Integer> memoryLengths, int memoryBatch,
        int threads) {

    public static final String QUICK = "quick";
    public static final String DEFAULT = "default";
    public static final String FULL = "full";
    /** The most training sequences one training may take. */
    public static final int MAX_BUDGET = 10_000_000;
    /** The longest forward pass the memory study runs: a Transformer's score matrices grow with its square. */
    public static final int MAX_MEMORY_LENGTH = 8_192;
    private static final List<String> ALL_KINDS = java.util.Arrays.stream(ModelKind.values()).map(ModelKind::id)
            .toList();

    /** @throws IllegalArgumentException naming the option and the bad value, and what is accepted */
    public StudyConfig {
        tasks = distinct("--task", tasks);
        tasks.forEach(SequenceTask::parse);
        kinds = distinct("--kind", kinds);
        kinds.forEach(ModelKind::parse);
        lengths = distinct("--seq", lengths);
        learningRates = distinct("--rates", learningRates);
        memoryLengths = memoryLengths == null ? List.of() : List.copyOf(memoryLengths);
        if (new HashSet<>(memoryLengths).size() != memoryLengths.size()) {
            throw new IllegalArgumentException("--memory-seq must not repeat a length, got " + memoryLengths);
        }
        for (double rate : learningRates) {
            if (!(rate > 0) || rate > 1) {
                throw new IllegalArgumentException("--rates " + rate + " is out of range: accepted rates above 0 and"
                        + " at most 1");
            }
        }
        if (seeds < 1 || seeds > 100) {
            throw new IllegalArgumentException("--seeds " + seeds + " is out of range: accepted 1 to 100");
        }
        if (batchSize < 1 || batchSize > 4096) {
            throw new IllegalArgumentException("--batch " + batchSize + " is out of range: accepted 1 to 4096");
        }
        if (budget < batchSize || budget > MAX_BUDGET || budget % batchSize != 0) {
            throw new IllegalArgumentException("--budget " + budget + " is out of range: accepted a multiple of the"
                    + " batch " + batchSize + " from " + batchSize + " to " + MAX_BUDGET + " training sequences");
        }
        if (testSize < 1 || testSize > 100_000) {
            throw new IllegalArgumentException("--test-size " + testSize + " is out of range: accepted 1 to 100000");
        }
        GateInit.parse(gateInit);
        if (hiddenSize < 1 || hiddenSize > 4096) {
            throw new IllegalArgumentException("--hidden " + hiddenSize + " is out of range: accepted 1 to 4096");
        }
        if (kinds.stream().map(ModelKind::parse).anyMatch(kind -> kind == ModelKind.TRANSFORMER)
                && hiddenSize % StudyModel.HEADS != 0) {
            throw new IllegalArgumentException("--hidden " + hiddenSize + " must be a multiple of " + StudyModel.HEADS
                    + " (the Transformer's heads)");
        }
        for (String task : tasks) {
            SequenceTask parsed = SequenceTask.parse(task);
            for (int length : lengths) {
                if (length < parsed.minimumLength() || length > TrainingPlan.MAX_LENGTH) {
                    throw new IllegalArgumentException("--seq " + length + " is out of range: accepted "
                            + parsed.minimumLength() + " to " + TrainingPlan.MAX_LENGTH + " steps for " + task);
                }
            }
            for (String kind : kinds) {
                StudyModel.spec(ModelKind.parse(kind), parsed, hiddenSize);
            }
        }
        if (gradientLength < 2 || gradientLength > TrainingPlan.MAX_LENGTH) {
            throw new IllegalArgumentException("--gradient-seq " + gradientLength + " is out of range: accepted 2 to "
                    + TrainingPlan.MAX_LENGTH + " steps");
        }
        if (tasks.contains("recall") && !lengths.contains(gradientLength)) {
            throw new IllegalArgumentException("--gradient-seq " + gradientLength + " must be one of the trained"
                    + " lengths " + lengths + ", so that the gradient after training is of a trained model");
        }
        if (gradientBatch < 1 || gradientBatch > 4096) {
            throw new IllegalArgumentException("gradient batch " + gradientBatch + " is out of range: accepted 1 to"
                    + " 4096");
        }
        for (int length : memoryLengths) {
            if (length < 1 || length > MAX_MEMORY_LENGTH) {
                throw new IllegalArgumentException("--memory-seq " + length + " is out of range: accepted 1 to "
                        + MAX_MEMORY_LENGTH + " steps");
            }
        }
        if (memoryBatch < 1 || memoryBatch > 1024) {
            throw new IllegalArgumentException("--memory-batch " + memoryBatch + " is out of range: accepted 1 to"
                    + " 1024");
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be 0 (engine default) or positive, got " + threads);
        }
    }

    /**
     * A profile's values.
     *
     * <ul>
     *   <li>{@code quick}: recall at T = 64 only, one seed, a larger budget so that the effects show in about a
     *       minute: the tests run it. Its one rate is 0.003: at 0.01 the Transformer's training on libtorch
     *       collapsed to one symbol (accuracy 0.086) in about half of the runs from the same seed, since libtorch's
     *       CPU kernels do not round the same way from one run to the next and that training amplifies it;</li>
     *   <li>{@code default}: both tasks at T = 16, 64, 256, three seeds, two rates, within 20 minutes on two
     *       cores;</li>
     *   <li>{@code full}: adds T = 1024, five seeds and three rates; hours on two cores.</li>
     * </ul>
     *
     * @throws IllegalArgumentException naming the bad profile and the accepted ones
     */
    public static StudyConfig profile(String name) {
        return switch (name == null ? "" : name) {
            case QUICK -> new StudyConfig(QUICK, List.of("recall"), List.of("rnn", "lstm", "transformer"),
                    List.of(64), List.of(0.003), 1, 32, 64_000, 64, 256, GateInit.MEMORY_OF_T.id(), 64, 32,
                    List.of(64, 256), 8, 1);
            case DEFAULT -> new StudyConfig(DEFAULT, List.of("recall", "adding"), ALL_KINDS,
                    List.of(16, 64, 256), List.of(0.01, 0.03), 3, 32, 12_800, 64, 512, GateInit.MEMORY_OF_T.id(), 64,
                    64, List.of(64, 128, 256, 512, 1024), 8, 1);
            case FULL -> new StudyConfig(FULL, List.of("recall", "adding"), ALL_KINDS,
                    List.of(16, 64, 256, 1024), List.of(0.003, 0.01, 0.03), 5, 32, 25_600, 64, 1024,
                    GateInit.MEMORY_OF_T.id(), 64, 64, List.of(64, 128, 256, 512, 1024, 2048), 8, 1);
            default -> throw new IllegalArgumentException("unknown study profile '" + name + "'; accepted: quick,"
                    + " default, full");
        };
    }

    public List<SequenceTask> parsedTasks() {
        return tasks.stream().map(SequenceTask::parse).toList();
    }

    public List<ModelKind> parsedKinds() {
        return kinds.stream().map(ModelKind::parse).toList();
    }

    public GateInit parsedGateInit() {
        return GateInit.parse(gateInit);
    }

    /** Seeds 1 to {@link #seeds}. */
    public List<Long> seedList() {
        return java.util.stream.LongStream.rangeClosed(1, seeds).boxed().toList();
    }

    /** The long-range memory grid of one task. */
    public StudyGrid grid(SequenceTask task) {
        return new StudyGrid(task, parsedKinds(), lengths, learningRates, seedList(), hiddenSize, budget, batchSize,
                testSize, threads, parsedGateInit());
    }

    private static <T> List<T> distinct(String option, List<T> values) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException(option + " must list at least one value, got none");
        }
        if (values.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException(option + " must not contain a missing value, got " + values);
        }
        if (new HashSet<>(values).size() != values.size()) {
            throw new IllegalArgumentException(option + " must not repeat a value, got " + values);
        }
        return List.copyOf(values);
    }
}
