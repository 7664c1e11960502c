package org.seqbench.cuda.natives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The driver bindings against the toolkit's own {@code cuda.h}: every bound symbol is the one the header links its
 * name to (a binding of {@code cuMemAlloc} instead of {@code cuMemAlloc_v2} would reach the 32-bit legacy ABI), and
 * has the header's signature; the enum values the device layer passes are the header's. NVRTC's and cuBLAS's
 * headers are not installed with this toolkit, so their bindings are not checked here (the constants from
 * {@code library_types.h}, which is, are).
 */
class DriverHeaderTest {
    /** Where the legacy declarations for old binaries begin; they declare the unversioned ABIs. */
    private static final String LEGACY = "#if defined(__CUDA_API_VERSION_INTERNAL)\n";

    private static CHeader cudaH;
    private static CHeader libraryTypesH;

    @BeforeAll
    static void readHeaders() throws IOException {
        Optional<Path> include = includeDirectory();
        if (include.isPresent()) {
            cudaH = CHeader.read(include.get().resolve("cuda.h"), LEGACY);
            libraryTypesH = CHeader.read(include.get().resolve("library_types.h"), null);
        }
    }

    /** $CUDA_HOME/include, then the toolkit in its standard places. */
    static Optional<Path> includeDirectory() {
        String home = System.getenv("CUDA_HOME");
        return CHeader.find(Stream.of(home == null ? null : Path.of(home, "include", "cuda.h"),
                Path.of("/usr/local/cuda-13.0/include/cuda.h"), Path.of("/usr/local/cuda/include/cuda.h"))
                .filter(path -> path != null)).map(Path::getParent);
    }

    private static void assumeHeaders() {
        assumeTrue(cudaH != null, "no CUDA toolkit headers here ($CUDA_HOME/include, /usr/local/cuda-13.0/include, "
                + "/usr/local/cuda/include)");
    }

    @Test
    void everyDriverBindingIsTheSymbolAndSignatureCudaHDeclares() {
        assumeHeaders();
        List<String> mismatches = cudaH.mismatches(Driver.FUNCTIONS);
        assertEquals(List.of(), mismatches, String.join("\n", mismatches));
    }

    /** The check itself: a planted wrong signature and an unversioned legacy symbol are both caught. */
    @Test
    void theCheckCatchesAWrongSignatureAndALegacySymbol() {
        assumeHeaders();
        Map<String, FunctionDescriptor> planted = new LinkedHashMap<>();
        planted.put("cuMemFree_v2", FunctionDescriptor.of(NativeLibrary.C_INT, NativeLibrary.C_INT));
        planted.put("cuStreamDestroy", FunctionDescriptor.of(NativeLibrary.C_INT, NativeLibrary.C_POINTER));
        planted.put("cuNoSuchFunction", FunctionDescriptor.of(NativeLibrary.C_INT));
        List<String> mismatches = cudaH.mismatches(planted);
        assertEquals(3, mismatches.size(), String.join("\n", mismatches));
        assertTrue(mismatches.get(0).startsWith("cuMemFree_v2: the header declares int (long)"), mismatches.get(0));
        assertEquals("cuStreamDestroy: cuda.h links the name cuStreamDestroy to the symbol cuStreamDestroy_v2",
                mismatches.get(1));
        assertEquals("cuNoSuchFunction: no prototype in the header links to it", mismatches.get(2));
    }

    @Test
    void theDriverConstantsAreCudaHs() {
        assumeHeaders();
        assertEquals(Optional.of((long) Driver.ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR),
                cudaH.constant("CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR"));
        assertEquals(Optional.of((long) Driver.ATTRIBUTE_COMPUTE_CAPABILITY_MINOR),
                cudaH.constant("CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR"));
        assertEquals(Optional.of((long) Driver.STREAM_NON_BLOCKING), cudaH.constant("CU_STREAM_NON_BLOCKING"));
        assertEquals(Optional.of((long) Driver.EVENT_DEFAULT), cudaH.constant("CU_EVENT_DEFAULT"));
        assertEquals(Optional.of((long) Driver.STREAM_CAPTURE_MODE_THREAD_LOCAL),
                cudaH.constant("CU_STREAM_CAPTURE_MODE_THREAD_LOCAL"));
        assertEquals(Optional.of((long) Driver.SUCCESS), cudaH.constant("CUDA_SUCCESS"));
        assertEquals(Optional.of((long) Driver.ERROR_UNSUPPORTED_PTX_VERSION),
                cudaH.constant("CUDA_ERROR_UNSUPPORTED_PTX_VERSION"));
        assertEquals(Optional.of((long) Driver.ERROR_NOT_FOUND), cudaH.constant("CUDA_ERROR_NOT_FOUND"));
    }

    @Test
    void theLibraryTypesCublasTakesAreLibraryTypesHs() {
        assumeHeaders();
        assertEquals(Optional.of((long) Cublas.CUDA_R_32F), libraryTypesH.constant("CUDA_R_32F"));
        assertEquals(Optional.of((long) Cublas.MAJOR_VERSION), libraryTypesH.constant("MAJOR_VERSION"));
        assertEquals(Optional.of((long) Cublas.MINOR_VERSION), libraryTypesH.constant("MINOR_VERSION"));
        assertEquals(Optional.of((long) Cublas.PATCH_LEVEL), libraryTypesH.constant("PATCH_LEVEL"));
    }
}
