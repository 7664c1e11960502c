package org.seqbench.cuda.natives;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.spi.BackendException;

/**
 * Every binding's call site against a stand-in of exactly the linker's types, so that a call passing an
 * {@code int} where the binding takes a {@code long} fails here rather than on a GPU machine; the driver's own
 * names for a failed status reach the exception; and the toolkit's checks (initialisation, driver version, device
 * count, the libraries' search) each give their one-line reason.
 */
class BindingsOnAFakeGpuTest {
    @TempDir
    Path root;

    private static Set<String> called(FakeGpu fake, String prefix) {
        Set<String> called = new TreeSet<>();
        fake.calls().stream().filter(symbol -> symbol.startsWith(prefix)).forEach(called::add);
        return called;
    }

    @Test
    void everyDriverFunctionIsCalledWithItsBindingsTypes() {
        FakeGpu fake = new FakeGpu();
        Driver driver = fake.driver();
        MemorySegment none = MemorySegment.NULL;
        driver.init();
        assertEquals(13000, driver.driverVersion());
        assertEquals(1, driver.deviceCount());
        int device = driver.device(0);
        assertEquals("NVIDIA Fake H200", driver.deviceName(device));
        assertEquals(9, driver.deviceAttribute(Driver.ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device));
        MemorySegment context = driver.primaryContextRetain(device);
        driver.setCurrent(context);
        MemorySegment stream = driver.streamCreate(Driver.STREAM_NON_BLOCKING);
        long memory = driver.memAlloc(64);
        driver.memsetD32Async(memory, 7, 16, stream);
        MemorySegment pinned = driver.memAllocHost(64);
        driver.memcpyDtoHAsync(pinned, memory, 64, stream);
        driver.memcpyHtoDAsync(memory, pinned, 64, stream);
        driver.memcpyDtoDAsync(memory, memory + 32, 32, stream);
        driver.streamSynchronize(stream);
        assertEquals(7, pinned.get(java.lang.foreign.ValueLayout.JAVA_INT, 60));
        MemorySegment module;
        try (Arena arena = Arena.ofConfined()) {
            module = driver.moduleLoadData(arena.allocateFrom(FakeGpu.PTX));
        }
        MemorySegment function = driver.moduleGetFunction(module, "kernel");
        driver.launchKernel(function, 1, 1, 1, 32, 1, 1, 0, stream, none);
        MemorySegment start = driver.eventCreate(Driver.EVENT_DEFAULT);
        MemorySegment stop = driver.eventCreate(Driver.EVENT_DEFAULT);
        driver.eventRecord(start, stream);
        driver.eventRecord(stop, stream);
        driver.eventSynchronize(stop);
        assertEquals(1.25f, driver.eventElapsedTime(start, stop));
        driver.streamBeginCapture(stream, Driver.STREAM_CAPTURE_MODE_THREAD_LOCAL);
        MemorySegment graph = driver.streamEndCapture(stream);
        MemorySegment executable = driver.graphInstantiate(graph, 0);
        driver.graphDestroy(graph);
        driver.graphLaunch(executable, stream);
        driver.graphExecDestroy(executable);
        driver.eventDestroy(start);
        driver.eventDestroy(stop);
        driver.moduleUnload(module);
        driver.memFreeHost(pinned);
        driver.memFree(memory);
        driver.streamDestroy(stream);
        driver.primaryContextRelease(device);
        assertEquals("CUDA_ERROR_OUT_OF_MEMORY", driver.errorName(2));
        assertEquals("a status the fake GPU returned", driver.errorString(2));
        assertEquals(new TreeSet<>(Driver.FUNCTIONS.keySet()), called(fake, "cu"));
    }

    @Test
    void aFailedDriverCallCarriesTheDriversNameAndDescriptionOfTheStatus() {
        Driver driver = new FakeGpu().failing("cuMemAlloc_v2", 2).driver();
        CudaException error = assertThrows(CudaException.class, () -> driver.memAlloc(1L << 40));
        assertEquals("cuMemAlloc_v2 failed in libcuda.so.1 with CUDA_ERROR_OUT_OF_MEMORY (2): a status the fake GPU "
                + "returned", error.getMessage());
    }

    @Test
    void everyNvrtcFunctionIsCalledWithItsBindingsTypesAndAFailureCarriesTheLog() {
        FakeGpu fake = new FakeGpu();
        Nvrtc nvrtc = fake.nvrtc(new CudaLibraries.Located(CudaLibraries.NVRTC, Optional.empty(), "the system loader"));
        assertEquals(new Nvrtc.Version(13, 0), nvrtc.version());
        assertEquals(FakeGpu.PTX, nvrtc.compileToPtx("extern \"C\" __global__ void f() {}", "f.cu",
                List.of("--gpu-architecture=compute_90")));
        assertArrayEquals(FakeGpu.CUBIN, nvrtc.compileToCubin("extern \"C\" __global__ void f() {}", "f.cu",
                List.of("--gpu-architecture=sm_90")));
        fake.compilationFails("f.cu(1): error: expected a \";\"\n");
        CudaException error = assertThrows(CudaException.class,
                () -> nvrtc.compileToPtx("broken", "f.cu", List.of("--gpu-architecture=compute_90")));
        assertEquals("nvrtcCompileProgram failed in libnvrtc.so.13 with NVRTC_ERROR_COMPILATION (6); f.cu did not "
                + "compile with --gpu-architecture=compute_90; NVRTC's log:\nf.cu(1): error: expected a \";\"",
                error.getMessage());
        assertEquals(new TreeSet<>(Nvrtc.FUNCTIONS.keySet()), called(fake, "nvrtc"));
        assertEquals(3, fake.calls().stream().filter("nvrtcDestroyProgram"::equals).count(),
                "the program is destroyed after a failure too");
    }

    @Test
    void everyCublasFunctionIsCalledWithItsBindingsTypes() {
        FakeGpu fake = new FakeGpu();
        Driver driver = fake.driver();
        Cublas cublas = fake.cublas(new CudaLibraries.Located(CudaLibraries.CUBLAS, Optional.empty(),
                "the system loader"));
        MemorySegment handle = cublas.create();
        cublas.setStream(handle, MemorySegment.NULL);
        long workspace = driver.memAlloc(1024);
        cublas.setWorkspace(handle, workspace, 1024);
        cublas.setMathMode(handle, Cublas.DEFAULT_MATH);
        assertEquals(130000, cublas.version(handle));
        assertEquals("13.0.0", cublas.release());
        long a = driver.memAlloc(4 * 6);
        long b = driver.memAlloc(4 * 6);
        long c = driver.memAlloc(4 * 4);
        cublas.gemmEx(handle, Cublas.OP_N, Cublas.OP_N, 2, 2, 3, 1f, a, 2, b, 3, 0f, c, 2, Cublas.COMPUTE_32F);
        assertEquals(Cublas.COMPUTE_32F, fake.lastComputeType());
        cublas.gemmStridedBatchedEx(handle, Cublas.OP_T, Cublas.OP_N, 1, 1, 3, 1f, a, 3, 3, b, 3, 3, 0f, c, 1, 1, 2,
                Cublas.COMPUTE_32F_FAST_TF32);
        assertEquals(Cublas.COMPUTE_32F_FAST_TF32, fake.lastComputeType());
        cublas.destroy(handle);
        assertEquals(2, fake.gemms());
        assertEquals(new TreeSet<>(Cublas.FUNCTIONS.keySet()), called(fake, "cublas"));
    }

    private CudaLibraries librariesIn(Path directory) {
        Map<String, String> properties = new HashMap<>();
        properties.put(CudaLibraries.PROPERTY, directory.toString());
        return new CudaLibraries(properties::get, Map.<String, String>of()::get, root.resolve("no-toolkit"),
                _ -> false);
    }

    private CudaToolkit load(FakeGpu fake, CudaLibraries libraries) {
        return CudaToolkit.load(fake::driver, libraries, fake::nvrtc, fake::cublas);
    }

    @Test
    void aToolkitOpensWhenTheDriverIsNewEnoughAndTheLibrariesAreFound() throws IOException {
        Files.createFile(root.resolve(CudaLibraries.NVRTC));
        Files.createFile(root.resolve(CudaLibraries.CUBLAS));
        CudaToolkit toolkit = load(new FakeGpu(), librariesIn(root));
        assertEquals(13000, toolkit.driverVersion());
        assertEquals(List.of(CudaLibraries.NVRTC + " from -Dseqbench.cuda.libraries (" + root + ")",
                CudaLibraries.CUBLAS + " from -Dseqbench.cuda.libraries (" + root + ")"),
                toolkit.libraries().stream().map(Object::toString).toList());
    }

    @Test
    void eachCheckOfTheToolkitFailsWithItsOwnReason() throws IOException {
        CudaLibraries nothing = librariesIn(root);
        BackendException notInitialised = assertThrows(BackendException.class,
                () -> load(new FakeGpu().failing("cuInit", 100), nothing));
        assertEquals("the NVIDIA driver did not initialise: cuInit failed in libcuda.so.1 with CUDA_ERROR_NO_DEVICE "
                + "(100): a status the fake GPU returned", notInitialised.getMessage());

        BackendException tooOld = assertThrows(BackendException.class,
                () -> load(new FakeGpu().driverVersion(12080), nothing));
        assertEquals(CudaToolkit.tooOld(12080), tooOld.getMessage());

        BackendException noDevice = assertThrows(BackendException.class,
                () -> load(new FakeGpu().devices(0), nothing));
        assertEquals("no CUDA device (the NVIDIA driver, CUDA 13.0, found none)", noDevice.getMessage());

        BackendException noNvrtc = assertThrows(BackendException.class, () -> load(new FakeGpu(), nothing));
        assertTrue(noNvrtc.getMessage().startsWith("NVRTC is missing: libnvrtc.so.13 was not found; searched "
                + "-Dseqbench.cuda.libraries (" + root + "), CUDA_HOME (not set)"), noNvrtc.getMessage());

        Files.createFile(root.resolve(CudaLibraries.NVRTC));
        BackendException noCublas = assertThrows(BackendException.class, () -> load(new FakeGpu(), nothing));
        assertTrue(noCublas.getMessage().startsWith("cuBLAS is missing: libcublas.so.13 was not found; searched "),
                noCublas.getMessage());
    }
}
