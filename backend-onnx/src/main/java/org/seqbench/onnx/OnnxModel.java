package org.seqbench.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.reference.PositionalEncoding;
import org.seqbench.spi.AbstractBackendModel;
import org.seqbench.spi.BackendException;

/** A model loaded into an ONNX Runtime session. */
final class OnnxModel extends AbstractBackendModel<OnnxModel.Input> {
    /** Name of the batch-first model input {@code [batch, seq, inputSize]}. */
    static final String INPUT = "input";
    /** Name of the Transformer's second input, the positional encoding table {@code [seq, d]}. */
    static final String POSITIONAL_ENCODING = "positional_encoding";

    private final OrtEnvironment environment;
    private final OrtSession session;

    /** An input as ONNX Runtime tensors over direct native-order buffers, which the engine reads in place. */
    static final class Input extends AbstractBackendModel.Prepared {
        private final Map<String, OnnxTensor> feeds;

        private Input(OnnxModel owner, Tensor input, Map<String, OnnxTensor> feeds) {
            super(owner, input);
            this.feeds = feeds;
        }

        /** The engine tensors this input holds (the input, and for the Transformer its positional encoding). */
        Collection<OnnxTensor> tensors() {
            return feeds.values();
        }

        @Override
        protected void release() {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    OnnxModel(ModelSpec spec, Variant variant, OrtEnvironment environment, OrtSession session) {
        super(spec, variant.id(), Input.class);
        this.environment = environment;
        this.session = session;
    }

    @Override
    protected Input prepareInput(Tensor input) {
        Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
        try {
            feeds.put(INPUT, tensor(input.data(), input.shape()));
            if (spec().kind() == ModelKind.TRANSFORMER) {
                // Like PyTorch's registered buffer: made once per sequence length, outside the measured forward.
                int length = input.dimension(1);
                int model = spec().hiddenSize();
                feeds.put(POSITIONAL_ENCODING,
                        tensor(PositionalEncoding.table(length, model), new int[] {length, model}));
            }
        } catch (OrtException | RuntimeException e) {
            feeds.values().forEach(OnnxTensor::close);
            throw new BackendException("ONNX Runtime could not take an input of shape " + input.shapeText() + ": "
                    + e.getMessage(), e);
        }
        return new Input(this, input, feeds);
    }

    @Override
    protected Tensor run(Input input) {
        int[] shape = spec().outputShape(input.batch(), input.sequenceLength());
        try (OrtSession.Result result = session.run(input.feeds)) {
            OnnxValue output = result.get(0);
            if (!(output instanceof OnnxTensor tensor)) {
                throw new BackendException("ONNX Runtime returned a " + output.getType() + " where the "
                        + spec().kind().id() + " model produces a tensor");
            }
            return new Tensor(shape, copy(tensor, Math.toIntExact(Tensor.elementCount(shape))));
        } catch (OrtException e) {
            throw new BackendException("ONNX Runtime failed to run the " + spec().describe() + " model on batch "
                    + input.batch() + ", sequence " + input.sequenceLength() + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected void release() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new BackendException("ONNX Runtime could not close the " + spec().kind().id() + " session: "
                    + e.getMessage(), e);
        }
    }

    private OnnxTensor tensor(float[] values, int[] shape) throws OrtException {
        FloatBuffer buffer = ByteBuffer.allocateDirect(Math.multiplyExact(values.length, Float.BYTES))
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        buffer.put(values).rewind();
        long[] dims = new long[shape.length];
        for (int axis = 0; axis < shape.length; axis++) {
            dims[axis] = shape[axis];
        }
        return OnnxTensor.createTensor(environment, buffer, dims);
    }

    /** The output's values in a fresh array (the engine's memory is freed when the result closes). */
    private float[] copy(OnnxTensor output, int expected) {
        // getFloatBuffer already copies into a heap buffer; its array is ours to keep when it is exactly the data.
        FloatBuffer values = output.getFloatBuffer();
        if (values == null || values.remaining() != expected) {
            throw new BackendException("ONNX Runtime returned " + output.getInfo() + " where the "
                    + spec().kind().id() + " model produces " + expected + " float32 values");
        }
        if (values.hasArray() && values.arrayOffset() == 0 && values.array().length == expected) {
            return values.array();
        }
        float[] copy = new float[expected];
        values.get(copy);
        return copy;
    }
}
