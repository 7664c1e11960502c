package org.seqbench.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.seqbench.core.ModelKind;

class GateOrderTest {
    /** Rows of two values per gate block, H = 1: block b holds {b, b + 0.5}. */
    private static float[] blocks(int count) {
        float[] values = new float[2 * count];
        for (int block = 0; block < count; block++) {
            values[2 * block] = block;
            values[2 * block + 1] = block + 0.5f;
        }
        return values;
    }

    @Test
    void lstmBlocksIfgoBecomeOnnxIofc() {
        float[] onnx = new float[8];
        GateOrder.copyReordered(ModelKind.LSTM, blocks(4), 1, 2, onnx, 0);
        // PyTorch i=0, f=1, g=2, o=3; ONNX wants i, o, f, c(=g).
        assertArrayEquals(new float[] {0, 0.5f, 3, 3.5f, 1, 1.5f, 2, 2.5f}, onnx);
    }

    @Test
    void gruBlocksRznBecomeOnnxZrhAtTheRequestedOffset() {
        float[] onnx = new float[8];
        GateOrder.copyReordered(ModelKind.GRU, blocks(3), 1, 2, onnx, 2);
        // PyTorch r=0, z=1, n=2; ONNX wants z, r, h(=n).
        assertArrayEquals(new float[] {0, 0, 1, 1.5f, 0, 0.5f, 2, 2.5f}, onnx);
    }

    @Test
    void rnnHasOneBlockCopiedAsIs() {
        float[] onnx = new float[2];
        GateOrder.copyReordered(ModelKind.RNN, blocks(1), 1, 2, onnx, 0);
        assertArrayEquals(new float[] {0, 0.5f}, onnx);
    }
}
