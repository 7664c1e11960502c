package org.seqbench.dl4j;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqbench.core.Tensor;

/** Moving float32 data between the host and ND4J, always in row-major ('c') order. */
final class NdArrays {
    private NdArrays() {
    }

    /** A new ND4J array holding a copy of {@code values} with shape {@code shape}. */
    static INDArray of(float[] values, long... shape) {
        return Nd4j.create(values, shape, 'c');
    }

    /** A new ND4J array holding a copy of the tensor. */
    static INDArray of(Tensor tensor) {
        return of(tensor.data(), Arrays.stream(tensor.shape()).asLongStream().toArray());
    }

    /** A new float32 array of zeros. */
    static INDArray zeros(long... shape) {
        return Nd4j.zeros(DataType.FLOAT, shape);
    }

    /**
     * The values of {@code array} in a fresh host array, row-major. A compact 'c' array is copied straight from its
     * buffer; a view or an 'f' array is first laid out in 'c' order.
     */
    static float[] toHost(INDArray array) {
        if (!array.isView() && array.ordering() == 'c' && array.data().length() == array.length()) {
            return array.data().asFloat();
        }
        INDArray compact = array.dup('c');
        try {
            return compact.data().asFloat();
        } finally {
            compact.close();
        }
    }

    /** The transpose of a row-major {@code rows x columns} matrix, as a row-major {@code columns x rows} one. */
    static float[] transpose(float[] matrix, int rows, int columns) {
        float[] transposed = new float[matrix.length];
        for (int row = 0; row < rows; row++) {
            for (int column = 0; column < columns; column++) {
                transposed[column * rows + row] = matrix[row * columns + column];
            }
        }
        return transposed;
    }
}
