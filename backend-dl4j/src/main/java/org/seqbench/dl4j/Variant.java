package org.seqbench.dl4j;

import java.util.List;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Weights;
import org.seqbench.spi.BackendVariant;

/**
 * The ways this backend computes a kind; each is a distinct path a benchmark can measure, and each is exact. The
 * default of each kind (listed first) is the fastest measured; see README.md for the figures.
 */
enum Variant implements BackendVariant {
    /** A SameDiff graph: the engine DL4J's own model import and training use. */
    SAMEDIFF,
    /** The same native operator SameDiff would run ({@code lstmLayer}, {@code gru}), called directly. */
    NATIVE_OP,
    /** PyTorch's formulas as ND4J array operations called one by one from Java (per time step when recurrent). */
    EAGER_OPS;

    /** The variants offered for {@code kind}, default first. */
    static List<Variant> offeredFor(ModelKind kind) {
        return switch (kind) {
            case RNN -> List.of(EAGER_OPS, SAMEDIFF);
            case LSTM -> List.of(SAMEDIFF, NATIVE_OP);
            case GRU -> List.of(NATIVE_OP, SAMEDIFF, EAGER_OPS);
            case TRANSFORMER -> List.of(EAGER_OPS, SAMEDIFF);
        };
    }

    /** Builds this variant's network for {@code spec}; the pair must be one {@link #offeredFor} lists. */
    Network build(ModelSpec spec, Weights weights) {
        ModelKind kind = spec.kind();
        if (!offeredFor(kind).contains(this)) {
            throw new IllegalArgumentException("dl4j has no " + id() + " path for " + kind.id());
        }
        return switch (this) {
            case SAMEDIFF -> kind == ModelKind.TRANSFORMER ? TransformerGraph.build(spec, weights)
                    : RecurrentGraph.build(spec, weights);
            case NATIVE_OP -> kind == ModelKind.LSTM ? new LstmLayerOps(spec, weights) : new GruOps(spec, weights);
            case EAGER_OPS -> kind == ModelKind.TRANSFORMER ? new EagerTransformer(spec, weights)
                    : new EagerRecurrent(spec, weights);
        };
    }
}
