package org.seqbench.conformance;

import java.util.LinkedHashMap;
import java.util.Map;
import org.seqbench.core.Loss;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.Weights;
import org.seqbench.core.reference.ReferenceModel;

/**
 * Gradients of a batch's loss by central finite differences of the float64 reference: the oracle the training kit
 * holds a backend's autograd against, independent of any engine's backward pass.
 *
 * <p>Inputs and weights are float32 tensors, so a perturbation {@code v +- step} is rounded when stored; the
 * difference quotient divides by the step actually stored, which keeps the estimate exact up to the truncation
 * error O(step^2) of the central difference (about 1e-8 relative here).
 */
final class FiniteDifferences {
    /** Perturbation size: large enough that float32 storage and float64 round-off do not matter. */
    private static final double STEP = 1e-3;

    private final ModelSpec spec;
    private final Loss loss;
    private final Tensor targets;

    FiniteDifferences(ModelSpec spec, Loss loss, Tensor targets) {
        this.spec = spec;
        this.loss = loss;
        this.targets = targets;
    }

    /** The loss of {@code input} under {@code weights}, in float64. */
    double loss(Weights weights, Tensor input) {
        double[] output = new ReferenceModel(spec, weights).forward(input);
        return loss.value(output, spec.outputShape(input.dimension(0), input.dimension(1)), targets);
    }

    /** dLoss/dInput for every input element, flat in the input's row-major order. */
    double[] inputGradient(Weights weights, Tensor input) {
        float[] values = input.data().clone();
        Tensor perturbed = new Tensor(input.shape(), values);
        ReferenceModel reference = new ReferenceModel(spec, weights);
        int[] outputShape = spec.outputShape(input.dimension(0), input.dimension(1));
        double[] gradient = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            float original = values[i];
            float up = (float) (original + STEP);
            float down = (float) (original - STEP);
            values[i] = up;
            double above = loss.value(reference.forward(perturbed), outputShape, targets);
            values[i] = down;
            double below = loss.value(reference.forward(perturbed), outputShape, targets);
            values[i] = original;
            gradient[i] = (above - below) / ((double) up - (double) down);
        }
        return gradient;
    }

    /** dLoss/dWeight for every element of the tensor {@code name}, flat in its row-major order. */
    double[] weightGradient(Weights weights, String name, Tensor input) {
        Tensor tensor = weights.get(name);
        float[] values = tensor.data().clone();
        Map<String, Tensor> tensors = new LinkedHashMap<>(weights.asMap());
        tensors.put(name, new Tensor(tensor.shape(), values));
        Weights perturbed = Weights.of(tensors);
        double[] gradient = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            float original = values[i];
            float up = (float) (original + STEP);
            float down = (float) (original - STEP);
            values[i] = up;
            double above = loss(perturbed, input);
            values[i] = down;
            double below = loss(perturbed, input);
            values[i] = original;
            gradient[i] = (above - below) / ((double) up - (double) down);
        }
        return gradient;
    }
}
