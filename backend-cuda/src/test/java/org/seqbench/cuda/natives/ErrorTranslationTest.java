package org.seqbench.cuda.natives;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.Arena;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.seqbench.spi.BackendException;

/**
 * Status codes become sentences naming the library, the call, the code and what the library calls it; the binding
 * machinery fails with sentences too (a library that cannot be opened, a function it lacks). The driver's and
 * NVRTC's own names come from the libraries at run time (cuGetErrorName, nvrtcGetErrorString), so here they are
 * played by the exception's constructor; cuBLAS's come from a table, checked whole.
 */
class ErrorTranslationTest {

    @Test
    void aFailedCallNamesTheLibraryTheCallTheStatusAndItsMeaning() {
        CudaException error = new CudaException("libcuda.so.1", "cuMemAlloc_v2", 2, "CUDA_ERROR_OUT_OF_MEMORY",
                "out of memory");
        assertEquals("cuMemAlloc_v2 failed in libcuda.so.1 with CUDA_ERROR_OUT_OF_MEMORY (2): out of memory",
                error.getMessage());
        assertEquals("libcuda.so.1", error.library());
        assertEquals("cuMemAlloc_v2", error.call());
        assertEquals(2, error.status());
        assertEquals("CUDA_ERROR_OUT_OF_MEMORY", error.statusName());
        assertTrue(error instanceof BackendException, "a CUDA failure is a backend failure to the harness");
    }

    @Test
    void cublasStatusesAreTranslatedByTheirTable() {
        CudaException error = assertThrows(CudaException.class,
                () -> Cublas.check(CudaLibraries.CUBLAS, 7, "cublasGemmEx"));
        assertEquals("cublasGemmEx failed in libcublas.so.13 with CUBLAS_STATUS_INVALID_VALUE (7): an unsupported "
                + "value or parameter was passed", error.getMessage());
        assertDoesNotThrow(() -> Cublas.check(CudaLibraries.CUBLAS, Cublas.STATUS_SUCCESS, "cublasGemmEx"));

        CudaException unknown = assertThrows(CudaException.class,
                () -> Cublas.check(CudaLibraries.CUBLAS, 99, "cublasCreate_v2"));
        assertEquals("cublasCreate_v2 failed in libcublas.so.13 with unrecognised cublasStatus_t (99)",
                unknown.getMessage());
    }

    /** cublas_api.h 13.0's cublasStatus_t, every value: none may be missing from the table or misnamed. */
    @Test
    void theCublasTableHasEveryStatusOfCublas13() {
        Map<Integer, String> expected = Map.of(0, "CUBLAS_STATUS_SUCCESS", 1, "CUBLAS_STATUS_NOT_INITIALIZED",
                3, "CUBLAS_STATUS_ALLOC_FAILED", 7, "CUBLAS_STATUS_INVALID_VALUE", 8, "CUBLAS_STATUS_ARCH_MISMATCH",
                11, "CUBLAS_STATUS_MAPPING_ERROR", 13, "CUBLAS_STATUS_EXECUTION_FAILED",
                14, "CUBLAS_STATUS_INTERNAL_ERROR", 15, "CUBLAS_STATUS_NOT_SUPPORTED",
                16, "CUBLAS_STATUS_LICENSE_ERROR");
        assertEquals(expected.keySet(), Cublas.STATUSES.keySet());
        expected.forEach((status, name) -> {
            assertEquals(name, Cublas.statusName(status));
            assertTrue(!Cublas.statusMessage(status).isBlank(), name + " has a meaning");
        });
    }

    @Test
    void aKernelThatDoesNotCompileCarriesNvrtcsLog() {
        CudaException error = Nvrtc.compilationFailed(CudaLibraries.NVRTC, "recurrent.cu",
                List.of("--gpu-architecture=compute_90", "--std=c++17"), Nvrtc.ERROR_COMPILATION,
                "NVRTC_ERROR_COMPILATION", "recurrent.cu(3): error: identifier \"h\" is undefined\n\n"
                        + "1 error detected in the compilation of \"recurrent.cu\".\n");
        assertEquals("nvrtcCompileProgram failed in libnvrtc.so.13 with NVRTC_ERROR_COMPILATION (6); recurrent.cu did "
                + "not compile with --gpu-architecture=compute_90 --std=c++17; NVRTC's log:\n"
                + "recurrent.cu(3): error: identifier \"h\" is undefined\n\n"
                + "1 error detected in the compilation of \"recurrent.cu\".", error.getMessage());

        CudaException silent = Nvrtc.compilationFailed(CudaLibraries.NVRTC, "common.cu", List.of(), 5,
                "NVRTC_ERROR_INVALID_OPTION", "");
        assertEquals("nvrtcCompileProgram failed in libnvrtc.so.13 with NVRTC_ERROR_INVALID_OPTION (5); common.cu "
                + "did not compile with no options (NVRTC wrote no log)", silent.getMessage());
    }

    @Test
    void aDriverTooOldSaysWhatItSupportsAndWhatIsNeeded() {
        assertEquals("the NVIDIA driver supports CUDA 12.4, and this backend needs CUDA 13.0 or newer (an R580 or "
                + "newer driver)", CudaToolkit.tooOld(12040));
        assertEquals("13.0", CudaToolkit.release(13000));
        assertEquals("13.1", CudaToolkit.release(13010));
    }

    @Test
    void reasonsAreKeptOnOneLine() {
        assertEquals("a b c", CudaToolkit.oneLine("  a\n b \r\n c\n"));
    }

    @Test
    void aLibraryTheLoaderRefusesIsNamedWithItsPath() {
        Path missing = Path.of("/nonexistent/seqbench/libcublas.so.13");
        BackendException error = assertThrows(BackendException.class, () -> NativeLibrary.open(missing));
        assertTrue(error.getMessage().startsWith("the dynamic loader could not open " + missing + " ("),
                error.getMessage());
    }

    /**
     * The binding machinery on a library every Linux has: a function found is bound and called through the same
     * path the CUDA bindings use, and a function the library lacks is named in the error.
     */
    @Test
    void functionsAreBoundByNameAndAMissingOneIsNamed() throws Throwable {
        NativeLibrary libc = NativeLibrary.openFromSystemLoader("libc.so.6");
        MethodHandle strlen = libc.bindAll(Map.of("strlen",
                FunctionDescriptor.of(NativeLibrary.C_SIZE_T, NativeLibrary.C_POINTER))).get("strlen");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment text = arena.allocateFrom("seqbench");
            assertEquals(8L, (long) strlen.invokeExact(text));
        }
        BackendException error = assertThrows(BackendException.class,
                () -> libc.bind("cuNoSuchFunction_v9", FunctionDescriptor.of(NativeLibrary.C_INT)));
        assertEquals("libc.so.6 has no function cuNoSuchFunction_v9: it is older than the CUDA 13 API this backend "
                + "binds", error.getMessage());
    }
}
