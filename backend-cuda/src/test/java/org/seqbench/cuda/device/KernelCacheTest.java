package org.seqbench.cuda.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.cuda.kernels.Nvcc;
import org.seqbench.cuda.natives.CudaException;

/**
 * The kernel cache: compiles a source once per architecture, keeps the PTX on disk for the next JVM, compiles
 * afresh what failed, and survives a cache directory it cannot write. Compilation is played by a recording
 * stand-in, and by nvcc where it is installed (NVRTC needs a GPU machine's libraries).
 */
class KernelCacheTest {
    private static final String SOURCE = "extern \"C\" __global__ void noop() {}\n";

    @TempDir
    Path directory;

    /** Records each compilation and answers a PTX naming what it compiled. */
    private static final class Recording implements KernelCache.Compiler {
        final List<String> compiled = new ArrayList<>();

        @Override
        public String compile(String source, String name, List<String> options) {
            compiled.add(name + " " + String.join(" ", options));
            return "// PTX of " + name + " for " + options.getFirst() + "\n";
        }
    }

    private static KernelCache ptxOnly(KernelCache.Compiler compiler, Path directory) {
        return new KernelCache(compiler, directory);
    }

    @Test
    void aCacheMadeForPtxOnlyRefusesACubinNamingTheKernel() {
        UnsupportedOperationException error = assertThrows(UnsupportedOperationException.class,
                () -> ptxOnly(new Recording(), directory).cubin("test-scale.cu", "sm_90"));
        assertEquals("this kernel cache compiles PTX only, so it has no cubin of test-scale.cu for "
                + "--gpu-architecture=sm_90 --std=c++17", error.getMessage());
    }

    @Test
    void cubinsAreCompiledForTheRealArchitectureAndKeptToo() throws IOException {
        List<String> compiled = new ArrayList<>();
        KernelCache.BinaryCompiler binary = (source, name, options) -> {
            compiled.add(name + " " + String.join(" ", options));
            return new byte[] {0x7f, 'E', 'L', 'F'};
        };
        KernelCache cache = new KernelCache(new Recording(), binary, directory);
        byte[] cubin = cache.cubin("test-scale.cu", "sm_90");
        assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F'}, cubin);
        cubin[0] = 0;
        assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F'}, cache.cubin("test-scale.cu", "sm_90"),
                "a caller cannot change the cached copy");
        assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F'},
                new KernelCache(new Recording(), binary, directory).cubin("test-scale.cu", "sm_90"));
        assertEquals(List.of("test-scale.cu --gpu-architecture=sm_90 --std=c++17"), compiled,
                "compiled once, then read from memory and from disk");
        try (var files = Files.list(directory)) {
            assertTrue(files.anyMatch(file -> file.getFileName().toString().matches("[0-9a-f]{64}-sm_90\\.cubin")));
        }
    }

    @Test
    void optionsTargetTheArchitecturesVirtualPtx() {
        assertEquals(List.of("--gpu-architecture=compute_90", "--std=c++17"), KernelCache.options("sm_90"));
        assertEquals(List.of("--gpu-architecture=compute_90a", "--std=c++17"), KernelCache.options("sm_90a"));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> KernelCache.options("hopper"));
        assertEquals("architecture 'hopper' is not of the form sm_XY (sm_80, sm_90)", error.getMessage());
    }

    @Test
    void eachSourceCompilesOncePerArchitecture() {
        Recording compiler = new Recording();
        KernelCache cache = ptxOnly(compiler, directory);
        String ptx = cache.ptxOf("noop.cu", SOURCE, "sm_90");
        assertEquals("// PTX of noop.cu for --gpu-architecture=compute_90\n", ptx);
        assertEquals(ptx, cache.ptxOf("noop.cu", SOURCE, "sm_90"));
        cache.ptxOf("noop.cu", SOURCE, "sm_80");
        cache.ptxOf("noop.cu", SOURCE + "// changed\n", "sm_90");
        assertEquals(List.of("noop.cu --gpu-architecture=compute_90 --std=c++17",
                "noop.cu --gpu-architecture=compute_80 --std=c++17",
                "noop.cu --gpu-architecture=compute_90 --std=c++17"), compiler.compiled);
    }

    @Test
    void theNextJvmReadsThePtxFromDisk() throws IOException {
        String ptx = ptxOnly(new Recording(), directory).ptxOf("noop.cu", SOURCE, "sm_90");
        Path file = ptxOnly(new Recording(), directory).file(SOURCE, "sm_90");
        assertEquals(ptx, Files.readString(file));
        assertTrue(file.getFileName().toString().matches("[0-9a-f]{64}-sm_90\\.ptx"), file.toString());

        Recording later = new Recording();
        assertEquals(ptx, ptxOnly(later, directory).ptxOf("noop.cu", SOURCE, "sm_90"));
        assertEquals(List.of(), later.compiled, "read from disk, not compiled");
    }

    @Test
    void aFailedCompilationIsNotCached() {
        List<String> attempts = new ArrayList<>();
        KernelCache cache = ptxOnly((source, name, options) -> {
            attempts.add(name);
            if (attempts.size() == 1) {
                throw new CudaException("libnvrtc.so.13", "nvrtcCompileProgram", 6, "NVRTC_ERROR_COMPILATION", "",
                        "noop.cu did not compile");
            }
            return "// PTX\n";
        }, directory);
        CudaException error = assertThrows(CudaException.class, () -> cache.ptxOf("noop.cu", SOURCE, "sm_90"));
        assertTrue(error.getMessage().endsWith("noop.cu did not compile"), error.getMessage());
        assertEquals("// PTX\n", cache.ptxOf("noop.cu", SOURCE, "sm_90"));
        assertEquals(2, attempts.size());
    }

    @Test
    void aCacheDirectoryThatCannotBeWrittenOnlyCostsTheDiskCopy() throws IOException {
        Path notADirectory = Files.writeString(directory.resolve("a-file"), "");
        Recording compiler = new Recording();
        KernelCache cache = ptxOnly(compiler, notADirectory.resolve("cuda"));
        assertEquals("// PTX of noop.cu for --gpu-architecture=compute_90\n", cache.ptxOf("noop.cu", SOURCE, "sm_90"));
        assertEquals(1, compiler.compiled.size());
    }

    @Test
    void kernelSourcesAreClassPathResources() {
        Recording compiler = new Recording();
        ptxOnly(compiler, directory).ptx("test-scale.cu", "sm_90");
        assertEquals(List.of("test-scale.cu --gpu-architecture=compute_90 --std=c++17"), compiler.compiled);
        assertTrue(KernelCache.source("test-scale.cu").contains("extern \"C\" __global__ void scale("));

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> KernelCache.source("no-such.cu"));
        assertEquals("no kernel source org/seqbench/cuda/kernels/no-such.cu on the class path (kernel sources are "
                + "backend-cuda's src/main/resources/org/seqbench/cuda/kernels/*.cu)", missing.getMessage());
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                () -> KernelCache.source("../secret.cu"));
        assertEquals("kernel resource '../secret.cu' must be a file name under org/seqbench/cuda/kernels/, such as "
                + "recurrent.cu", outside.getMessage());
    }

    @Test
    void theDefaultDirectoryIsThePropertyOrTheUsersCache() {
        String before = System.getProperty(KernelCache.PROPERTY);
        try {
            System.clearProperty(KernelCache.PROPERTY);
            assertEquals(Path.of(System.getProperty("user.home"), ".cache", "seqbench", "cuda"),
                    KernelCache.defaultDirectory());
            System.setProperty(KernelCache.PROPERTY, directory.toString());
            assertEquals(directory, KernelCache.defaultDirectory());
        } finally {
            if (before == null) {
                System.clearProperty(KernelCache.PROPERTY);
            } else {
                System.setProperty(KernelCache.PROPERTY, before);
            }
        }
    }

    /**
     * The test kernel, compiled with the cache's own options by nvcc (which takes NVRTC's option spellings):
     * the options are ones a CUDA 13 compiler accepts, and the PTX is for the architecture asked.
     */
    @Test
    void theCacheOptionsCompileARealKernelToPtx() throws IOException, InterruptedException {
        Optional<Path> nvcc = Nvcc.find();
        assumeTrue(nvcc.isPresent(), "no nvcc here ($CUDA_HOME/bin, /usr/local/cuda-13.0/bin, /usr/local/cuda/bin, "
                + "PATH)");
        Path work = Files.createDirectories(directory.resolve("nvcc"));
        KernelCache cache = ptxOnly((source, name, options) -> {
            try {
                Path in = Files.writeString(work.resolve(name), source);
                Path out = work.resolve(name + ".ptx");
                List<String> command = new ArrayList<>(List.of(nvcc.get().toString(), "--ptx"));
                command.addAll(options);
                command.addAll(List.of("-o", out.toString(), in.toString()));
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                String log = new String(process.getInputStream().readAllBytes());
                assertTrue(process.waitFor(120, TimeUnit.SECONDS), "nvcc took over two minutes");
                assertEquals(0, process.exitValue(), "nvcc " + command + ":\n" + log);
                return Files.readString(out);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, directory.resolve("cache"));
        String ptx = cache.ptx("test-scale.cu", "sm_90");
        assertTrue(ptx.contains(".target sm_90"), ptx);
        assertTrue(ptx.contains(".entry scale("), ptx);
        assertTrue(ptx.contains(".entry iota("), ptx);
    }
}
