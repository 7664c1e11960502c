package org.seqbench.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.seqbench.onnx.GraphBuilder.Dimension;
import org.seqbench.spi.BackendException;
import org.seqbench.spi.MatrixProduct;

/**
 * The peak-probing product on ONNX Runtime: a graph of one {@code MatMul} node, in the session settings the model
 * cells use. Both matrices are graph inputs (not constants), so the engine cannot pre-pack them, and the output
 * is bound to a buffer allocated once: a run is the product and nothing else.
 */
final class OnnxMatrixProduct implements MatrixProduct {
    private static final String LEFT = "a";
    private static final String RIGHT = "b";

    /** Makes the engine's tensors: a seam, so that a test can check that preparing never leaks one. */
    @FunctionalInterface
    interface Tensors {
        OnnxTensor create(FloatBuffer values, long[] shape) throws OrtException;
    }

    private final OrtEnvironment environment;
    private final Tensors tensors;

    OnnxMatrixProduct(OrtEnvironment environment) {
        this(environment, (values, shape) -> OnnxTensor.createTensor(environment, values, shape));
    }

    OnnxMatrixProduct(OrtEnvironment environment, Tensors tensors) {
        this.environment = environment;
        this.tensors = tensors;
    }

    @Override
    public Prepared prepare(float[] a, float[] b, int n, int threads) {
        if (n <= 0) {
            throw new IllegalArgumentException("the matrix size must be positive, got " + n);
        }
        long values = (long) n * n;
        if (a.length != values || b.length != values) {
            throw new IllegalArgumentException("two " + n + " x " + n + " matrices need " + values
                    + " values each, got " + a.length + " and " + b.length);
        }
        return bind(Sessions.open(environment, graph(n), threads, Sessions.Settings.DEFAULT, "a " + n + " x " + n + " MatMul"), a, b, n);
    }

    /**
     * The product of {@code a} and {@code b} on {@code session}, which it takes over: on failure the session and
     * every tensor made so far are closed.
     */
    Prepared bind(OrtSession session, float[] a, float[] b, int n) {
        long[] shape = {n, n};
        try (Pending pending = new Pending(session)) {
            OnnxTensor left = pending.own(tensors.create(direct(a), shape));
            OnnxTensor right = pending.own(tensors.create(direct(b), shape));
            FloatBuffer result = direct(new float[a.length]);
            OnnxTensor output = pending.own(tensors.create(result, shape));
            String outputName = session.getOutputInfo().keySet().iterator().next();
            Product product = new Product(n, session, Map.of(LEFT, left, RIGHT, right), Map.of(outputName, output),
                    result);
            pending.handOver();
            return product;
        } catch (OrtException | RuntimeException e) {
            throw new BackendException("ONNX Runtime could not prepare a " + n + " x " + n + " MatMul: "
                    + e.getMessage(), e);
        }
    }

    static byte[] graph(int n) {
        GraphBuilder graph = new GraphBuilder("matmul");
        String product = graph.node("MatMul", List.of(graph.input(LEFT, Dimension.of(n), Dimension.of(n)),
                graph.input(RIGHT, Dimension.of(n), Dimension.of(n))));
        graph.output(product, Dimension.of(n), Dimension.of(n));
        return graph.build().toByteArray();
    }

    /** A direct native-order buffer, which ONNX Runtime uses in place instead of copying. */
    private static FloatBuffer direct(float[] values) {
        FloatBuffer buffer = ByteBuffer.allocateDirect(Math.multiplyExact(values.length, Float.BYTES))
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        buffer.put(values).rewind();
        return buffer;
    }

    /** What a product being prepared holds; closed when preparing fails, handed over to the product otherwise. */
    private static final class Pending implements AutoCloseable {
        private final OrtSession session;
        private final List<OnnxTensor> tensors = new ArrayList<>();
        private boolean handedOver;

        Pending(OrtSession session) {
            this.session = session;
        }

        OnnxTensor own(OnnxTensor tensor) {
            tensors.add(tensor);
            return tensor;
        }

        void handOver() {
            handedOver = true;
        }

        @Override
        public void close() {
            if (handedOver) {
                return;
            }
            tensors.forEach(OnnxTensor::close);
            try {
                session.close();
            } catch (OrtException | RuntimeException e) {
                // Already failing; the first error is the one worth reporting.
            }
        }
    }

    /** A prepared product: the session, its two inputs and the output buffer it writes into. */
    private static final class Product implements Prepared {
        private final int n;
        private final OrtSession session;
        private final Map<String, OnnxTensor> inputs;
        private final Map<String, OnnxTensor> output;
        private final FloatBuffer result;
        private boolean closed;

        Product(int n, OrtSession session, Map<String, OnnxTensor> inputs, Map<String, OnnxTensor> output,
                FloatBuffer result) {
            this.n = n;
            this.session = session;
            this.inputs = inputs;
            this.output = output;
            this.result = result;
        }

        @Override
        public int n() {
            return n;
        }

        @Override
        public void multiply() {
            if (closed) {
                throw new IllegalStateException("the " + n + " x " + n + " product is closed");
            }
            // The output is pinned: the Result owns nothing, and closing it frees no tensor.
            try (OrtSession.Result ignored = session.run(inputs, output)) {
                // session.run returns when the product is in the output buffer.
            } catch (OrtException e) {
                throw new BackendException("ONNX Runtime failed to multiply two " + n + " x " + n + " matrices: "
                        + e.getMessage(), e);
            }
        }

        @Override
        public float[] product() {
            float[] values = new float[result.capacity()];
            result.duplicate().rewind().get(values);
            return values;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            output.values().forEach(OnnxTensor::close);
            inputs.values().forEach(OnnxTensor::close);
            try {
                session.close();
            } catch (OrtException e) {
                throw new BackendException("ONNX Runtime could not close the MatMul session: " + e.getMessage(), e);
            }
        }
    }
}
