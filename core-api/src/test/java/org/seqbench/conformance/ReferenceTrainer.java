package org.seqbench.conformance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.Weights;
import org.seqbench.core.reference.ReferenceModel;
import org.seqbench.spi.AbstractTrainableModel;
import org.seqbench.spi.BackendProvider;
import org.seqbench.spi.InputGradient;
import org.seqbench.spi.TrainableModel;
import org.seqbench.spi.Training;
import org.seqbench.spi.TrainingOptions;
import org.seqbench.spi.TrainingSupport;

/**
 * The training support of a {@link ReferenceBackendProvider} built with {@code training(defect)}: it trains with
 * the float64 reference and finite-difference gradients, rounding its weights to float32 as an engine stores them;
 * with a {@link Defect} it plays a trainer with a subtle bug, which the training kit must catch. Too slow for the
 * kit's toy task (every step costs two forward passes per weight), so the self-test runs it on the gradient and
 * step checks only.
 */
public final class ReferenceTrainer implements TrainingSupport {

    /** The bugs a real trainer could have. */
    public enum Defect {
        NONE,
        /** The input gradient misses the first time step, as a truncated backward through time would. */
        INPUT_GRADIENT_WITHOUT_FIRST_STEP,
        /** The update uses half the learning rate. */
        HALF_RATE,
        /** The update forgets the last tensor (the head's bias, say). */
        LAST_TENSOR_FROZEN
    }

    private final BackendProvider provider;
    private final Defect defect;

    ReferenceTrainer(BackendProvider provider, Defect defect) {
        this.provider = provider;
        this.defect = defect;
    }

    /** The kinds the backend runs: it trains all of them. */
    @Override
    public Set<ModelKind> supportedKinds() {
        return provider.supportedKinds();
    }

    @Override
    public TrainableModel create(ModelSpec spec, Weights initial, TrainingOptions options) {
        Training.checkCreatable(provider, spec, initial, options);
        return new Model(spec, initial, options, defect);
    }

    private static final class Model extends AbstractTrainableModel {
        private final Map<String, float[]> parameters = new LinkedHashMap<>();
        private final Map<String, int[]> shapes = new LinkedHashMap<>();
        private final Map<String, double[]> firstMoments = new LinkedHashMap<>();
        private final Map<String, double[]> secondMoments = new LinkedHashMap<>();
        private final Defect defect;
        private int steps;

        Model(ModelSpec spec, Weights initial, TrainingOptions options, Defect defect) {
            super(spec, options);
            this.defect = defect;
            initial.asMap().forEach((name, tensor) -> {
                parameters.put(name, tensor.data().clone());
                shapes.put(name, tensor.shape());
                firstMoments.put(name, new double[tensor.size()]);
                secondMoments.put(name, new double[tensor.size()]);
            });
        }

        @Override
        protected double trainStep(Tensor input, Tensor targets) {
            Weights current = currentWeights();
            FiniteDifferences oracle = new FiniteDifferences(spec(), options().loss(), targets);
            double loss = oracle.loss(current, input);
            Map<String, double[]> gradients = new LinkedHashMap<>();
            for (String name : parameters.keySet()) {
                gradients.put(name, oracle.weightGradient(current, name, input));
            }
            steps++;
            double rate = defect == Defect.HALF_RATE ? options().learningRate() / 2 : options().learningRate();
            String last = List.copyOf(parameters.keySet()).getLast();
            gradients.forEach((name, gradient) -> {
                if (defect != Defect.LAST_TENSOR_FROZEN || !name.equals(last)) {
                    update(parameters.get(name), gradient, firstMoments.get(name), secondMoments.get(name), rate);
                }
            });
            return loss;
        }

        private void update(float[] values, double[] gradient, double[] first, double[] second, double rate) {
            for (int i = 0; i < values.length; i++) {
                double move = switch (options().optimizer()) {
                    case SGD -> rate * gradient[i];
                    case ADAM -> {
                        first[i] = TrainingOptions.ADAM_BETA1 * first[i] + (1 - TrainingOptions.ADAM_BETA1) * gradient[i];
                        second[i] = TrainingOptions.ADAM_BETA2 * second[i]
                                + (1 - TrainingOptions.ADAM_BETA2) * gradient[i] * gradient[i];
                        double firstCorrected = first[i] / (1 - Math.pow(TrainingOptions.ADAM_BETA1, steps));
                        double secondCorrected = second[i] / (1 - Math.pow(TrainingOptions.ADAM_BETA2, steps));
                        yield rate * firstCorrected / (Math.sqrt(secondCorrected) + TrainingOptions.ADAM_EPSILON);
                    }
                };
                values[i] = (float) (values[i] - move);
            }
        }

        @Override
        protected InputGradient lossAndInputGradient(Tensor input, Tensor targets) {
            Weights current = currentWeights();
            FiniteDifferences oracle = new FiniteDifferences(spec(), options().loss(), targets);
            double[] gradient = oracle.inputGradient(current, input);
            float[] rounded = new float[gradient.length];
            int length = input.dimension(1);
            int features = input.dimension(2);
            for (int i = 0; i < gradient.length; i++) {
                boolean firstStep = (i / features) % length == 0;
                rounded[i] = defect == Defect.INPUT_GRADIENT_WITHOUT_FIRST_STEP && firstStep ? 0f : (float) gradient[i];
            }
            return new InputGradient(oracle.loss(current, input), new Tensor(input.shape(), rounded));
        }

        @Override
        protected Tensor output(Tensor input) {
            return ReferenceBackendProvider.rounded(spec(), input,
                    new ReferenceModel(spec(), currentWeights()).forward(input));
        }

        @Override
        protected Weights currentWeights() {
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            parameters.forEach((name, values) -> tensors.put(name, new Tensor(shapes.get(name), values.clone())));
            return Weights.of(tensors);
        }

        @Override
        protected void release() {
        }
    }
}
