package org.seqbench.core;

import java.util.Arrays;

/**
 * A dense float32 tensor in row-major (C) order, as PyTorch stores a contiguous tensor.
 *
 * <p>A tensor does not copy the array it is given nor the one it returns from {@link #data()}: tensors are handed
 * between the harness and engines whose inputs can be large, and copying them on every call would be measured.
 * Treat a tensor you did not create as read-only.
 */
public final class Tensor {
    private final int[] shape;
    private final float[] data;

    /**
     * @throws IllegalArgumentException if a dimension is negative or the data length is not the product of the shape
     */
    public Tensor(int[] shape, float[] data) {
        this.shape = shape.clone();
        long elements = elementCount(this.shape);
        if (data.length != elements) {
            throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " needs " + elements
                    + " values, got " + data.length);
        }
        this.data = data;
    }

    /** A tensor of zeros. */
    public static Tensor zeros(int... shape) {
        long elements = elementCount(shape);
        if (elements > ModelSpec.MAX_TENSOR_ELEMENTS) {
            throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " has " + elements
                    + " elements, at most " + ModelSpec.MAX_TENSOR_ELEMENTS + " fit in one array");
        }
        return new Tensor(shape, new float[(int) elements]);
    }

    /** Number of elements a tensor of this shape holds. */
    public static long elementCount(int[] shape) {
        long elements = 1;
        for (int dimension : shape) {
            if (dimension < 0) {
                throw new IllegalArgumentException("tensor dimensions must be >= 0, got " + Arrays.toString(shape));
            }
            elements = Math.multiplyExact(elements, dimension);
        }
        return elements;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dimension(int axis) {
        return shape[axis];
    }

    /** The backing array (not a copy). */
    public float[] data() {
        return data;
    }

    public int size() {
        return data.length;
    }

    /** Whether this tensor's shape equals {@code expected}. */
    public boolean hasShape(int... expected) {
        return Arrays.equals(shape, expected);
    }

    /** The shape as PyTorch prints it, e.g. {@code [3, 20, 16]}. */
    public String shapeText() {
        return Arrays.toString(shape);
    }

    /** The value at a row-major multi-index. */
    public float get(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " does not match rank "
                    + shape.length);
        }
        int offset = 0;
        for (int axis = 0; axis < shape.length; axis++) {
            if (index[axis] < 0 || index[axis] >= shape[axis]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " outside " + shapeText());
            }
            offset = offset * shape[axis] + index[axis];
        }
        return data[offset];
    }

    /** A copy of this tensor with every value multiplied by {@code factor}. */
    public Tensor scaled(float factor) {
        float[] values = data.clone();
        for (int i = 0; i < values.length; i++) {
            values[i] *= factor;
        }
        return new Tensor(shape, values);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Tensor tensor && Arrays.equals(shape, tensor.shape) && Arrays.equals(data, tensor.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor" + shapeText();
    }
}
