package org.seqbench.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.util.EnumSet;
import java.util.Optional;
import java.util.function.Supplier;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Weights;
import org.seqbench.spi.AbstractEngineProvider;
import org.seqbench.spi.BackendDescriptor;
import org.seqbench.spi.BackendModel;
import org.seqbench.spi.Backends;
import org.seqbench.spi.EngineStart;
import org.seqbench.spi.MatrixProduct;
import org.seqbench.spi.Precision;
import org.seqbench.spi.RunOptions;
import org.seqbench.spi.UnsupportedModelException;

/**
 * ONNX Runtime on the CPU. Each model becomes an ONNX graph built in memory from the spec and the weights: the
 * fused RNN/LSTM/GRU operators for the recurrent kinds, standard operators (or the contrib Attention operator)
 * for the Transformer.
 */
public final class OnnxBackendProvider extends AbstractEngineProvider<OrtEnvironment, Variant> {
    private static final BackendDescriptor<Variant> DESCRIPTOR = new BackendDescriptor<>("onnx", "ONNX Runtime", "cpu",
            BackendDescriptor.everyKind(Variant::offeredFor), EnumSet.of(Precision.FP32), true, Sessions.DECLARED);

    /** Protobuf's 2 GiB message limit, less room for the graph's nodes and names. */
    static final long MAX_WEIGHT_BYTES = Integer.MAX_VALUE - (64L << 20);

    /** The provider {@link java.util.ServiceLoader} creates; it touches no native code until asked to. */
    public OnnxBackendProvider() {
        this(OnnxRuntimeEngine::shared);
    }

    /** A provider that starts its engine with {@code starter} (tests use it to play a machine without natives). */
    OnnxBackendProvider(Supplier<EngineStart<OrtEnvironment>> starter) {
        super(DESCRIPTOR, starter);
    }

    @Override
    public String engineVersion() {
        return startedEngine().map(OrtEnvironment::getVersion).orElse("unknown");
    }

    @Override
    public BackendModel load(ModelSpec spec, Weights weights, RunOptions options) {
        RunOptions resolved = Backends.checkLoadable(this, spec, weights, options);
        OrtEnvironment environment = engine();
        requireSerialisable(spec, weights.parameterCount());
        Variant variant = descriptor().variant(spec.kind(), resolved.variant());
        ModelProto graph = spec.kind().isRecurrent()
                ? RecurrentGraph.build(spec, weights)
                : TransformerGraph.build(spec, weights, variant);
        OrtSession session = Sessions.open(environment, graph.toByteArray(), resolved.threads(),
                Sessions.Settings.of(resolved), "the " + variant.id() + " graph of " + spec.describe());
        return new OnnxModel(spec, variant, environment, session);
    }

    /** A one-node MatMul graph: the product the harness times to learn the machine's peak. */
    @Override
    public Optional<MatrixProduct> matrixProduct() {
        return startedEngine().map(OnnxMatrixProduct::new);
    }

    /**
     * The graph, weights included, travels to ONNX Runtime as one protobuf message, and protobuf caps a message
     * at 2 GiB; refuse a model that cannot fit before building gigabytes of arrays for nothing.
     */
    static void requireSerialisable(ModelSpec spec, long parameters) {
        long bytes = parameters * Float.BYTES;
        if (bytes > MAX_WEIGHT_BYTES) {
            throw new UnsupportedModelException("onnx cannot load " + spec.describe() + ": its "
                    + parameters + " parameters take " + bytes / (1 << 20) + " MiB of float32, and an "
                    + "in-memory ONNX model holds at most " + MAX_WEIGHT_BYTES / (1 << 20) + " MiB of weights");
        }
    }

}
