package org.seqbench.study.gradient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.Weights;
import org.seqbench.spi.InputGradient;
import org.seqbench.spi.TrainableModel;
import org.seqbench.spi.TrainingOptions;
import org.seqbench.spi.TrainingSupport;
import org.seqbench.study.task.Dataset;
import org.seqbench.study.task.SequenceTask;
import org.seqbench.study.task.Split;
import org.seqbench.study.training.GateInit;

/**
 * Measures how the gradient flows back through time with {@link TrainableModel#inputGradient}: on a held-out batch
 * of the task, the norm of each step's input gradient, by distance from the last step, averaged over the batch and
 * over seeds. It takes any weights, so the same measurement runs at initialisation and after training.
 */
public final class GradientFlow {
    /** The input gradient updates nothing, so the optimizer and its rate are never used; the SPI still asks. */
    private static final double UNUSED_RATE = 1e-3;

    private GradientFlow() {
    }

    /**
     * The profile at the canonical initial weights of each seed.
     *
     * @throws IllegalArgumentException naming a bad length, batch or an empty seed list
     */
    public static GradientProfile atInitialisation(TrainingSupport support, SequenceTask task, ModelSpec spec,
            int length, int batch, List<Long> seeds, int threads) {
        return atInitialisation(support, task, spec, length, batch, seeds, threads, GateInit.PYTORCH);
    }

    /**
     * The profile at each seed's initial weights with the gate biases {@code init} starts a training at
     * {@code length} from.
     *
     * @throws IllegalArgumentException naming a bad length, batch or an empty seed list
     */
    public static GradientProfile atInitialisation(TrainingSupport support, SequenceTask task, ModelSpec spec,
            int length, int batch, List<Long> seeds, int threads, GateInit init) {
        if (seeds == null || seeds.isEmpty()) {
            throw new IllegalArgumentException("seeds must list at least one seed, got none");
        }
        Map<Long, Weights> weights = new LinkedHashMap<>();
        seeds.forEach(seed -> weights.put(seed, init.apply(spec, Weights.initialise(spec, seed), length)));
        return measure(support, task, spec, length, batch, weights, threads);
    }

    /**
     * The profile of the given weights, each measured on the held-out batch of its own seed.
     *
     * @param weightsBySeed for each seed, the parameters to measure (initial or trained)
     * @throws IllegalArgumentException naming a bad length or batch, no weights, or a spec the task cannot pose
     */
    public static GradientProfile measure(TrainingSupport support, SequenceTask task, ModelSpec spec, int length,
            int batch, Map<Long, Weights> weightsBySeed, int threads) {
        task.requireDrawable(batch, length);
        if (weightsBySeed == null || weightsBySeed.isEmpty()) {
            throw new IllegalArgumentException("weightsBySeed must hold the weights of at least one seed, got none");
        }
        if (spec.inputSize() != task.inputSize() || spec.outputSize() != task.outputSize()) {
            throw new IllegalArgumentException(task.id() + " needs a model with input size " + task.inputSize()
                    + " and output size " + task.outputSize() + ", got " + spec.describe());
        }
        double[] sums = new double[length];
        TrainingOptions options = new TrainingOptions(task.loss(), TrainingOptions.Optimizer.SGD, UNUSED_RATE,
                threads);
        weightsBySeed.forEach((seed, weights) -> {
            Dataset data = task.generate(batch, length, seed, Split.TEST);
            try (TrainableModel model = support.create(spec, weights, options)) {
                InputGradient gradient = model.inputGradient(data.inputs(), data.targets());
                addStepNorms(gradient.gradient(), sums);
            }
        });
        int sequences = batch * weightsBySeed.size();
        List<Double> norms = new ArrayList<>(length);
        for (int distance = 0; distance < length; distance++) {
            norms.add(sums[length - 1 - distance] / sequences);
        }
        return new GradientProfile(spec.kind(), length, norms, sequences);
    }

    /** Adds each sequence's gradient norm at each step to {@code sums}, indexed by step. */
    private static void addStepNorms(Tensor gradient, double[] sums) {
        int batch = gradient.dimension(0);
        int length = gradient.dimension(1);
        int width = gradient.dimension(2);
        float[] values = gradient.data();
        for (int sequence = 0; sequence < batch; sequence++) {
            for (int step = 0; step < length; step++) {
                double squares = 0;
                int offset = (sequence * length + step) * width;
                for (int i = 0; i < width; i++) {
                    squares += (double) values[offset + i] * values[offset + i];
                }
                sums[step] += Math.sqrt(squares);
            }
        }
    }
}
