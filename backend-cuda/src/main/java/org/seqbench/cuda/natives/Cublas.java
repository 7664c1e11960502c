package org.seqbench.cuda.natives;

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

/**
 * cuBLAS's v2 API ({@value CudaLibraries#CUBLAS}): handles, streams and the float32-storage GEMMs with an explicit
 * compute type. Signatures and enum values are those of CUDA 13.0's {@code cublas_api.h} (cuBLAS 13.0.0; read in
 * the public copy at github.com/leomaxwell972/CU13ToolKit_Includes, include/cublas_api.h), which this machine's
 * toolkit does not install, so the tests cannot check them against a header here; {@code cudaDataType} and
 * {@code libraryPropertyType} come from {@code library_types.h}, which it does, and are checked against it.
 */
public final class Cublas {
    /** {@code CUBLAS_STATUS_SUCCESS}. */
    public static final int STATUS_SUCCESS = 0;

    /** {@code cublasOperation_t}: {@code CUBLAS_OP_N}, the matrix as stored. */
    public static final int OP_N = 0;
    /** {@code cublasOperation_t}: {@code CUBLAS_OP_T}, the matrix transposed. */
    public static final int OP_T = 1;

    /** {@code cudaDataType}: {@code CUDA_R_32F}, real float32 (library_types.h). */
    public static final int CUDA_R_32F = 0;

    /** {@code cublasComputeType_t}: {@code CUBLAS_COMPUTE_32F}, float32 arithmetic throughout. */
    public static final int COMPUTE_32F = 68;
    /** {@code cublasComputeType_t}: {@code CUBLAS_COMPUTE_32F_FAST_16BF}, inputs may be rounded to bfloat16. */
    public static final int COMPUTE_32F_FAST_16BF = 75;
    /** {@code cublasComputeType_t}: {@code CUBLAS_COMPUTE_32F_FAST_TF32}, inputs may be rounded to TF32. */
    public static final int COMPUTE_32F_FAST_TF32 = 77;

    /** {@code cublasGemmAlgo_t}: {@code CUBLAS_GEMM_DEFAULT}, cuBLAS's heuristics pick the algorithm. */
    public static final int GEMM_DEFAULT = -1;

    /** {@code cublasMath_t}: {@code CUBLAS_DEFAULT_MATH}, no reduced precision beyond what the compute type allows. */
    public static final int DEFAULT_MATH = 0;

    /** {@code libraryPropertyType} (library_types.h): {@code MAJOR_VERSION}, {@code MINOR_VERSION}, {@code PATCH_LEVEL}. */
    public static final int MAJOR_VERSION = 0;
    public static final int MINOR_VERSION = 1;
    public static final int PATCH_LEVEL = 2;

    /** {@code cublasStatus_t}'s values, names and what they mean (cublas_api.h and the cuBLAS guide). */
    static final Map<Integer, String[]> STATUSES = Map.of(
            0, new String[] {"CUBLAS_STATUS_SUCCESS", "the operation completed successfully"},
            1, new String[] {"CUBLAS_STATUS_NOT_INITIALIZED", "the cuBLAS library was not initialised"},
            3, new String[] {"CUBLAS_STATUS_ALLOC_FAILED", "cuBLAS could not allocate the resources it needs"},
            7, new String[] {"CUBLAS_STATUS_INVALID_VALUE", "an unsupported value or parameter was passed"},
            8, new String[] {"CUBLAS_STATUS_ARCH_MISMATCH", "the device lacks a feature the function needs"},
            11, new String[] {"CUBLAS_STATUS_MAPPING_ERROR", "an access to GPU memory failed"},
            13, new String[] {"CUBLAS_STATUS_EXECUTION_FAILED", "the GPU program failed to execute"},
            14, new String[] {"CUBLAS_STATUS_INTERNAL_ERROR", "an internal cuBLAS operation failed"},
            15, new String[] {"CUBLAS_STATUS_NOT_SUPPORTED", "the functionality requested is not supported"},
            16, new String[] {"CUBLAS_STATUS_LICENSE_ERROR", "the functionality requested needs a licence"});

    /** Every function bound: the symbol and its C signature (C enums are ints). */
    static final Map<String, FunctionDescriptor> FUNCTIONS = functions();

    private static Map<String, FunctionDescriptor> functions() {
        Map<String, FunctionDescriptor> f = new LinkedHashMap<>();
        f.put("cublasCreate_v2", FunctionDescriptor.of(C_INT, C_POINTER));
        f.put("cublasDestroy_v2", FunctionDescriptor.of(C_INT, C_POINTER));
        f.put("cublasGetVersion_v2", FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
        f.put("cublasGetProperty", FunctionDescriptor.of(C_INT, C_INT, C_POINTER));
        f.put("cublasSetStream_v2", FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
        f.put("cublasSetWorkspace_v2", FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_SIZE_T));
        f.put("cublasSetMathMode", FunctionDescriptor.of(C_INT, C_POINTER, C_INT));
        // handle, transa, transb, m, n, k, alpha, A, Atype, lda, B, Btype, ldb, beta, C, Ctype, ldc, computeType, algo
        f.put("cublasGemmEx", FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_INT, C_INT, C_INT, C_INT,
                C_POINTER, C_POINTER, C_INT, C_INT, C_POINTER, C_INT, C_INT, C_POINTER, C_POINTER, C_INT, C_INT,
                C_INT, C_INT));
        // as cublasGemmEx, with a long long stride after each matrix's leading dimension and the batch count last
        f.put("cublasGemmStridedBatchedEx", FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_INT, C_INT, C_INT,
                C_INT, C_POINTER, C_POINTER, C_INT, C_INT, C_LONG_LONG, C_POINTER, C_INT, C_INT, C_LONG_LONG,
                C_POINTER, C_POINTER, C_INT, C_INT, C_LONG_LONG, C_INT, C_INT, C_INT));
        return Collections.unmodifiableMap(f);
    }

    private final CudaLibraries.Located located;
    private final String library;
    private final MethodHandle cublasCreate;
    private final MethodHandle cublasDestroy;
    private final MethodHandle cublasGetVersion;
    private final MethodHandle cublasGetProperty;
    private final MethodHandle cublasSetStream;
    private final MethodHandle cublasSetWorkspace;
    private final MethodHandle cublasSetMathMode;
    private final MethodHandle cublasGemmEx;
    private final MethodHandle cublasGemmStridedBatchedEx;

    Cublas(CudaLibraries.Located located, NativeLibrary library) {
        this.located = located;
        this.library = library.fileName();
        Map<String, MethodHandle> h = library.bindAll(FUNCTIONS);
        cublasCreate = h.get("cublasCreate_v2");
        cublasDestroy = h.get("cublasDestroy_v2");
        cublasGetVersion = h.get("cublasGetVersion_v2");
        cublasGetProperty = h.get("cublasGetProperty");
        cublasSetStream = h.get("cublasSetStream_v2");
        cublasSetWorkspace = h.get("cublasSetWorkspace_v2");
        cublasSetMathMode = h.get("cublasSetMathMode");
        cublasGemmEx = h.get("cublasGemmEx");
        cublasGemmStridedBatchedEx = h.get("cublasGemmStridedBatchedEx");
    }

    /**
     * Opens cuBLAS where the search found it, after the cuBLASLt beside it, which cuBLAS needs by name.
     *
     * @throws org.seqbench.spi.BackendException when the library cannot be opened or lacks a function
     */
    public static Cublas load(CudaLibraries.Located located) {
        NativeLibrary.openCompanions(located, "libcublasLt.so.13");
        return new Cublas(located, NativeLibrary.open(located));
    }

    /** Where the library was found. */
    public CudaLibraries.Located located() {
        return located;
    }

    /** The status's name, e.g. {@code CUBLAS_STATUS_INVALID_VALUE}. */
    public static String statusName(int status) {
        String[] known = STATUSES.get(status);
        return known == null ? "unrecognised cublasStatus_t" : known[0];
    }

    /** What the status means; empty for a code cuBLAS 13 does not define. */
    public static String statusMessage(int status) {
        String[] known = STATUSES.get(status);
        return known == null ? "" : known[1];
    }

    /** Throws the {@link CudaException} for {@code status} unless it is {@code CUBLAS_STATUS_SUCCESS}. */
    static void check(String library, int status, String call) {
        if (status != STATUS_SUCCESS) {
            throw new CudaException(library, call, status, statusName(status), statusMessage(status));
        }
    }

    private void check(int status, String call) {
        check(library, status, call);
    }

    /** A handle, bound to the current context. */
    public MemorySegment create() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment handle = arena.allocate(C_POINTER);
            int status;
            try {
                status = (int) cublasCreate.invokeExact(handle);
            } catch (Throwable thrown) {
                throw NativeLibrary.unchecked(thrown);
            }
            check(status, "cublasCreate_v2");
            return handle.get(ValueLayout.ADDRESS, 0);
        }
    }

    public void destroy(MemorySegment handle) {
        int status;
        try {
            status = (int) cublasDestroy.invokeExact(handle);
        } catch (Throwable thrown) {
            throw NativeLibrary.unchecked(thrown);
        }
        check(status, "cublasDestroy_v2");
    }

    /** The library's version as major * 10000 + minor * 100 + patch (130000 for 13.0.0). */
    public int version(MemorySegment handle) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment version = arena.allocate(C_INT);
            int status;
            try {
                status = (int) cublasGetVersion.invokeExact(handle, version);
            } catch (Throwable thrown) {
                throw NativeLibrary.unchecked(thrown);
            }
            check(status, "cublasGetVersion_v2");
            return version.get(C_INT, 0);
        }
    }

    /** The library's release, e.g. "13.0.0", read without a handle (and so without a context). */
    public String release() {
        return property(MAJOR_VERSION) + "." + property(MINOR_VERSION) + "." + property(PATCH_LEVEL);
    }

    private int property(int type) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(C_INT);
            int status;
            try {
                status = (int) cublasGetProperty.invokeExact(type, value);
            } catch (Throwable thrown) {
                throw NativeLibrary.unchecked(thrown);
            }
            check(status, "cublasGetProperty");
            return value.get(C_INT, 0);
        }
    }

    /** Makes the handle queue its work on {@code stream}. */
    public void setStream(MemorySegment handle, MemorySegment stream) {
        int status;
        try {
            status = (int) cublasSetStream.invokeExact(handle, stream);
        } catch (Throwable thrown) {
            throw NativeLibrary.unchecked(thrown);
        }
        check(status, "cublasSetStream_v2");
    }

    /**
     * Gives the handle a workspace of its own, so that it allocates nothing while a stream is captured into a
     * graph (cuBLAS guide, "CUDA Graphs Support").
     */
    public void setWorkspace(MemorySegment handle, long deviceAddress, long bytes) {
        int status;
        try {
            status = (int) cublasSetWorkspace.invokeExact(handle, MemorySegment.ofAddress(deviceAddress), bytes);
        } catch (Throwable thrown) {
            throw NativeLibrary.unchecked(thrown);
        }
        check(status, "cublasSetWorkspace_v2");
    }

    public void setMathMode(MemorySegment handle, int mode) {
        int status;
        try {
            status = (int) cublasSetMathMode.invokeExact(handle, mode);
        } catch (Throwable thrown) {
            throw NativeLibrary.unchecked(thrown);
        }
        check(status, "cublasSetMathMode");
    }

    /**
     * {@code C = alpha op(A) op(B) + beta C}, column-major, all three float32 ({@link #CUDA_R_32F}) in device
     * memory; {@code alpha} and {@code beta} are host floats.
     */
    public void gemmEx(MemorySegment handle, int transA, int transB, int m, int n, int k, float alpha, long a,
            int lda, long b, int ldb, float beta, long c, int ldc, int computeType) {
        try (Arena arena = Arena.ofConfined()) {
            int status;
            try {
                status = (int) cublasGemmEx.invokeExact(handle, transA, transB, m, n, k,
                        arena.allocateFrom(ValueLayout.JAVA_FLOAT, alpha), MemorySegment.ofAddress(a), CUDA_R_32F, lda,
                        MemorySegment.ofAddress(b), CUDA_R_32F, ldb, arena.allocateFrom(ValueLayout.JAVA_FLOAT, beta),
                        MemorySegment.ofAddress(c), CUDA_R_32F, ldc, computeType, GEMM_DEFAULT);
            } catch (Throwable thrown) {
                throw NativeLibrary.unchecked(thrown);
            }
            check(status, "cublasGemmEx");
        }
    }

    /** {@link #gemmEx} over {@code batch} matrices, each {@code stride} floats after the one before. */
    public void gemmStridedBatchedEx(MemorySegment handle, int transA, int transB, int m, int n, int k, float alpha,
            long a, int lda, long strideA, long b, int ldb, long strideB, float beta, long c, int ldc, long strideC,
            int batch, int computeType) {
        try (Arena arena = Arena.ofConfined()) {
            int status;
            try {
                status = (int) cublasGemmStridedBatchedEx.invokeExact(handle, transA, transB, m, n, k,
                        arena.allocateFrom(ValueLayout.JAVA_FLOAT, alpha), MemorySegment.ofAddress(a), CUDA_R_32F, lda,
                        strideA, MemorySegment.ofAddress(b), CUDA_R_32F, ldb, strideB,
                        arena.allocateFrom(ValueLayout.JAVA_FLOAT, beta), MemorySegment.ofAddress(c), CUDA_R_32F, ldc,
                        strideC, batch, computeType, GEMM_DEFAULT);
            } catch (Throwable thrown) {
                throw NativeLibrary.unchecked(thrown);
            }
            check(status, "cublasGemmStridedBatchedEx");
        }
    }
}
