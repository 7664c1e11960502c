package org.seqbench.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.seqbench.core.ModelSpec;
import org.seqbench.spi.BackendException;

/**
 * The Transformer as one TorchScript call of {@link FusedEncoderScript}: the module is written in memory, loaded
 * into the model's manager, and called with the input, the positional encoding and the parameter list (built
 * once, so a call passes three values across JNI).
 */
final class ScriptedTransformer implements Network {
    private final ModelSpec spec;
    private final PtSymbolBlock module;
    private final IValue parameterList;

    private ScriptedTransformer(ModelSpec spec, PtSymbolBlock module, IValue parameterList) {
        this.spec = spec;
        this.module = module;
        this.parameterList = parameterList;
    }

    /**
     * Compiles the module for {@code spec} into {@code manager}, which owns it from then on.
     *
     * @throws BackendException if libtorch rejects the script
     */
    static ScriptedTransformer load(ModelSpec spec, Parameters parameters, NDManager manager) {
        return load(spec, parameters, manager, FusedEncoderScript.source(spec));
    }

    /** Compiles {@code source}, a definition of {@link FusedEncoderScript#CLASS_NAME}, for {@code spec}. */
    static ScriptedTransformer load(ModelSpec spec, Parameters parameters, NDManager manager, String source) {
        byte[] archive = TorchScriptArchive.module(FusedEncoderScript.CLASS_NAME, source);
        PtSymbolBlock module;
        try {
            module = JniUtils.loadModule((PtNDManager) manager, new ByteArrayInputStream(archive), true, false);
        } catch (IOException | RuntimeException e) {
            throw new BackendException("libtorch could not compile the fused-encoder-layer script for "
                    + spec.describe() + ": " + e.getMessage(), e);
        }
        JniUtils.enableInferenceMode(module);
        PtNDArray[] list = parameters.byName().values().stream().map(PtNDArray.class::cast).toArray(PtNDArray[]::new);
        return new ScriptedTransformer(spec, module, IValue.listFrom(list));
    }

    @Override
    public NDList constants(NDManager manager, int batch, int length) {
        return new NDList(TransformerNetwork.positionalEncoding(manager, spec, length));
    }

    /** The output belongs to {@code input}'s manager, like every other network's. */
    @Override
    public NDArray forward(NDArray input, NDList constants) {
        try (IValue x = IValue.from((PtNDArray) input);
                IValue positionalEncoding = IValue.from((PtNDArray) constants.head());
                IValue output = module.forward(x, positionalEncoding, parameterList)) {
            return output.toTensor((PtNDManager) input.getManager());
        }
    }

    @Override
    public void close() {
        parameterList.close();
        module.close();
    }
}
