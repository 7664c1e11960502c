package org.seqbench.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import org.seqbench.core.Tensor;
import org.seqbench.core.Weights;

/**
 * A model's parameters as libtorch tensors under their canonical PyTorch names, in one long-lived manager owned by
 * the model: they are made once at load and freed when the model closes.
 */
final class Parameters {
    private final Map<String, NDArray> arrays;

    private Parameters(Map<String, NDArray> arrays) {
        this.arrays = arrays;
    }

    /** Copies every tensor of {@code weights} into {@code manager}. */
    static Parameters upload(NDManager manager, Weights weights) {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        weights.asMap().forEach((name, tensor) -> {
            NDArray array = array(manager, tensor);
            array.setName(name);
            arrays.put(name, array);
        });
        return new Parameters(arrays);
    }

    /** A libtorch tensor holding a copy of {@code tensor}. */
    static NDArray array(NDManager manager, Tensor tensor) {
        return manager.create(tensor.data(), shape(tensor.shape()));
    }

    static Shape shape(int... dimensions) {
        long[] shape = new long[dimensions.length];
        for (int axis = 0; axis < dimensions.length; axis++) {
            shape[axis] = dimensions[axis];
        }
        return new Shape(shape);
    }

    /**
     * The parameter called {@code name}.
     *
     * @throws IllegalArgumentException if there is none (a bug: weights were checked against the spec at load)
     */
    NDArray get(String name) {
        NDArray array = arrays.get(name);
        if (array == null) {
            throw new IllegalArgumentException("no parameter named '" + name + "'");
        }
        return array;
    }

    /** Every parameter by name, in the canonical order. */
    Map<String, NDArray> byName() {
        return arrays;
    }

    /** The current values as canonical weights (copies). */
    Weights toWeights() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        arrays.forEach((name, array) -> tensors.put(name,
                new Tensor(toInts(array.getShape()), array.toFloatArray())));
        return Weights.of(tensors);
    }

    static int[] toInts(Shape shape) {
        int[] dimensions = new int[shape.dimension()];
        for (int axis = 0; axis < dimensions.length; axis++) {
            dimensions[axis] = Math.toIntExact(shape.get(axis));
        }
        return dimensions;
    }
}
