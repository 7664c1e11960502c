package org.seqbench.study.training;

import java.util.LinkedHashMap;
import java.util.Map;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.WeightNames;
import org.seqbench.core.Weights;

/**
 * Where the gated kinds' gate biases start. PyTorch's default draws them like every other recurrent parameter, so a
 * forget gate starts near 1/2 and a memory halves at every step: with that start and a study's budget, neither LSTM
 * nor GRU learned recall beyond about 8 steps. {@link #MEMORY_OF_T} starts the gates so that the state is kept for
 * about T steps, the idea of Tallec and Ollivier's chrono initialisation (2018) with every unit at the length
 * trained: the forget gate's bias is log T, so that it is T/(T+1) and (T/(T+1))^T is about 1/e; the LSTM's input
 * gate gets -log T (chrono's b_i = -b_f); the GRU's update gate, which keeps the state in PyTorch's
 * {@code h' = (1 - z) n + z h}, gets log T. The RNN and the Transformer have no gates: both inits leave them alone.
 */
public enum GateInit {
    /** The canonical weights as drawn. */
    PYTORCH("pytorch"),
    /** Gate biases for a memory of about T steps. */
    MEMORY_OF_T("memory");

    private final String id;

    GateInit(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The bias that sets a gate to T/(T+1): log T (0 for a single step). */
    public static double keepBias(int length) {
        return Math.log(Math.max(1, length));
    }

    /**
     * The weights a training at {@code length} starts from: {@code drawn} itself for {@link #PYTORCH} and for kinds
     * without gates, else a copy whose {@code bias_ih} gate blocks are shifted (b_ih + b_hh is what the gates see).
     */
    public Weights apply(ModelSpec spec, Weights drawn, int length) {
        if (this == PYTORCH || (spec.kind() != ModelKind.LSTM && spec.kind() != ModelKind.GRU)) {
            return drawn;
        }
        int hidden = spec.hiddenSize();
        float keep = (float) keepBias(length);
        Map<String, Tensor> tensors = new LinkedHashMap<>(drawn.asMap());
        for (int layer = 0; layer < spec.layers(); layer++) {
            for (int direction = 0; direction < spec.directions(); direction++) {
                String name = WeightNames.inputBias(spec.kind(), layer, direction);
                Tensor bias = tensors.get(name);
                float[] values = bias.data().clone();
                // PyTorch's gate blocks: LSTM i, f, g, o; GRU r, z, n.
                for (int unit = 0; unit < hidden; unit++) {
                    values[hidden + unit] += keep;
                    if (spec.kind() == ModelKind.LSTM) {
                        values[unit] -= keep;
                    }
                }
                tensors.put(name, new Tensor(bias.shape(), values));
            }
        }
        return Weights.of(tensors);
    }

    /**
     * The init with this id.
     *
     * @throws IllegalArgumentException naming the bad id and the accepted ones
     */
    public static GateInit parse(String text) {
        for (GateInit init : values()) {
            if (init.id.equalsIgnoreCase(text == null ? "" : text.trim())) {
                return init;
            }
        }
        throw new IllegalArgumentException("unknown gate init '" + text + "'; accepted: pytorch, memory");
    }
}
