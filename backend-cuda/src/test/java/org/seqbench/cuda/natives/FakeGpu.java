package org.seqbench.cuda.natives;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The driver, NVRTC and cuBLAS played in Java over host memory, for testing the layers above the bindings on a
 * machine without a GPU: device memory is host memory (so copies, fills and GEMMs really move and compute floats),
 * an access outside every allocation fails as the GPU would, kernel launches and graph replays are recorded with
 * their decoded parameters. It runs through the real bindings ({@link Driver}, {@link Cublas}, {@link Nvrtc}) on
 * {@link StandInLibrary}s, so every call site is exercised with its exact types too.
 */
public final class FakeGpu implements StandInLibrary.Answer {
    /** One recorded kernel launch: the function handle, grid and block sizes, and each parameter's 8 raw bytes. */
    public record Launch(long function, int[] grid, int[] block, int sharedBytes, List<Long> parameters) {
    }

    private final Arena arena = Arena.ofShared();
    private final TreeMap<Long, MemorySegment> allocations = new TreeMap<>();
    private final Map<Long, String> functionNames = new HashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final List<Launch> launches = new ArrayList<>();
    private final List<Launch> captured = new ArrayList<>();
    private final Map<Long, List<Launch>> graphs = new HashMap<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private String deviceName = "NVIDIA Fake H200";
    private int driverVersion = 13000;
    private int devices = 1;
    private boolean capturing;
    private long nextHandle = 0x1000;
    private int gemms;
    private int lastComputeType = -1;
    private String compileLog;
    private boolean ptxTooNew;
    private final List<String> loadedImages = new ArrayList<>();

    /** The toolkit over this fake, as {@link CudaToolkit#shared()} would open it on a GPU machine. */
    public CudaToolkit toolkit() {
        return new CudaToolkit(driver(), driverVersion, nvrtc(systemLoader(CudaLibraries.NVRTC)),
                cublas(systemLoader(CudaLibraries.CUBLAS)));
    }

    private static CudaLibraries.Located systemLoader(String library) {
        return new CudaLibraries.Located(library, Optional.empty(), "the system loader");
    }

    /** The driver bindings over this fake. */
    public Driver driver() {
        return new Driver(StandInLibrary.of(Driver.LIBRARY, this));
    }

    /** The NVRTC bindings over this fake, as if found at {@code located}. */
    public Nvrtc nvrtc(CudaLibraries.Located located) {
        return new Nvrtc(located, StandInLibrary.of(located.library(), this));
    }

    /** The cuBLAS bindings over this fake, as if found at {@code located}. */
    public Cublas cublas(CudaLibraries.Located located) {
        return new Cublas(located, StandInLibrary.of(located.library(), this));
    }

    /** Makes NVRTC refuse every source from now on, with {@code log} as its compiler log. */
    public FakeGpu compilationFails(String log) {
        this.compileLog = log;
        return this;
    }

    /** Makes the driver refuse every PTX image as newer than it can compile, as an older driver would. */
    public FakeGpu ptxTooNew() {
        this.ptxTooNew = true;
        return this;
    }

    /** The kinds of the module images loaded ("ptx" or "cubin"), in order. */
    public List<String> loadedImages() {
        return loadedImages;
    }

    /** The compute type of the last GEMM. */
    public int lastComputeType() {
        return lastComputeType;
    }

    /** Makes {@code symbol} return {@code status} from now on (0 to succeed again). */
    public FakeGpu failing(String symbol, int status) {
        failures.put(symbol, status);
        return this;
    }

    public FakeGpu named(String name) {
        this.deviceName = name;
        return this;
    }

    public FakeGpu driverVersion(int version) {
        this.driverVersion = version;
        return this;
    }

    public FakeGpu devices(int count) {
        this.devices = count;
        return this;
    }

    /** Every function called, in order. */
    public List<String> calls() {
        return calls;
    }

    /** The kernels launched directly on the stream, and those a graph replay ran, in order. */
    public List<Launch> launches() {
        return launches;
    }

    /** The name a launched function was looked up by. */
    public String functionName(long function) {
        return functionNames.get(function);
    }

    /** How many device allocations are live. */
    public int liveAllocations() {
        return allocations.size();
    }

    /** How many GEMMs cuBLAS computed. */
    public int gemms() {
        return gemms;
    }

    @Override
    public Object call(String symbol, Class<?> returns, Object[] args) {
        calls.add(symbol);
        Integer failure = failures.get(symbol);
        if (failure != null && failure != 0) {
            return failure;
        }
        return switch (symbol) {
            case "cuGetErrorName" -> text(args[1], errorName((int) args[0]));
            case "cuGetErrorString" -> text(args[1], "a status the fake GPU returned");
            case "cuDriverGetVersion" -> putInt(args[0], driverVersion);
            case "cuDeviceGetCount" -> putInt(args[0], devices);
            case "cuDeviceGet" -> putInt(args[0], (int) args[1]);
            case "cuDeviceGetName" -> {
                MemorySegment name = (MemorySegment) args[0];
                name.setString(0, deviceName);
                yield 0;
            }
            case "cuDeviceGetAttribute" -> putInt(args[0], switch ((int) args[1]) {
                case Driver.ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR -> 9;
                case Driver.ATTRIBUTE_COMPUTE_CAPABILITY_MINOR -> 0;
                default -> 0;
            });
            case "cuModuleLoadData" -> {
                if (((MemorySegment) args[1]).equals(MemorySegment.NULL)) {
                    yield 1; // CUDA_ERROR_INVALID_VALUE, as the driver answers a null image
                }
                MemorySegment image = ((MemorySegment) args[1]).reinterpret(4);
                boolean isPtx = image.get(ValueLayout.JAVA_BYTE, 0) != 0x7f;
                loadedImages.add(isPtx ? "ptx" : "cubin");
                yield isPtx && ptxTooNew ? Driver.ERROR_UNSUPPORTED_PTX_VERSION : putHandle(args[0]);
            }
            case "cuDevicePrimaryCtxRetain", "cuStreamCreate", "cuEventCreate", "cublasCreate_v2",
                    "nvrtcCreateProgram" -> putHandle(args[0]);
            case "cuMemAlloc_v2" -> {
                long bytes = (long) args[1];
                MemorySegment memory = arena.allocate(bytes, 256);
                allocations.put(memory.address(), memory);
                ((MemorySegment) args[0]).set(ValueLayout.JAVA_LONG, 0, memory.address());
                yield 0;
            }
            case "cuMemFree_v2" -> allocations.remove((long) args[0]) == null ? 1 : 0;
            case "cuMemsetD32Async" -> {
                MemorySegment target = device((long) args[0], (long) args[2] * Integer.BYTES);
                for (long i = 0; i < (long) args[2]; i++) {
                    target.setAtIndex(ValueLayout.JAVA_INT, i, (int) args[1]);
                }
                yield 0;
            }
            case "cuMemcpyHtoDAsync_v2" -> {
                long bytes = (long) args[2];
                MemorySegment.copy(((MemorySegment) args[1]).reinterpret(bytes), 0, device((long) args[0], bytes), 0,
                        bytes);
                yield 0;
            }
            case "cuMemcpyDtoHAsync_v2" -> {
                long bytes = (long) args[2];
                MemorySegment.copy(device((long) args[1], bytes), 0, ((MemorySegment) args[0]).reinterpret(bytes), 0,
                        bytes);
                yield 0;
            }
            case "cuMemcpyDtoDAsync_v2" -> {
                long bytes = (long) args[2];
                MemorySegment.copy(device((long) args[1], bytes), 0, device((long) args[0], bytes), 0, bytes);
                yield 0;
            }
            case "cuMemAllocHost_v2" -> {
                MemorySegment pinned = arena.allocate((long) args[1], 4096);
                ((MemorySegment) args[0]).set(ValueLayout.ADDRESS, 0, pinned);
                yield 0;
            }
            case "cuModuleGetFunction" -> {
                String name = ((MemorySegment) args[2]).reinterpret(Long.MAX_VALUE).getString(0);
                if (name.startsWith("missing")) {
                    yield Driver.ERROR_NOT_FOUND;
                }
                long handle = nextHandle++;
                functionNames.put(handle, name);
                ((MemorySegment) args[0]).set(ValueLayout.JAVA_LONG, 0, handle);
                yield 0;
            }
            case "cuLaunchKernel" -> {
                MemorySegment parameters = (MemorySegment) args[9];
                List<Long> values = new ArrayList<>();
                for (long i = 0; i < parameters.byteSize() / ValueLayout.ADDRESS.byteSize(); i++) {
                    MemorySegment slot = parameters.getAtIndex(ValueLayout.ADDRESS, i);
                    values.add(slot.equals(MemorySegment.NULL) ? 0 : slot.reinterpret(8).get(ValueLayout.JAVA_LONG, 0));
                }
                Launch launch = new Launch(((MemorySegment) args[0]).address(),
                        new int[] {(int) args[1], (int) args[2], (int) args[3]},
                        new int[] {(int) args[4], (int) args[5], (int) args[6]}, (int) args[7], values);
                (capturing ? captured : launches).add(launch);
                yield 0;
            }
            case "cuEventElapsedTime_v2" -> {
                ((MemorySegment) args[0]).set(ValueLayout.JAVA_FLOAT, 0, 1.25f);
                yield 0;
            }
            case "cuStreamBeginCapture_v2" -> {
                capturing = true;
                captured.clear();
                yield 0;
            }
            case "cuStreamEndCapture" -> {
                capturing = false;
                long graph = nextHandle++;
                graphs.put(graph, List.copyOf(captured));
                ((MemorySegment) args[1]).set(ValueLayout.JAVA_LONG, 0, graph);
                yield 0;
            }
            case "cuGraphInstantiateWithFlags" -> {
                long executable = nextHandle++;
                graphs.put(executable, graphs.get(((MemorySegment) args[1]).address()));
                ((MemorySegment) args[0]).set(ValueLayout.JAVA_LONG, 0, executable);
                yield 0;
            }
            case "cuGraphLaunch" -> {
                launches.addAll(graphs.get(((MemorySegment) args[0]).address()));
                yield 0;
            }
            case "cuGraphDestroy", "cuGraphExecDestroy" -> graphs.remove(((MemorySegment) args[0]).address()) == null
                    ? 1 : 0;
            case "cublasGemmEx" -> gemm(args, false);
            case "cublasGemmStridedBatchedEx" -> gemm(args, true);
            case "cublasGetVersion_v2" -> putInt(args[1], 130000);
            case "cublasGetProperty" -> putInt(args[1], (int) args[0] == Cublas.MAJOR_VERSION ? 13 : 0);
            case "nvrtcVersion" -> {
                putInt(args[0], 13);
                yield putInt(args[1], 0);
            }
            case "nvrtcGetErrorString" -> arena.allocateFrom((int) args[0] == Nvrtc.ERROR_COMPILATION
                    ? "NVRTC_ERROR_COMPILATION" : "NVRTC_ERROR " + args[0]);
            case "nvrtcCompileProgram" -> compileLog == null ? 0 : Nvrtc.ERROR_COMPILATION;
            case "nvrtcGetProgramLogSize" -> putSize(args[1], compileLog == null ? "" : compileLog);
            case "nvrtcGetProgramLog" -> putText(args[1], compileLog == null ? "" : compileLog);
            case "nvrtcGetPTXSize" -> putSize(args[1], PTX);
            case "nvrtcGetPTX" -> putText(args[1], PTX);
            case "nvrtcGetCUBINSize" -> {
                ((MemorySegment) args[1]).set(ValueLayout.JAVA_LONG, 0, CUBIN.length);
                yield 0;
            }
            case "nvrtcGetCUBIN" -> {
                MemorySegment.copy(CUBIN, 0, (MemorySegment) args[1], ValueLayout.JAVA_BYTE, 0, CUBIN.length);
                yield 0;
            }
            default -> StandInLibrary.success(returns);
        };
    }

    private static String errorName(int status) {
        return switch (status) {
            case 1 -> "CUDA_ERROR_INVALID_VALUE";
            case 2 -> "CUDA_ERROR_OUT_OF_MEMORY";
            case 100 -> "CUDA_ERROR_NO_DEVICE";
            case Driver.ERROR_NOT_FOUND -> "CUDA_ERROR_NOT_FOUND";
            case Driver.ERROR_UNSUPPORTED_PTX_VERSION -> "CUDA_ERROR_UNSUPPORTED_PTX_VERSION";
            default -> "CUDA_ERROR_UNKNOWN";
        };
    }

    private Object text(Object slot, String text) {
        ((MemorySegment) slot).set(ValueLayout.ADDRESS, 0, arena.allocateFrom(text, StandardCharsets.UTF_8));
        return 0;
    }

    /** What the fake NVRTC compiles every source to. */
    public static final String PTX = "// PTX of the fake NVRTC\n";
    /** What the fake NVRTC compiles every source to for a real architecture: an ELF header's first bytes. */
    static final byte[] CUBIN = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};

    private static Object putSize(Object slot, String text) {
        ((MemorySegment) slot).set(ValueLayout.JAVA_LONG, 0, text.getBytes(StandardCharsets.UTF_8).length + 1L);
        return 0;
    }

    private static Object putText(Object slot, String text) {
        ((MemorySegment) slot).setString(0, text, StandardCharsets.UTF_8);
        return 0;
    }

    private static Object putInt(Object slot, int value) {
        ((MemorySegment) slot).set(ValueLayout.JAVA_INT, 0, value);
        return 0;
    }

    private Object putHandle(Object slot) {
        ((MemorySegment) slot).set(ValueLayout.JAVA_LONG, 0, nextHandle++);
        return 0;
    }

    /** The host memory standing for {@code bytes} of device memory at {@code address}, as the GPU would check it. */
    private MemorySegment device(long address, long bytes) {
        Map.Entry<Long, MemorySegment> allocation = allocations.floorEntry(address);
        if (allocation == null || address + bytes > allocation.getKey() + allocation.getValue().byteSize()) {
            throw new IllegalStateException("the fake GPU's illegal address: " + bytes + " bytes at 0x"
                    + Long.toHexString(address) + " are outside every allocation");
        }
        return allocation.getValue().asSlice(address - allocation.getKey(), bytes);
    }

    /** cuBLAS's column-major GEMM over float32 storage, computed here in float64. */
    private Object gemm(Object[] args, boolean batched) {
        int transA = (int) args[1];
        int transB = (int) args[2];
        int m = (int) args[3];
        int n = (int) args[4];
        int k = (int) args[5];
        float alpha = ((MemorySegment) args[6]).reinterpret(4).get(ValueLayout.JAVA_FLOAT, 0);
        long a = ((MemorySegment) args[7]).address();
        int lda = (int) args[9];
        int at = batched ? 11 : 10;
        long strideA = batched ? (long) args[10] : 0;
        long b = ((MemorySegment) args[at]).address();
        int ldb = (int) args[at + 2];
        long strideB = batched ? (long) args[at + 3] : 0;
        int ct = batched ? 15 : 13;
        float beta = ((MemorySegment) args[ct]).reinterpret(4).get(ValueLayout.JAVA_FLOAT, 0);
        long c = ((MemorySegment) args[ct + 1]).address();
        int ldc = (int) args[ct + 3];
        long strideC = batched ? (long) args[ct + 4] : 0;
        int batch = batched ? (int) args[ct + 5] : 1;
        lastComputeType = (int) args[batched ? 21 : 17];
        for (int type : new int[] {(int) args[8], (int) args[at + 1], (int) args[ct + 2]}) {
            if (type != Cublas.CUDA_R_32F) {
                return 7;
            }
        }
        for (int p = 0; p < batch; p++) {
            long aFirst = a + p * strideA * Float.BYTES;
            long bFirst = b + p * strideB * Float.BYTES;
            long cFirst = c + p * strideC * Float.BYTES;
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < m; i++) {
                    double sum = 0;
                    for (int q = 0; q < k; q++) {
                        long left = transA == Cublas.OP_T ? q + (long) i * lda : i + (long) q * lda;
                        long right = transB == Cublas.OP_T ? j + (long) q * ldb : q + (long) j * ldb;
                        sum += (double) device(aFirst + left * Float.BYTES, 4).get(ValueLayout.JAVA_FLOAT, 0)
                                * device(bFirst + right * Float.BYTES, 4).get(ValueLayout.JAVA_FLOAT, 0);
                    }
                    MemorySegment out = device(cFirst + (i + (long) j * ldc) * Float.BYTES, 4);
                    float old = beta == 0 ? 0 : out.get(ValueLayout.JAVA_FLOAT, 0);
                    out.set(ValueLayout.JAVA_FLOAT, 0, (float) (alpha * sum + beta * old));
                }
            }
        }
        gemms++;
        return 0;
    }
}
