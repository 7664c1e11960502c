package org.seqbench.cuda.natives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.spi.BackendException;

/**
 * The search order, played in a temporary directory where every place holds a fake {@code libcublas.so.13}: the
 * override wins, then CUDA_HOME, CUDA_PATH, the virtualenv's and conda's NVIDIA wheels, the standard toolkit, and
 * the system loader last; when none has it, the error lists every place searched.
 */
class CudaLibrariesTest {
    @TempDir
    Path root;

    private final Map<String, String> properties = new HashMap<>();
    private final Map<String, String> environment = new HashMap<>();
    private final Set<String> systemLoaderHas = new HashSet<>();

    private Path override;
    private Path cudaHome;
    private Path cudaPath;
    private Path virtualEnv;
    private Path conda;
    private Path standard;

    @BeforeEach
    void everyPlaceHasTheLibrary() throws IOException {
        override = library(root.resolve("override"));
        cudaHome = library(root.resolve("cuda-home/lib64")).getParent();
        library(cudaHome.resolve("lib"));
        cudaPath = library(root.resolve("cuda-path/lib")).getParent();
        virtualEnv = library(root.resolve("venv/lib/python3.12/site-packages/nvidia/cu13/lib"))
                .getParent().getParent().getParent().getParent().getParent().getParent();
        conda = library(root.resolve("conda/lib/python3.11/site-packages/nvidia/cublas/lib"))
                .getParent().getParent().getParent().getParent().getParent().getParent();
        standard = library(root.resolve("usr-local-cuda/lib64"));
        properties.put(CudaLibraries.PROPERTY, override.toString());
        environment.put("CUDA_HOME", cudaHome.toString());
        environment.put("CUDA_PATH", cudaPath.toString());
        environment.put("VIRTUAL_ENV", virtualEnv.toString());
        environment.put("CONDA_PREFIX", conda.toString());
        systemLoaderHas.add(CudaLibraries.CUBLAS);
    }

    /** A directory holding an empty {@code libcublas.so.13}. */
    private static Path library(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.createFile(directory.resolve(CudaLibraries.CUBLAS));
        return directory;
    }

    private CudaLibraries.Located locate() {
        return new CudaLibraries(properties::get, environment::get, standard, systemLoaderHas::contains)
                .locate(CudaLibraries.CUBLAS);
    }

    private void assertFoundIn(Path directory, String where) {
        CudaLibraries.Located located = locate();
        assertEquals(Optional.of(directory.resolve(CudaLibraries.CUBLAS)), located.path());
        assertEquals(where, located.where());
        assertEquals(CudaLibraries.CUBLAS + " from " + where, located.toString());
    }

    @Test
    void eachPlaceIsSearchedInTurn() throws IOException {
        assertFoundIn(override, "-D" + CudaLibraries.PROPERTY + " (" + override + ")");

        properties.clear();
        environment.put(CudaLibraries.ENVIRONMENT, override.toString());
        assertFoundIn(override, CudaLibraries.ENVIRONMENT + " (" + override + ")");

        environment.remove(CudaLibraries.ENVIRONMENT);
        assertFoundIn(cudaHome.resolve("lib64"), "CUDA_HOME (" + cudaHome.resolve("lib64") + ")");

        Files.delete(cudaHome.resolve("lib64").resolve(CudaLibraries.CUBLAS));
        assertFoundIn(cudaHome.resolve("lib"), "CUDA_HOME (" + cudaHome.resolve("lib") + ")");

        environment.remove("CUDA_HOME");
        assertFoundIn(cudaPath.resolve("lib"), "CUDA_PATH (" + cudaPath.resolve("lib") + ")");

        environment.remove("CUDA_PATH");
        Path wheels = virtualEnv.resolve("lib/python3.12/site-packages/nvidia/cu13/lib");
        assertFoundIn(wheels, "VIRTUAL_ENV (" + wheels + ")");

        environment.remove("VIRTUAL_ENV");
        Path condaWheels = conda.resolve("lib/python3.11/site-packages/nvidia/cublas/lib");
        assertFoundIn(condaWheels, "CONDA_PREFIX (" + condaWheels + ")");

        environment.remove("CONDA_PREFIX");
        assertFoundIn(standard, standard.toString());

        Files.delete(standard.resolve(CudaLibraries.CUBLAS));
        assertEquals(new CudaLibraries.Located(CudaLibraries.CUBLAS, Optional.empty(), "the system loader"),
                locate());
    }

    @Test
    void thePropertyWinsOverTheEnvironmentVariableAndNamesSeveralDirectories() throws IOException {
        Path empty = Files.createDirectories(root.resolve("empty"));
        Path other = library(root.resolve("other"));
        environment.put(CudaLibraries.ENVIRONMENT, other.toString());
        properties.put(CudaLibraries.PROPERTY, empty + File.pathSeparator + override);
        assertFoundIn(override, "-D" + CudaLibraries.PROPERTY + " (" + override + ")");
    }

    @Test
    void theWheelsOfAVirtualEnvironmentAreSearchedInNameOrder() throws IOException {
        properties.clear();
        environment.remove("CUDA_HOME");
        environment.remove("CUDA_PATH");
        Path earlier = library(virtualEnv.resolve("lib/python3.12/site-packages/nvidia/cu12/lib"));
        assertFoundIn(earlier, "VIRTUAL_ENV (" + earlier + ")");
    }

    @Test
    void aLibraryFoundNowhereListsEveryPlaceSearched() throws IOException {
        properties.clear();
        environment.clear();
        environment.put("VIRTUAL_ENV", root.resolve("no-such-venv").toString());
        systemLoaderHas.clear();
        Files.delete(standard.resolve(CudaLibraries.CUBLAS));
        BackendException error = assertThrows(BackendException.class, this::locate);
        assertEquals("libcublas.so.13 was not found; searched -Dseqbench.cuda.libraries / SEQBENCH_CUDA_LIBRARIES "
                + "(not set), CUDA_HOME (not set), CUDA_PATH (not set), VIRTUAL_ENV (" + root.resolve("no-such-venv")
                + "/lib/python3*/site-packages/nvidia/*/lib), CONDA_PREFIX (not set), " + standard + ", then the "
                + "system loader (LD_LIBRARY_PATH, the ld.so cache); name its directory with "
                + "-Dseqbench.cuda.libraries=DIR or SEQBENCH_CUDA_LIBRARIES=DIR", error.getMessage());
    }

    @Test
    void aDirectoryInsteadOfTheFileIsNotTheLibrary() throws IOException {
        Files.delete(override.resolve(CudaLibraries.CUBLAS));
        Files.createDirectory(override.resolve(CudaLibraries.CUBLAS));
        assertFoundIn(cudaHome.resolve("lib64"), "CUDA_HOME (" + cudaHome.resolve("lib64") + ")");
    }
}
