package org.seqbench.cuda.device;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.seqbench.cuda.natives.CudaException;
import org.seqbench.cuda.natives.CudaToolkit;
import org.seqbench.cuda.natives.Driver;
import org.seqbench.spi.BackendException;

/**
 * One GPU as Java objects: the device's primary context, one stream all work is queued on, one cuBLAS handle on
 * that stream. Copies, kernels and GEMMs are queued in order on the stream and run asynchronously;
 * {@link #download} and {@link #synchronize} wait for them. Every public method binds the context to the calling
 * thread first, so a Gpu may be used from any thread, one thread at a time.
 *
 * <p>What it hands out (buffers, kernel modules, timers, graphs) it also tracks: {@link #close()} frees whatever is
 * still open, then releases the context.
 */
public final class Gpu implements AutoCloseable {
    /** cuBLAS's workspace: what cuBLAS asks for on Hopper-class GPUs (cuBLAS guide, cublasSetWorkspace). */
    private static final long BLAS_WORKSPACE_BYTES = 32L << 20;
    /** The smallest pinned staging buffer: small copies then never reallocate it. */
    private static final long MIN_STAGING_BYTES = 1L << 20;

    private final CudaToolkit toolkit;
    private final Driver driver;
    private final int ordinal;
    private final int device;
    private final String name;
    private final int ccMajor;
    private final int ccMinor;
    private final int driverVersion;
    private final KernelCache kernelCache;
    private final MemorySegment context;
    private final MemorySegment stream;
    private final MemorySegment stagingDone;
    private final long blasWorkspace;
    private final Blas blas;

    private final Set<DeviceBuffer> buffers = new LinkedHashSet<>();
    private final Map<String, KernelModule> modules = new HashMap<>();
    private final Set<EventTimer> timers = new LinkedHashSet<>();
    private final Set<CapturedGraph> graphs = new LinkedHashSet<>();

    private MemorySegment staging;
    /** Whether a copy queued from {@link #staging} may still be reading it. */
    private boolean stagingInUse;
    private boolean capturing;
    private boolean closed;
    /** Whether the driver refused NVRTC's PTX as too new, so that kernels load as device code. */
    private boolean ptxNewerThanDriver;

    private Gpu(CudaToolkit toolkit, int ordinal, KernelCache kernelCache) {
        this.toolkit = toolkit;
        this.driver = toolkit.driver();
        this.driverVersion = toolkit.driverVersion();
        this.ordinal = ordinal;
        this.kernelCache = kernelCache;
        int count = driver.deviceCount();
        if (ordinal < 0 || ordinal >= count) {
            throw new IllegalArgumentException("there is no CUDA device " + ordinal + "; this machine has " + count
                    + " (ordinals 0 to " + (count - 1) + ")");
        }
        this.device = driver.device(ordinal);
        this.name = driver.deviceName(device);
        this.ccMajor = driver.deviceAttribute(Driver.ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device);
        this.ccMinor = driver.deviceAttribute(Driver.ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device);
        this.context = driver.primaryContextRetain(device);
        // From here on a failure must give back what was taken, or the context would outlive this Gpu.
        MemorySegment createdStream = null;
        MemorySegment createdEvent = null;
        long workspace = 0;
        Blas createdBlas = null;
        try {
            driver.setCurrent(context);
            createdStream = driver.streamCreate(Driver.STREAM_NON_BLOCKING);
            createdEvent = driver.eventCreate(Driver.EVENT_DEFAULT);
            workspace = driver.memAlloc(BLAS_WORKSPACE_BYTES);
            createdBlas = new Blas(this, toolkit.cublas(), createdStream, workspace, BLAS_WORKSPACE_BYTES);
        } catch (RuntimeException failure) {
            if (workspace != 0) {
                driver.memFree(workspace);
            }
            if (createdEvent != null) {
                driver.eventDestroy(createdEvent);
            }
            if (createdStream != null) {
                driver.streamDestroy(createdStream);
            }
            driver.primaryContextRelease(device);
            throw failure;
        }
        this.stream = createdStream;
        this.stagingDone = createdEvent;
        this.blasWorkspace = workspace;
        this.blas = createdBlas;
    }

    /**
     * Opens device {@code ordinal}: retains its primary context and creates the stream and the cuBLAS handle.
     *
     * @throws BackendException with the reason when CUDA cannot be used on this machine
     * @throws CudaException when a driver or cuBLAS call fails
     * @throws IllegalArgumentException when there is no such device
     */
    public static Gpu open(int ordinal) {
        CudaToolkit toolkit = CudaToolkit.shared();
        return open(toolkit, ordinal, KernelCache.shared(toolkit.nvrtc()));
    }

    /** A Gpu on {@code toolkit}'s libraries, compiling kernels through {@code kernelCache}. */
    static Gpu open(CudaToolkit toolkit, int ordinal, KernelCache kernelCache) {
        return new Gpu(toolkit, ordinal, kernelCache);
    }

    /** The device's name, e.g. "NVIDIA H200". */
    public String name() {
        return name;
    }

    /** The device's ordinal, as {@link #open} took it. */
    public int ordinal() {
        return ordinal;
    }

    /** Compute capability, major: 9 for an H100/H200. */
    public int ccMajor() {
        return ccMajor;
    }

    /** Compute capability, minor. */
    public int ccMinor() {
        return ccMinor;
    }

    /** The device's architecture as NVRTC and nvcc name it: {@code sm_90}. */
    public String arch() {
        return "sm_" + ccMajor + ccMinor;
    }

    /** The CUDA version the driver supports, 1000 * major + 10 * minor. */
    public int driverVersion() {
        return driverVersion;
    }

    /** "cuda:0 NVIDIA H200". */
    @Override
    public String toString() {
        return "cuda:" + ordinal + " " + name;
    }

    // ---------------------------------------------------------------- memory

    /**
     * A float32 buffer of {@code floats} floats, zero-filled (the fill is queued on the stream, so work queued
     * after it sees zeros). A buffer of no floats has no memory and address 0.
     */
    public DeviceBuffer allocate(long floats) {
        if (floats < 0) {
            throw new IllegalArgumentException("a device buffer holds 0 or more floats; asked for " + floats);
        }
        makeCurrent();
        requireNotCapturing("allocate");
        long address = 0;
        if (floats > 0) {
            address = driver.memAlloc(floats * Float.BYTES);
            try {
                driver.memsetD32Async(address, 0, floats, stream);
            } catch (RuntimeException failure) {
                driver.memFree(address);
                throw failure;
            }
        }
        DeviceBuffer buffer = DeviceBuffer.allocation(this, address, floats);
        buffers.add(buffer);
        return buffer;
    }

    /** For {@link DeviceBuffer#close()}: waits for the queued work that may use the memory, then frees it. */
    void free(DeviceBuffer buffer) {
        if (closed || !buffers.remove(buffer)) {
            return;
        }
        makeCurrent();
        requireNotCapturing("free a device buffer");
        driver.streamSynchronize(stream);
        stagingInUse = false;
        if (buffer.floats() > 0) {
            driver.memFree(buffer.rawAddress());
        }
    }

    /**
     * Queues the copy of {@code host} into the first {@code host.length} floats of {@code to}. The floats are
     * copied to pinned memory first, so {@code host} may change as soon as this returns.
     */
    public void upload(float[] host, DeviceBuffer to) {
        requireMine(to, "upload to");
        if (host.length > to.floats()) {
            throw new IllegalArgumentException("cannot upload " + host.length + " floats into a device buffer of "
                    + to.floats());
        }
        makeCurrent();
        requireNotCapturing("upload");
        if (host.length == 0) {
            return;
        }
        long bytes = (long) host.length * Float.BYTES;
        MemorySegment pinned = staging(bytes);
        MemorySegment.copy(host, 0, pinned, ValueLayout.JAVA_FLOAT, 0, host.length);
        driver.memcpyHtoDAsync(to.address(), pinned, bytes, stream);
        driver.eventRecord(stagingDone, stream);
        stagingInUse = true;
    }

    /** The first {@code count} floats of {@code from}, after all work queued before this call is done. */
    public float[] download(DeviceBuffer from, int count) {
        requireMine(from, "download from");
        if (count < 0 || count > from.floats()) {
            throw new IllegalArgumentException("cannot download " + count + " floats from a device buffer of "
                    + from.floats());
        }
        makeCurrent();
        requireNotCapturing("download");
        float[] host = new float[count];
        if (count == 0) {
            driver.streamSynchronize(stream);
            return host;
        }
        long bytes = (long) count * Float.BYTES;
        MemorySegment pinned = staging(bytes);
        driver.memcpyDtoHAsync(pinned, from.address(), bytes, stream);
        driver.streamSynchronize(stream);
        stagingInUse = false;
        MemorySegment.copy(pinned, ValueLayout.JAVA_FLOAT, 0, host, 0, count);
        return host;
    }

    /**
     * Queues the setting of every float of {@code buffer} to {@code value}; allowed inside {@link #capture}, so a
     * replayed graph can reset a state (an initial hidden state to zeros) itself.
     */
    public void fill(DeviceBuffer buffer, float value) {
        requireMine(buffer, "fill");
        makeCurrent();
        if (buffer.floats() > 0) {
            driver.memsetD32Async(buffer.address(), Float.floatToRawIntBits(value), buffer.floats(), stream);
        }
    }

    /**
     * Queues the copy of the first {@code floats} floats of {@code from} to {@code to}, on the device; allowed
     * inside {@link #capture}.
     */
    public void copy(DeviceBuffer from, DeviceBuffer to, long floats) {
        requireMine(from, "copy from");
        requireMine(to, "copy to");
        if (floats < 0 || floats > from.floats() || floats > to.floats()) {
            throw new IllegalArgumentException("cannot copy " + floats + " floats from a device buffer of "
                    + from.floats() + " to one of " + to.floats());
        }
        makeCurrent();
        if (floats > 0) {
            driver.memcpyDtoDAsync(to.address(), from.address(), floats * Float.BYTES, stream);
        }
    }

    /** The pinned staging buffer, at least {@code bytes} long, once no queued copy reads it any more. */
    private MemorySegment staging(long bytes) {
        if (stagingInUse) {
            driver.eventSynchronize(stagingDone);
            stagingInUse = false;
        }
        if (staging == null || staging.byteSize() < bytes) {
            if (staging != null) {
                driver.memFreeHost(staging);
                staging = null;
            }
            staging = driver.memAllocHost(Math.max(bytes, MIN_STAGING_BYTES));
        }
        return staging;
    }

    // ---------------------------------------------------------------- kernels, GEMMs, timing, graphs

    /**
     * The kernels of the CUDA C resource {@code resource} (e.g. "recurrent.cu", under
     * {@code org/seqbench/cuda/kernels/} on the class path), compiled by NVRTC for {@link #arch()} and loaded into
     * this context; compiled once per source and architecture, and loaded once per Gpu.
     *
     * @throws CudaException with NVRTC's log when the source does not compile
     */
    public KernelModule kernels(String resource) {
        makeCurrent();
        requireNotCapturing("load kernels");
        KernelModule loaded = modules.get(resource);
        if (loaded == null) {
            loaded = new KernelModule(this, resource, loadModule(resource));
            modules.put(resource, loaded);
        }
        return loaded;
    }

    /**
     * Loads the resource's PTX, which the driver compiles for the device; where the driver is older than the
     * NVRTC that wrote it (a later CUDA 13 release: PTX is only read by drivers at least as new), loads the
     * device code NVRTC compiles for {@link #arch()} instead, which any CUDA 13 driver runs.
     */
    private MemorySegment loadModule(String resource) {
        if (!ptxNewerThanDriver) {
            try (Arena arena = Arena.ofConfined()) {
                return driver.moduleLoadData(arena.allocateFrom(kernelCache.ptx(resource, arch())));
            } catch (CudaException e) {
                if (e.status() != Driver.ERROR_UNSUPPORTED_PTX_VERSION) {
                    throw e;
                }
                ptxNewerThanDriver = true;
            }
        }
        byte[] cubin = kernelCache.cubin(resource, arch());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment image = arena.allocate(cubin.length);
            MemorySegment.copy(cubin, 0, image, ValueLayout.JAVA_BYTE, 0, cubin.length);
            return driver.moduleLoadData(image);
        } catch (CudaException e) {
            throw new BackendException("the NVIDIA driver (CUDA " + CudaToolkit.release(driverVersion)
                    + ") loads neither the PTX nor the " + arch() + " code that NVRTC " + toolkit.nvrtc().version()
                    + " made of " + resource + ": " + e.getMessage(), e);
        }
    }

    /** The cuBLAS handle, on this Gpu's stream. */
    public Blas blas() {
        requireOpen();
        return blas;
    }

    /** A timer of the stream's work, by CUDA events recorded on it. */
    public EventTimer timer() {
        makeCurrent();
        MemorySegment start = driver.eventCreate(Driver.EVENT_DEFAULT);
        MemorySegment stop;
        try {
            stop = driver.eventCreate(Driver.EVENT_DEFAULT);
        } catch (RuntimeException failure) {
            driver.eventDestroy(start);
            throw failure;
        }
        EventTimer timer = new EventTimer(this, start, stop);
        timers.add(timer);
        return timer;
    }

    /**
     * Records what {@code launches} queues (kernel launches, GEMMs) into a CUDA graph instead of running it, and
     * returns the graph ready to replay with {@link CapturedGraph#launch()}. Inside {@code launches}, nothing
     * may wait for the GPU or copy from the host: {@link #upload}, {@link #download}, {@link #synchronize},
     * {@link #allocate} and {@link #kernels} refuse. The graph keeps the buffer addresses and scalar arguments the
     * launches had.
     */
    public CapturedGraph capture(Runnable launches) {
        makeCurrent();
        requireNotCapturing("capture");
        driver.streamBeginCapture(stream, Driver.STREAM_CAPTURE_MODE_THREAD_LOCAL);
        capturing = true;
        MemorySegment graph;
        try {
            launches.run();
        } catch (RuntimeException | Error failure) {
            capturing = false;
            try {
                MemorySegment abandoned = driver.streamEndCapture(stream);
                if (!abandoned.equals(MemorySegment.NULL)) {
                    driver.graphDestroy(abandoned);
                }
            } catch (CudaException endFailure) {
                failure.addSuppressed(endFailure);
            }
            throw failure;
        }
        capturing = false;
        graph = driver.streamEndCapture(stream);
        MemorySegment executable;
        try {
            executable = driver.graphInstantiate(graph, 0);
        } finally {
            driver.graphDestroy(graph);
        }
        CapturedGraph captured = new CapturedGraph(this, executable);
        graphs.add(captured);
        return captured;
    }

    /** Waits until all work queued on the stream is done. */
    public void synchronize() {
        makeCurrent();
        requireNotCapturing("synchronize");
        driver.streamSynchronize(stream);
        stagingInUse = false;
    }

    /** Binds this Gpu's context to the calling thread ({@code cuCtxSetCurrent}); every public call does it itself. */
    public void makeCurrent() {
        requireOpen();
        driver.setCurrent(context);
    }

    // ---------------------------------------------------------------- for the other device classes

    Driver driver() {
        return driver;
    }

    MemorySegment stream() {
        return stream;
    }

    boolean isCapturing() {
        return capturing;
    }

    boolean isClosed() {
        return closed;
    }

    void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this GPU (" + this + ") is closed");
        }
    }

    void requireMine(DeviceBuffer buffer, String use) {
        Objects.requireNonNull(buffer, "buffer");
        if (buffer.gpu() != this) {
            throw new IllegalArgumentException("cannot " + use + " a device buffer of another Gpu (" + buffer.gpu()
                    + ") on " + this);
        }
        buffer.requireOpen();
    }

    private void requireNotCapturing(String what) {
        if (capturing) {
            throw new IllegalStateException("cannot " + what + " while launches are captured into a CUDA graph: "
                    + "do it before Gpu.capture");
        }
    }

    /** Stops tracking {@code owned}, which its owner destroys itself. */
    void forget(GpuOwned owned) {
        switch (owned) {
            case EventTimer timer -> timers.remove(timer);
            case CapturedGraph graph -> graphs.remove(graph);
        }
    }

    /**
     * Waits for the stream, frees everything still open (graphs, timers, modules, buffers, cuBLAS), then releases
     * the context. Closing twice does nothing more. The first failure is thrown after everything was tried, with
     * later ones suppressed in it.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        driver.setCurrent(context);
        List<RuntimeException> failures = new ArrayList<>();
        attempt(failures, () -> driver.streamSynchronize(stream));
        for (CapturedGraph graph : List.copyOf(graphs)) {
            attempt(failures, graph::close);
        }
        for (EventTimer timer : List.copyOf(timers)) {
            attempt(failures, timer::close);
        }
        for (KernelModule module : modules.values()) {
            attempt(failures, () -> driver.moduleUnload(module.handle()));
        }
        modules.clear();
        for (DeviceBuffer buffer : List.copyOf(buffers)) {
            buffer.markClosed();
            if (buffer.floats() > 0) {
                attempt(failures, () -> driver.memFree(buffer.rawAddress()));
            }
        }
        buffers.clear();
        attempt(failures, blas::destroy);
        attempt(failures, () -> driver.memFree(blasWorkspace));
        if (staging != null) {
            MemorySegment pinned = staging;
            attempt(failures, () -> driver.memFreeHost(pinned));
            staging = null;
        }
        attempt(failures, () -> driver.eventDestroy(stagingDone));
        attempt(failures, () -> driver.streamDestroy(stream));
        attempt(failures, () -> driver.primaryContextRelease(device));
        closed = true;
        if (!failures.isEmpty()) {
            RuntimeException first = failures.getFirst();
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    private static void attempt(List<RuntimeException> failures, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException failure) {
            failures.add(failure);
        }
    }
}
