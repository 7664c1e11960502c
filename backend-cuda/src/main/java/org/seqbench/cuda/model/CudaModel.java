package org.seqbench.cuda.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.Weights;
import org.seqbench.cuda.device.Blas;
import org.seqbench.cuda.device.CapturedGraph;
import org.seqbench.cuda.device.DeviceBuffer;
import org.seqbench.cuda.device.Dim3;
import org.seqbench.cuda.device.EventTimer;
import org.seqbench.cuda.device.Gpu;
import org.seqbench.cuda.device.Kernel;
import org.seqbench.spi.AbstractBackendModel;
import org.seqbench.spi.BackendException;
import org.seqbench.spi.Precision;

/**
 * What the recurrent and Transformer models share: weights uploaded once at load, a {@link LaunchPlan} built and
 * its buffers allocated when an input is prepared, and a forward pass that issues the plan on the GPU's stream
 * (one by one, or as a captured CUDA graph), times it with CUDA events and downloads the result.
 *
 * <p>The model owns its {@link Gpu} (one stream, one cuBLAS handle): closing the model closes it.
 */
abstract class CudaModel extends AbstractBackendModel<CudaModel.Input> {
    private final Gpu gpu;
    private final Precision precision;
    private final Variant variant;
    private final Map<String, DeviceBuffer> weights;
    private final Map<String, Kernel> kernels = new HashMap<>();
    private final EventTimer timer;
    private double lastDeviceMillis = Double.NaN;

    /** A prepared input: its plan, its device buffers, the plan resolved to calls, and the graph if captured. */
    static final class Input extends AbstractBackendModel.Prepared {
        private final List<DeviceBuffer> owned;
        private final List<Runnable> calls;
        private final DeviceBuffer output;
        private final int[] outputShape;
        private final int outputFloats;
        private CapturedGraph graph;

        private Input(CudaModel owner, Tensor input, LaunchPlan plan, List<DeviceBuffer> owned, List<Runnable> calls,
                DeviceBuffer output) {
            super(owner, input);
            this.owned = owned;
            this.calls = calls;
            this.output = output;
            this.outputShape = plan.outputShape().stream().mapToInt(Integer::intValue).toArray();
            this.outputFloats = plan.outputFloats();
        }

        private void issue() {
            for (Runnable call : calls) {
                call.run();
            }
        }

        @Override
        protected void release() {
            // The graph first: it refers to the buffers.
            try {
                if (graph != null) {
                    graph.close();
                }
            } finally {
                owned.forEach(DeviceBuffer::close);
            }
        }
    }

    /**
     * Uploads {@code weights} (already checked against {@code spec}) and compiles the kernel files the model uses.
     * On failure it frees what it allocated; the caller closes {@code gpu}.
     *
     * @param resources the kernel files (see {@link Kernels}) this model's plans launch from
     */
    CudaModel(Gpu gpu, ModelSpec spec, Weights weights, Precision precision, Variant variant, List<String> resources) {
        super(spec, variant.id(), Input.class);
        this.gpu = gpu;
        this.precision = precision;
        this.variant = variant;
        Map<String, DeviceBuffer> uploaded = new LinkedHashMap<>();
        EventTimer created = null;
        try {
            for (Map.Entry<String, Tensor> weight : weights.asMap().entrySet()) {
                DeviceBuffer buffer = gpu.allocate(weight.getValue().size());
                uploaded.put(weight.getKey(), buffer);
                gpu.upload(weight.getValue().data(), buffer);
            }
            for (KernelSignature kernel : Kernels.ALL) {
                if (resources.contains(kernel.resource())) {
                    kernels.put(kernel.name(), gpu.kernels(kernel.resource()).function(kernel.name()));
                }
            }
            created = gpu.timer();
            // Surfaces an upload failure here rather than in the first pass.
            gpu.synchronize();
        } catch (RuntimeException e) {
            if (created != null) {
                created.close();
            }
            uploaded.values().forEach(DeviceBuffer::close);
            throw e;
        }
        this.timer = created;
        this.weights = uploaded;
    }

    /** The work of one pass for this input shape. */
    protected abstract LaunchPlan plan(int batch, int sequenceLength);

    /** The host values of a {@link Buffer.Role#TABLE} buffer of {@code plan}. */
    protected abstract float[] table(Buffer buffer, int batch, int sequenceLength);

    /**
     * Device time of the last forward pass in milliseconds, NaN before the first: CUDA events recorded on the stream
     * before the first launch and after the last, so the download of the result is not in it. In the
     * {@code gemm-loop} variant it includes the moments the GPU waits for the host to issue the next launch, which
     * is part of that variant's cost; a graph is issued at once.
     */
    public final double lastDeviceMillis() {
        return lastDeviceMillis;
    }

    @Override
    protected final Input prepareInput(Tensor tensor) {
        int batch = tensor.dimension(0);
        int sequenceLength = tensor.dimension(1);
        LaunchPlan plan = plan(batch, sequenceLength);
        Map<Buffer, DeviceBuffer> resolved = new HashMap<>();
        List<DeviceBuffer> owned = new ArrayList<>();
        Input input = null;
        try {
            for (Buffer buffer : plan.buffers()) {
                DeviceBuffer device = switch (buffer.role()) {
                    case WEIGHT -> weight(buffer);
                    case INPUT -> upload(owned, buffer, tensor.data());
                    case TABLE -> upload(owned, buffer, table(buffer, batch, sequenceLength));
                    case WORKSPACE -> allocate(owned, buffer);
                };
                resolved.put(buffer, device);
            }
            List<Runnable> calls = new ArrayList<>(plan.steps().size());
            for (Step step : plan.steps()) {
                calls.add(switch (step) {
                    case Gemm gemm -> gemmCall(gemm, resolved);
                    case Launch launch -> kernelCall(launch, resolved);
                });
            }
            input = new Input(this, tensor, plan, owned, calls, resolved.get(plan.output()));
            if (variant == Variant.CUDA_GRAPH) {
                input.graph = gpu.capture(input::issue);
            }
            gpu.synchronize();
            return input;
        } catch (RuntimeException e) {
            if (input != null) {
                input.close();
            } else {
                owned.forEach(DeviceBuffer::close);
            }
            throw e;
        }
    }

    @Override
    protected final Tensor run(Input input) {
        timer.start();
        if (input.graph != null) {
            input.graph.launch();
        } else {
            input.issue();
        }
        timer.stop();
        // download waits for the stream, so the pass has finished when it returns and the events are complete.
        float[] values = gpu.download(input.output, input.outputFloats);
        lastDeviceMillis = timer.elapsedMillis();
        return new Tensor(input.outputShape, values);
    }

    @Override
    protected final void release() {
        // Closing the Gpu frees whatever it handed out; the timer and weights go first so that a failure there is
        // not hidden by the context's release.
        try {
            timer.close();
            weights.values().forEach(DeviceBuffer::close);
        } finally {
            gpu.close();
        }
    }

    private DeviceBuffer weight(Buffer buffer) {
        DeviceBuffer device = weights.get(buffer.name());
        if (device == null || device.floats() != buffer.floats()) {
            throw new BackendException("the plan for " + spec().describe() + " needs weight " + buffer.name() + " of "
                    + buffer.floats() + " floats, but the model holds "
                    + (device == null ? "no such weight" : device.floats() + " floats"));
        }
        return device;
    }

    private DeviceBuffer allocate(List<DeviceBuffer> owned, Buffer buffer) {
        DeviceBuffer device = gpu.allocate(buffer.floats());
        owned.add(device);
        return device;
    }

    private DeviceBuffer upload(List<DeviceBuffer> owned, Buffer buffer, float[] values) {
        if (values.length != buffer.floats()) {
            throw new BackendException("the plan for " + spec().describe() + " needs " + buffer.floats()
                    + " floats in " + buffer.name() + ", got " + values.length);
        }
        DeviceBuffer device = allocate(owned, buffer);
        gpu.upload(values, device);
        return device;
    }

    private Runnable gemmCall(Gemm gemm, Map<Buffer, DeviceBuffer> resolved) {
        Gemm.ColumnMajor g = gemm.columnMajor();
        Blas blas = gpu.blas();
        DeviceBuffer a = resolved.get(g.a());
        DeviceBuffer b = resolved.get(g.b());
        DeviceBuffer c = resolved.get(g.c());
        Precision p = precision;
        if (g.batch() == 1) {
            return () -> blas.gemm(p, g.transA(), g.transB(), g.m(), g.n(), g.k(), 1f, a, g.aOffset(), g.lda(),
                    b, g.bOffset(), g.ldb(), 0f, c, g.cOffset(), g.ldc());
        }
        return () -> blas.gemmStridedBatched(p, g.transA(), g.transB(), g.m(), g.n(), g.k(), 1f,
                a, g.aOffset(), g.lda(), g.strideA(), b, g.bOffset(), g.ldb(), g.strideB(),
                0f, c, g.cOffset(), g.ldc(), g.strideC(), g.batch());
    }

    private Runnable kernelCall(Launch launch, Map<Buffer, DeviceBuffer> resolved) {
        Kernel kernel = kernels.get(launch.kernel().name());
        if (kernel == null) {
            throw new BackendException("the plan for " + spec().describe() + " launches " + launch.kernel().name()
                    + " from " + launch.kernel().resource() + ", which this model did not compile");
        }
        Object[] arguments = launch.arguments().stream()
                .map(argument -> argument instanceof Buffer buffer ? resolved.get(buffer) : argument)
                .toArray();
        Dim3 grid = Dim3.of(launch.grid());
        Dim3 block = Dim3.of(launch.block());
        return () -> kernel.launch(grid, block, 0, arguments);
    }
}
