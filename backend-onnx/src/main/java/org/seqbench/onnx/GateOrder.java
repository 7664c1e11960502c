package org.seqbench.onnx;

import org.seqbench.core.ModelKind;

/**
 * Where ONNX expects each gate block of a recurrent layer's stacked weights. PyTorch stacks LSTM gates as
 * i, f, g, o and GRU gates as r, z, n; the ONNX LSTM operator reads i, o, f, c (c being PyTorch's g) and the GRU
 * operator z, r, h (h being PyTorch's n). Fed PyTorch's order unchanged, the operators would compute a different
 * network with no error, so the H-row blocks are permuted when the weights are copied into the graph.
 */
final class GateOrder {
    private GateOrder() {
    }

    /** For each ONNX gate position, the PyTorch block it takes. */
    static int[] pytorchBlockPerOnnxGate(ModelKind kind) {
        return switch (kind) {
            case RNN -> new int[] {0};
            case LSTM -> new int[] {0, 3, 1, 2};
            case GRU -> new int[] {1, 0, 2};
            case TRANSFORMER -> throw new IllegalArgumentException("the transformer has no recurrent gates");
        };
    }

    /**
     * Copies the gate blocks of {@code pytorch} (rows of {@code columns} values, {@code hidden} rows per block) into
     * {@code onnx} at {@code offset} in ONNX's order. Works for matrices ([gates*H, columns]) and, with
     * {@code columns == 1}, for bias vectors.
     */
    static void copyReordered(ModelKind kind, float[] pytorch, int hidden, int columns, float[] onnx, int offset) {
        int blockSize = hidden * columns;
        int[] sources = pytorchBlockPerOnnxGate(kind);
        for (int gate = 0; gate < sources.length; gate++) {
            System.arraycopy(pytorch, sources[gate] * blockSize, onnx, offset + gate * blockSize, blockSize);
        }
    }
}
