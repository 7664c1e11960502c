package org.seqbench.cuda.natives;

import static org.seqbench.cuda.natives.NativeLibrary.C_FLOAT;
import static org.seqbench.cuda.natives.NativeLibrary.C_INT;
import static org.seqbench.cuda.natives.NativeLibrary.C_LONG_LONG;
import static org.seqbench.cuda.natives.NativeLibrary.C_POINTER;
import static org.seqbench.cuda.natives.NativeLibrary.C_SIZE_T;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.seqbench.spi.BackendException;

/**
 * The CUDA driver API ({@code libcuda.so.1}, which the NVIDIA driver installs), bound with the Foreign Function &
 * Memory API. Only what the device layer uses is bound. Symbols are the ones {@code cuda.h} 13.0 maps its names to
 * ({@code #define cuMemAlloc cuMemAlloc_v2}): the header's names without the suffix are older ABIs kept for old
 * binaries. Handles (contexts, streams, modules, events, graphs) are opaque pointers, kept as
 * {@link MemorySegment}s; device addresses ({@code CUdeviceptr}) are 64-bit integers.
 */
public final class Driver {
    /** The driver library's file name; always left to the system loader, which finds the installed driver's. */
    public static final String LIBRARY = "libcuda.so.1";

    /** {@code CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR} (cuda.h). */
    public static final int ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
    /** {@code CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR} (cuda.h). */
    public static final int ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;
    /** {@code CU_STREAM_NON_BLOCKING}: the stream does not synchronise with the legacy default stream. */
    public static final int STREAM_NON_BLOCKING = 0x1;
    /** {@code CU_EVENT_DEFAULT}: an event that records timing. */
    public static final int EVENT_DEFAULT = 0x0;
    /**
     * {@code CU_STREAM_CAPTURE_MODE_THREAD_LOCAL}: during a capture only this thread is barred from calls that
     * cannot be captured (another thread of the JVM may allocate meanwhile).
     */
    public static final int STREAM_CAPTURE_MODE_THREAD_LOCAL = 1;
    /** {@code CUDA_SUCCESS}. */
    public static final int SUCCESS = 0;
    /** {@code CUDA_ERROR_UNSUPPORTED_PTX_VERSION}: the PTX is newer than this driver can compile. */
    public static final int ERROR_UNSUPPORTED_PTX_VERSION = 222;
    /** {@code CUDA_ERROR_NOT_FOUND}: e.g. a module has no function of the name asked for. */
    public static final int ERROR_NOT_FOUND = 500;

    /** Every function bound: the symbol and its C signature (checked against cuda.h by the tests). */
    static final Map<String, FunctionDescriptor> FUNCTIONS = functions();

    private static Map<String, FunctionDescriptor> functions() {
        Map<String, FunctionDescriptor> f = new LinkedHashMap<>();
        f.put("cuGetErrorName", FunctionDescriptor.of(C_INT, C_INT, C_POINTER));
        f.put("cuGetErrorString", FunctionDescriptor.of(C_INT, C_INT, C_POINTER));
        f.put("cuInit", FunctionDescriptor.of(C_INT, C_INT));
        f.put("cuDriverGetVersion", FunctionDescriptor.of(C_INT, C_POINTER));
        f.put("cuDeviceGetCount", FunctionDescriptor.of(C_INT, C_POINTER));
        f.put("cuDeviceGet", FunctionDescriptor.of(C_INT, C_POINTER, C_INT));
        f.put("cuDeviceGetName", FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_INT));
        f.put("cuDeviceGetAttribute", FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_INT));
        f.put("cuDevicePrimaryCtxRetain", FunctionDescriptor.of(C_INT, C_POINTER, C_INT));
        f.put("cuDevicePrimaryCtxRelease_v2", FunctionDescriptor.of(C_INT, C_INT));
        f.put("cuCtxSetCurrent", FunctionDescriptor.of(C_INT, C_POINTER));
        f.put("cuStreamCreate", FunctionDescriptor.of(C_INT, C_POINTER, C_INT));
        f.put("cuStreamDestroy_v2", FunctionDescriptor.of(C_INT, C_POINTER));
        f.put("cuStreamSynchronize", FunctionDescriptor.of(C_INT, C_POINTER));
        f.put("cuMemAlloc_v2", FunctionDescriptor.of(C_INT, C_POINTER, C_SIZE_T));
        f.put("cuMemFree_v2", FunctionDescriptor.of(C_INT, C_LONG_LONG));
        f.put("cuMemsetD32Async", FunctionDescriptor.of(C_INT, C_LONG_LONG, C_INT, C_SIZE_T, C_POINTER));
        f.put("cuMemcpyHtoDAsync_v2", FunctionDescriptor.of(C_INT, C_LONG_LONG, C_POINTER, C_SIZE_T, C_POINTER));
        f.put("cuMemcpyDtoHAsync_v2", FunctionDescriptor.of(C_INT, C_POINTER, C_LONG_LONG, C_SIZE_T, C_POINTER));
        f.put("cuMemcpyDtoDAsync_v2", FunctionDescriptor.of(C_INT, C_LONG_LONG, C_LONG_LONG, C_SIZE_T, C_POINTER));
        f.put("cuMemAllocHost_v2", FunctionDescriptor.of(C_INT, C_POINTER, C_SIZE_T));
        f.put("cuMemFreeHost", FunctionDescriptor.of(C_INT, C_POINTER));
        f.put("cuModuleLoadData", FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
        f.put("cuModuleGetFunction", FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER));
        f.put("cuModuleUnload", FunctionDescriptor.of(C_INT, C_POINTER));
        f.put("cuLaunchKernel", FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_INT, C_INT, C_INT, C_INT, C_INT,
                C_INT, C_POINTER, C_POINTER, C_POINTER));
        f.put("cuEventCreate", FunctionDescriptor.of(C_INT, C_POINTER, C_INT));
        f.put("cuEventRecord", FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
        f.put("cuEventSynchronize", FunctionDescriptor.of(C_INT, C_POINTER));
        f.put("cuEventElapsedTime_v2", FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER));
        f.put("cuEventDestroy_v2", FunctionDescriptor.of(C_INT, C_POINTER));
        f.put("cuStreamBeginCapture_v2", FunctionDescriptor.of(C_INT, C_POINTER, C_INT));
        f.put("cuStreamEndCapture", FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
        f.put("cuGraphInstantiateWithFlags", FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_LONG_LONG));
        f.put("cuGraphLaunch", FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
        f.put("cuGraphExecDestroy", FunctionDescriptor.of(C_INT, C_POINTER));
        f.put("cuGraphDestroy", FunctionDescriptor.of(C_INT, C_POINTER));
        return Collections.unmodifiableMap(f);
    }

    private final String library;
    private final MethodHandle cuGetErrorName;
    private final MethodHandle cuGetErrorString;
    private final MethodHandle cuInit;
    private final MethodHandle cuDriverGetVersion;
    private final MethodHandle cuDeviceGetCount;
    private final MethodHandle cuDeviceGet;
    private final MethodHandle cuDeviceGetName;
    private final MethodHandle cuDeviceGetAttribute;
    private final MethodHandle cuDevicePrimaryCtxRetain;
    private final MethodHandle cuDevicePrimaryCtxRelease;
    private final MethodHandle cuCtxSetCurrent;
    private final MethodHandle cuStreamCreate;
    private final MethodHandle cuStreamDestroy;
    private final MethodHandle cuStreamSynchronize;
    private final MethodHandle cuMemAlloc;
    private final MethodHandle cuMemFree;
    private final MethodHandle cuMemsetD32Async;
    private final MethodHandle cuMemcpyHtoDAsync;
    private final MethodHandle cuMemcpyDtoHAsync;
    private final MethodHandle cuMemcpyDtoDAsync;
    private final MethodHandle cuMemAllocHost;
    private final MethodHandle cuMemFreeHost;
    private final MethodHandle cuModuleLoadData;
    private final MethodHandle cuModuleGetFunction;
    private final MethodHandle cuModuleUnload;
    private final MethodHandle cuLaunchKernel;
    private final MethodHandle cuEventCreate;
    private final MethodHandle cuEventRecord;
    private final MethodHandle cuEventSynchronize;
    private final MethodHandle cuEventElapsedTime;
    private final MethodHandle cuEventDestroy;
    private final MethodHandle cuStreamBeginCapture;
    private final MethodHandle cuStreamEndCapture;
    private final MethodHandle cuGraphInstantiateWithFlags;
    private final MethodHandle cuGraphLaunch;
    private final MethodHandle cuGraphExecDestroy;
    private final MethodHandle cuGraphDestroy;

    Driver(NativeLibrary library) {
        this.library = library.fileName();
        Map<String, MethodHandle> h = library.bindAll(FUNCTIONS);
        cuGetErrorName = h.get("cuGetErrorName");
        cuGetErrorString = h.get("cuGetErrorString");
        cuInit = h.get("cuInit");
        cuDriverGetVersion = h.get("cuDriverGetVersion");
        cuDeviceGetCount = h.get("cuDeviceGetCount");
        cuDeviceGet = h.get("cuDeviceGet");
        cuDeviceGetName = h.get("cuDeviceGetName");
        cuDeviceGetAttribute = h.get("cuDeviceGetAttribute");
        cuDevicePrimaryCtxRetain = h.get("cuDevicePrimaryCtxRetain");
        cuDevicePrimaryCtxRelease = h.get("cuDevicePrimaryCtxRelease_v2");
        cuCtxSetCurrent = h.get("cuCtxSetCurrent");
        cuStreamCreate = h.get("cuStreamCreate");
        cuStreamDestroy = h.get("cuStreamDestroy_v2");
        cuStreamSynchronize = h.get("cuStreamSynchronize");
        cuMemAlloc = h.get("cuMemAlloc_v2");
        cuMemFree = h.get("cuMemFree_v2");
        cuMemsetD32Async = h.get("cuMemsetD32Async");
        cuMemcpyHtoDAsync = h.get("cuMemcpyHtoDAsync_v2");
        cuMemcpyDtoHAsync = h.get("cuMemcpyDtoHAsync_v2");
        cuMemcpyDtoDAsync = h.get("cuMemcpyDtoDAsync_v2");
        cuMemAllocHost = h.get("cuMemAllocHost_v2");
        cuMemFreeHost = h.get("cuMemFreeHost");
        cuModuleLoadData = h.get("cuModuleLoadData");
        cuModuleGetFunction = h.get("cuModuleGetFunction");
        cuModuleUnload = h.get("cuModuleUnload");
        cuLaunchKernel = h.get("cuLaunchKernel");
        cuEventCreate = h.get("cuEventCreate");
        cuEventRecord = h.get("cuEventRecord");
        cuEventSynchronize = h.get("cuEventSynchronize");
        cuEventElapsedTime = h.get("cuEventElapsedTime_v2");
        cuEventDestroy = h.get("cuEventDestroy_v2");
        cuStreamBeginCapture = h.get("cuStreamBeginCapture_v2");
        cuStreamEndCapture = h.get("cuStreamEndCapture");
        cuGraphInstantiateWithFlags = h.get("cuGraphInstantiateWithFlags");
        cuGraphLaunch = h.get("cuGraphLaunch");
        cuGraphExecDestroy = h.get("cuGraphExecDestroy");
        cuGraphDestroy = h.get("cuGraphDestroy");
    }

    /**
     * Opens the installed driver's {@code libcuda.so.1} through the system loader and binds it; does not initialise
     * it ({@link #init()}).
     *
     * @throws BackendException "no NVIDIA driver (libcuda.so.1 not found by the system loader)" on a machine
     *     without the driver, or naming the function an older driver lacks
     */
    public static Driver load() {
        NativeLibrary library;
        try {
            library = NativeLibrary.openFromSystemLoader(LIBRARY);
        } catch (IllegalArgumentException e) {
            throw new BackendException(noDriver(), e);
        }
        return new Driver(library);
    }

    /** Why the backend cannot run where the system loader finds no driver library. */
    public static String noDriver() {
        return "no NVIDIA driver (" + LIBRARY + " not found by the system loader)";
    }

    /** The library's file name, {@code libcuda.so.1}. */
    public String library() {
        return library;
    }

    // ---------------------------------------------------------------- errors

    /** The status's name, e.g. {@code CUDA_ERROR_OUT_OF_MEMORY}; "unrecognised CUresult" for a code the driver lacks. */
    public String errorName(int status) {
        return errorText(cuGetErrorName, status, "unrecognised CUresult");
    }

    /** The driver's description of the status, e.g. "out of memory"; empty for a code the driver lacks. */
    public String errorString(int status) {
        return errorText(cuGetErrorString, status, "");
    }

    private static String errorText(MethodHandle function, int status, String unknown) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment text = arena.allocate(C_POINTER);
            int result;
            try {
                result = (int) function.invokeExact(status, text);
            } catch (Throwable thrown) {
                throw NativeLibrary.unchecked(thrown);
            }
            String found = result == SUCCESS ? NativeLibrary.string(text.get(ValueLayout.ADDRESS, 0)) : null;
            return found == null ? unknown : found;
        }
    }

    /** Throws the {@link CudaException} for {@code status} unless it is {@code CUDA_SUCCESS}. */
    public void check(int status, String call) {
        if (status != SUCCESS) {
            throw new CudaException(library, call, status, errorName(status), errorString(status));
        }
    }

    // ---------------------------------------------------------------- initialisation and devices

    /** {@code cuInit(0)}: must come before any other call but the error and version queries. */
    public void init() {
        check(invokeInt(cuInit, 0), "cuInit");
    }

    /** The CUDA version the driver supports, as 1000 * major + 10 * minor (13000 for 13.0). */
    public int driverVersion() {
        return outInt(cuDriverGetVersion, "cuDriverGetVersion");
    }

    /** How many CUDA devices the driver sees. */
    public int deviceCount() {
        return outInt(cuDeviceGetCount, "cuDeviceGetCount");
    }

    /** The device handle of {@code ordinal}. */
    public int device(int ordinal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment device = arena.allocate(C_INT);
            int status;
            try {
                status = (int) cuDeviceGet.invokeExact(device, ordinal);
            } catch (Throwable thrown) {
                throw NativeLibrary.unchecked(thrown);
            }
            check(status, "cuDeviceGet");
            return device.get(C_INT, 0);
        }
    }

    /** The device's marketing name, e.g. "NVIDIA H200". */
    public String deviceName(int device) {
        int length = 256;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocate(length);
            int status;
            try {
                status = (int) cuDeviceGetName.invokeExact(name, length, device);
            } catch (Throwable thrown) {
                throw NativeLibrary.unchecked(thrown);
            }
            check(status, "cuDeviceGetName");
            return name.getString(0);
        }
    }

    /** One {@code CUdevice_attribute} of the device, e.g. {@link #ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR}. */
    public int deviceAttribute(int attribute, int device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(C_INT);
            int status;
            try {
                status = (int) cuDeviceGetAttribute.invokeExact(value, attribute, device);
            } catch (Throwable thrown) {
                throw NativeLibrary.unchecked(thrown);
            }
            check(status, "cuDeviceGetAttribute");
            return value.get(C_INT, 0);
        }
    }

    // ---------------------------------------------------------------- contexts and streams

    /** Retains the device's primary context (the one the CUDA runtime and cuBLAS share). */
    public MemorySegment primaryContextRetain(int device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment context = arena.allocate(C_POINTER);
            int status;
            try {
                status = (int) cuDevicePrimaryCtxRetain.invokeExact(context, device);
            } catch (Throwable thrown) {
                throw NativeLibrary.unchecked(thrown);
            }
            check(status, "cuDevicePrimaryCtxRetain");
            return context.get(ValueLayout.ADDRESS, 0);
        }
    }

    /** Releases one retain of the device's primary context; the last release destroys it. */
    public void primaryContextRelease(int device) {
        check(invokeInt(cuDevicePrimaryCtxRelease, device), "cuDevicePrimaryCtxRelease_v2");
    }

    /** Binds {@code context} to the calling thread. */
    public void setCurrent(MemorySegment context) {
        check(invokePointer(cuCtxSetCurrent, context), "cuCtxSetCurrent");
    }

    /** A new stream with {@code flags} ({@link #STREAM_NON_BLOCKING}). */
    public MemorySegment streamCreate(int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment stream = arena.allocate(C_POINTER);
            int status;
            try {
                status = (int) cuStreamCreate.invokeExact(stream, flags);
            } catch (Throwable thrown) {
                throw NativeLibrary.unchecked(thrown);
            }
            check(status, "cuStreamCreate");
            return stream.get(ValueLayout.ADDRESS, 0);
        }
    }

    public void streamDestroy(MemorySegment stream) {
        check(invokePointer(cuStreamDestroy, stream), "cuStreamDestroy_v2");
    }

    /** Waits until all work queued on the stream is done. */
    public void streamSynchronize(MemorySegment stream) {
        check(invokePointer(cuStreamSynchronize, stream), "cuStreamSynchronize");
    }

    // ---------------------------------------------------------------- memory

    /** {@code bytes} of device memory; returns its device address. */
    public long memAlloc(long bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment address = arena.allocate(C_LONG_LONG);
            int status;
            try {
                status = (int) cuMemAlloc.invokeExact(address, bytes);
            } catch (Throwable thrown) {
                throw NativeLibrary.unchecked(thrown);
            }
            check(status, "cuMemAlloc_v2");
            return address.get(C_LONG_LONG, 0);
        }
    }

    public void memFree(long address) {
        int status;
        try {
            status = (int) cuMemFree.invokeExact(address);
        } catch (Throwable thrown) {
            throw NativeLibrary.unchecked(thrown);
        }
        check(status, "cuMemFree_v2");
    }

    /** Queues on {@code stream} the setting of {@code count} 32-bit words at {@code address} to {@code value}. */
    public void memsetD32Async(long address, int value, long count, MemorySegment stream) {
        int status;
        try {
            status = (int) cuMemsetD32Async.invokeExact(address, value, count, stream);
        } catch (Throwable thrown) {
            throw NativeLibrary.unchecked(thrown);
        }
        check(status, "cuMemsetD32Async");
    }

    /** Queues a copy of {@code bytes} from host memory (pinned, for the copy to be asynchronous) to the device. */
    public void memcpyHtoDAsync(long device, MemorySegment host, long bytes, MemorySegment stream) {
        int status;
        try {
            status = (int) cuMemcpyHtoDAsync.invokeExact(device, host, bytes, stream);
        } catch (Throwable thrown) {
            throw NativeLibrary.unchecked(thrown);
        }
        check(status, "cuMemcpyHtoDAsync_v2");
    }

    /** Queues a copy of {@code bytes} from the device to host memory (pinned, for it to be asynchronous). */
    public void memcpyDtoHAsync(MemorySegment host, long device, long bytes, MemorySegment stream) {
        int status;
        try {
            status = (int) cuMemcpyDtoHAsync.invokeExact(host, device, bytes, stream);
        } catch (Throwable thrown) {
            throw NativeLibrary.unchecked(thrown);
        }
        check(status, "cuMemcpyDtoHAsync_v2");
    }

    /** Queues a copy of {@code bytes} from one place in device memory to another. */
    public void memcpyDtoDAsync(long to, long from, long bytes, MemorySegment stream) {
        int status;
        try {
            status = (int) cuMemcpyDtoDAsync.invokeExact(to, from, bytes, stream);
        } catch (Throwable thrown) {
            throw NativeLibrary.unchecked(thrown);
        }
        check(status, "cuMemcpyDtoDAsync_v2");
    }

    /** {@code bytes} of page-locked host memory, which the device copies to and from without staging. */
    public MemorySegment memAllocHost(long bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pointer = arena.allocate(C_POINTER);
            int status;
            try {
                status = (int) cuMemAllocHost.invokeExact(pointer, bytes);
            } catch (Throwable thrown) {
                throw NativeLibrary.unchecked(thrown);
            }
            check(status, "cuMemAllocHost_v2");
            return pointer.get(ValueLayout.ADDRESS, 0).reinterpret(bytes);
        }
    }

    public void memFreeHost(MemorySegment host) {
        check(invokePointer(cuMemFreeHost, host), "cuMemFreeHost");
    }

    // ---------------------------------------------------------------- modules and launches

    /** Loads a module from a NUL-terminated PTX (or cubin) image into the current context. */
    public MemorySegment moduleLoadData(MemorySegment image) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment module = arena.allocate(C_POINTER);
            int status;
            try {
                status = (int) cuModuleLoadData.invokeExact(module, image);
            } catch (Throwable thrown) {
                throw NativeLibrary.unchecked(thrown);
            }
            check(status, "cuModuleLoadData");
            return module.get(ValueLayout.ADDRESS, 0);
        }
    }

    /** The module's function named {@code name} (its {@code extern "C"} name). */
    public MemorySegment moduleGetFunction(MemorySegment module, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment function = arena.allocate(C_POINTER);
            int status;
            try {
                status = (int) cuModuleGetFunction.invokeExact(function, module, arena.allocateFrom(name));
            } catch (Throwable thrown) {
                throw NativeLibrary.unchecked(thrown);
            }
            check(status, "cuModuleGetFunction");
            return function.get(ValueLayout.ADDRESS, 0);
        }
    }

    public void moduleUnload(MemorySegment module) {
        check(invokePointer(cuModuleUnload, module), "cuModuleUnload");
    }

    /**
     * Queues a kernel launch on {@code stream}; {@code parameters} is the {@code void*[]} of pointers to each
     * argument, which the driver copies before returning.
     */
    public void launchKernel(MemorySegment function, int gridX, int gridY, int gridZ, int blockX, int blockY,
            int blockZ, int sharedBytes, MemorySegment stream, MemorySegment parameters) {
        int status;
        try {
            status = (int) cuLaunchKernel.invokeExact(function, gridX, gridY, gridZ, blockX, blockY, blockZ,
                    sharedBytes, stream, parameters, MemorySegment.NULL);
        } catch (Throwable thrown) {
            throw NativeLibrary.unchecked(thrown);
        }
        check(status, "cuLaunchKernel");
    }

    // ---------------------------------------------------------------- events

    public MemorySegment eventCreate(int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment event = arena.allocate(C_POINTER);
            int status;
            try {
                status = (int) cuEventCreate.invokeExact(event, flags);
            } catch (Throwable thrown) {
                throw NativeLibrary.unchecked(thrown);
            }
            check(status, "cuEventCreate");
            return event.get(ValueLayout.ADDRESS, 0);
        }
    }

    public void eventRecord(MemorySegment event, MemorySegment stream) {
        int status;
        try {
            status = (int) cuEventRecord.invokeExact(event, stream);
        } catch (Throwable thrown) {
            throw NativeLibrary.unchecked(thrown);
        }
        check(status, "cuEventRecord");
    }

    public void eventSynchronize(MemorySegment event) {
        check(invokePointer(cuEventSynchronize, event), "cuEventSynchronize");
    }

    /** Milliseconds between two recorded, completed events. */
    public float eventElapsedTime(MemorySegment start, MemorySegment end) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment millis = arena.allocate(C_FLOAT);
            int status;
            try {
                status = (int) cuEventElapsedTime.invokeExact(millis, start, end);
            } catch (Throwable thrown) {
                throw NativeLibrary.unchecked(thrown);
            }
            check(status, "cuEventElapsedTime_v2");
            return millis.get(C_FLOAT, 0);
        }
    }

    public void eventDestroy(MemorySegment event) {
        check(invokePointer(cuEventDestroy, event), "cuEventDestroy_v2");
    }

    // ---------------------------------------------------------------- graphs

    /** Starts recording the stream's work into a graph instead of running it. */
    public void streamBeginCapture(MemorySegment stream, int mode) {
        int status;
        try {
            status = (int) cuStreamBeginCapture.invokeExact(stream, mode);
        } catch (Throwable thrown) {
            throw NativeLibrary.unchecked(thrown);
        }
        check(status, "cuStreamBeginCapture_v2");
    }

    /** Ends the capture and returns the graph recorded. */
    public MemorySegment streamEndCapture(MemorySegment stream) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment graph = arena.allocate(C_POINTER);
            int status;
            try {
                status = (int) cuStreamEndCapture.invokeExact(stream, graph);
            } catch (Throwable thrown) {
                throw NativeLibrary.unchecked(thrown);
            }
            check(status, "cuStreamEndCapture");
            return graph.get(ValueLayout.ADDRESS, 0);
        }
    }

    /** An executable graph of {@code graph}, independent of it afterwards. */
    public MemorySegment graphInstantiate(MemorySegment graph, long flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment executable = arena.allocate(C_POINTER);
            int status;
            try {
                status = (int) cuGraphInstantiateWithFlags.invokeExact(executable, graph, flags);
            } catch (Throwable thrown) {
                throw NativeLibrary.unchecked(thrown);
            }
            check(status, "cuGraphInstantiateWithFlags");
            return executable.get(ValueLayout.ADDRESS, 0);
        }
    }

    public void graphLaunch(MemorySegment executable, MemorySegment stream) {
        int status;
        try {
            status = (int) cuGraphLaunch.invokeExact(executable, stream);
        } catch (Throwable thrown) {
            throw NativeLibrary.unchecked(thrown);
        }
        check(status, "cuGraphLaunch");
    }

    public void graphExecDestroy(MemorySegment executable) {
        check(invokePointer(cuGraphExecDestroy, executable), "cuGraphExecDestroy");
    }

    public void graphDestroy(MemorySegment graph) {
        check(invokePointer(cuGraphDestroy, graph), "cuGraphDestroy");
    }

    // ---------------------------------------------------------------- call shapes shared by several functions

    private static int invokeInt(MethodHandle function, int argument) {
        try {
            return (int) function.invokeExact(argument);
        } catch (Throwable thrown) {
            throw NativeLibrary.unchecked(thrown);
        }
    }

    private static int invokePointer(MethodHandle function, MemorySegment argument) {
        try {
            return (int) function.invokeExact(argument);
        } catch (Throwable thrown) {
            throw NativeLibrary.unchecked(thrown);
        }
    }

    private int outInt(MethodHandle function, String call) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(C_INT);
            int status;
            try {
                status = (int) function.invokeExact(value);
            } catch (Throwable thrown) {
                throw NativeLibrary.unchecked(thrown);
            }
            check(status, call);
            return value.get(C_INT, 0);
        }
    }
}
