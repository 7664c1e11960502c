package org.seqbench.cuda.model;

import static org.seqbench.cuda.model.KernelSignature.Type.FLOAT;
import static org.seqbench.cuda.model.KernelSignature.Type.INT;
import static org.seqbench.cuda.model.KernelSignature.Type.POINTER;

import java.util.List;
import org.seqbench.spi.BackendException;

/**
 * Every kernel the models launch, with its parameters as the CUDA sources declare them (a test holds the two
 * together), and the launch shapes the sources assume.
 */
public final class Kernels {
    public static final String RECURRENT = "recurrent.cu";
    public static final String TRANSFORMER = "transformer.cu";
    public static final String COMMON = "common.cu";

    /** Threads per block of the one-thread-per-element kernels. */
    public static final int ELEMENT_BLOCK = 256;
    /** Most threads per block of the one-block-per-row kernels; their reductions need a multiple of 32. */
    public static final int ROW_BLOCK = 256;

    private static final Object[] STEP_SIZES = {"batch", INT, "steps", INT, "hidden", INT, "directions", INT,
        "direction", INT, "t", INT};

    public static final KernelSignature RNN_TANH_STEP = KernelSignature.of(RECURRENT, "rnn_tanh_step",
            concat(new Object[] {"xproj", POINTER, "hproj", POINTER, "bias_ih", POINTER, "bias_hh", POINTER,
                "out", POINTER}, STEP_SIZES));
    public static final KernelSignature LSTM_STEP = KernelSignature.of(RECURRENT, "lstm_step",
            concat(new Object[] {"xproj", POINTER, "hproj", POINTER, "bias_ih", POINTER, "bias_hh", POINTER,
                "cell", POINTER, "out", POINTER}, STEP_SIZES));
    public static final KernelSignature GRU_STEP = KernelSignature.of(RECURRENT, "gru_step",
            concat(new Object[] {"xproj", POINTER, "hproj", POINTER, "bias_ih", POINTER, "bias_hh", POINTER,
                "out", POINTER}, STEP_SIZES));

    public static final KernelSignature ADD_BIAS = KernelSignature.of(COMMON, "add_bias",
            "y", POINTER, "bias", POINTER, "rows", INT, "width", INT);

    public static final KernelSignature EMBED_SCALE_POSITIONAL = KernelSignature.of(TRANSFORMER,
            "embed_scale_positional", "x", POINTER, "bias", POINTER, "pe", POINTER, "rows", INT, "steps", INT,
            "width", INT, "scale", FLOAT);
    public static final KernelSignature SPLIT_HEADS = KernelSignature.of(TRANSFORMER, "split_heads",
            "qkv", POINTER, "bias", POINTER, "heads", POINTER, "batch", INT, "steps", INT, "model", INT,
            "head_count", INT);
    public static final KernelSignature SCALED_SOFTMAX = KernelSignature.of(TRANSFORMER, "scaled_softmax",
            "scores", POINTER, "rows", INT, "width", INT, "scale", FLOAT);
    public static final KernelSignature MERGE_HEADS = KernelSignature.of(TRANSFORMER, "merge_heads",
            "heads", POINTER, "merged", POINTER, "batch", INT, "steps", INT, "model", INT, "head_count", INT);
    public static final KernelSignature BIAS_RELU = KernelSignature.of(TRANSFORMER, "bias_relu",
            "y", POINTER, "bias", POINTER, "rows", INT, "width", INT);
    public static final KernelSignature RESIDUAL_LAYER_NORM = KernelSignature.of(TRANSFORMER,
            "residual_layer_norm", "x", POINTER, "y", POINTER, "bias", POINTER, "gamma", POINTER, "beta", POINTER,
            "rows", INT, "width", INT, "eps", FLOAT);

    /** Every kernel above. */
    public static final List<KernelSignature> ALL = List.of(RNN_TANH_STEP, LSTM_STEP, GRU_STEP, ADD_BIAS,
            EMBED_SCALE_POSITIONAL, SPLIT_HEADS, SCALED_SOFTMAX, MERGE_HEADS, BIAS_RELU, RESIDUAL_LAYER_NORM);

    private Kernels() {
    }

    /** Blocks of {@link #ELEMENT_BLOCK} threads covering {@code elements} threads, one per element. */
    public static int elementGrid(String what, long elements) {
        return gridSize(what, (elements + ELEMENT_BLOCK - 1) / ELEMENT_BLOCK);
    }

    /** Threads per block for a one-block-per-row kernel over rows of {@code width}: a multiple of 32, at most 256. */
    public static int rowBlock(int width) {
        return Math.min(ROW_BLOCK, (width + 31) / 32 * 32);
    }

    /** A grid's block count, checked against CUDA's limit of 2^31 - 1 blocks in x. */
    public static int gridSize(String what, long blocks) {
        if (blocks > Integer.MAX_VALUE) {
            throw new BackendException(what + " would need " + blocks + " blocks, more than the "
                    + Integer.MAX_VALUE + " a CUDA grid holds; use a smaller batch or sequence");
        }
        return (int) blocks;
    }

    private static Object[] concat(Object[] first, Object[] second) {
        Object[] joined = new Object[first.length + second.length];
        System.arraycopy(first, 0, joined, 0, first.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }
}
