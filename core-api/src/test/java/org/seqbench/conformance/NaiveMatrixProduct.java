package org.seqbench.conformance;

import org.seqbench.spi.MatrixProduct;

/**
 * A matrix product in plain Java for the test backends: correct, or with the right matrix read transposed (the
 * row-major/column-major mix-up a binding to a BLAS can make), which the kit must catch.
 */
record NaiveMatrixProduct(boolean transposesRight) implements MatrixProduct {

    @Override
    public Prepared prepare(float[] a, float[] b, int n, int threads) {
        float[] left = a.clone();
        float[] right = b.clone();
        float[] result = new float[n * n];
        return new Prepared() {
            @Override
            public int n() {
                return n;
            }

            @Override
            public void multiply() {
                for (int row = 0; row < n; row++) {
                    for (int column = 0; column < n; column++) {
                        double sum = 0;
                        for (int k = 0; k < n; k++) {
                            sum += left[row * n + k] * (transposesRight ? right[column * n + k] : right[k * n + column]);
                        }
                        result[row * n + column] = (float) sum;
                    }
                }
            }

            @Override
            public float[] product() {
                return result.clone();
            }

            @Override
            public void close() {
                // Nothing held outside the heap.
            }
        };
    }
}
