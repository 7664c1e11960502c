package org.seqbench.cuda.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.seqbench.cuda.natives.CudaException;
import org.seqbench.cuda.natives.CudaToolkit;
import org.seqbench.cuda.natives.Driver;
import org.seqbench.spi.BackendException;
import org.seqbench.spi.Precision;

/**
 * The device layer on a real GPU: copies, zero-filled allocation, kernels with every argument type, both GEMMs
 * against float64 products, graph capture and replay, event timing, and the refusals that protect the context.
 * Skipped, with the reason, where CUDA cannot run.
 */
class GpuTest {
    private static Gpu gpu;
    private static String unavailable = "";

    @BeforeAll
    static void open() {
        try {
            gpu = Gpu.open(0);
        } catch (BackendException e) {
            unavailable = e.getMessage();
        }
    }

    @AfterAll
    static void close() {
        if (gpu != null) {
            gpu.close();
        }
    }

    private static void assumeGpu() {
        assumeTrue(gpu != null, () -> "CUDA is unavailable here: " + unavailable);
    }

    private static float[] ramp(int n, float scale) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) Math.sin(0.37 * i + scale) * scale;
        }
        return values;
    }

    @Test
    void describesTheDevice() {
        assumeGpu();
        assertTrue(gpu.arch().matches("sm_\\d+"), gpu.arch());
        assertEquals("sm_" + gpu.ccMajor() + gpu.ccMinor(), gpu.arch());
        assertTrue(gpu.toString().startsWith("cuda:0 "), gpu.toString());
        assertTrue(gpu.driverVersion() >= CudaToolkit.REQUIRED_DRIVER_VERSION);
    }

    @Test
    void allocationsAreZeroFilledAndUploadsComeBack() {
        assumeGpu();
        try (DeviceBuffer buffer = gpu.allocate(1000)) {
            assertArrayEquals(new float[1000], gpu.download(buffer, 1000));
            float[] values = ramp(700, 1.5f);
            gpu.upload(values, buffer);
            float[] back = gpu.download(buffer, 1000);
            for (int i = 0; i < 1000; i++) {
                assertEquals(i < 700 ? values[i] : 0f, back[i], 0f, "float " + i);
            }
            gpu.upload(ramp(10, 2f), buffer.slice(100, 10));
            assertArrayEquals(ramp(10, 2f), Arrays.copyOfRange(gpu.download(buffer, 110), 100, 110));
        }
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class, () -> {
            try (DeviceBuffer small = gpu.allocate(3)) {
                gpu.upload(new float[4], small);
            }
        });
        assertEquals("cannot upload 4 floats into a device buffer of 3", tooMany.getMessage());
    }

    @Test
    void kernelsTakeBuffersFloatsIntsAndLongs() {
        assumeGpu();
        KernelModule kernels = gpu.kernels("test-scale.cu");
        int n = 1000;
        try (DeviceBuffer buffer = gpu.allocate(n)) {
            kernels.function("iota").launch(Dim3.of((n + 127) / 128), Dim3.of(128), 0, buffer, 5_000_000_000L, n);
            kernels.function("scale").launch(Dim3.of((n + 127) / 128), Dim3.of(128), 0, buffer, 0.5f, n);
            float[] out = gpu.download(buffer, n);
            for (int i = 0; i < n; i++) {
                assertEquals((float) (5_000_000_000L + i) * 0.5f, out[i], 0f, "float " + i);
            }
        }
        BackendException missing = assertThrows(BackendException.class, () -> kernels.function("no_such_kernel"));
        assertTrue(missing.getMessage().startsWith("test-scale.cu has no kernel named 'no_such_kernel'"),
                missing.getMessage());
        IllegalArgumentException badArgument = assertThrows(IllegalArgumentException.class,
                () -> kernels.function("scale").launch(Dim3.of(1), Dim3.of(1), 0, 1.0, 2f, 3));
        assertEquals("test-scale.cu:scale argument 0 is a Double; accepted: DeviceBuffer, Integer, Float, Long",
                badArgument.getMessage());
    }

    @Test
    void aSourceThatDoesNotCompileFailsWithNvrtcsLog() {
        assumeGpu();
        KernelCache cache = KernelCache.shared(CudaToolkit.shared().nvrtc());
        CudaException error = assertThrows(CudaException.class, () -> cache.ptxOf("broken.cu",
                "extern \"C\" __global__ void broken(float* x) { x[0] = undefined_name; }\n", gpu.arch()));
        assertTrue(error.getMessage().contains("broken.cu did not compile"), error.getMessage());
        assertTrue(error.getMessage().contains("undefined_name"), error.getMessage());
    }

    /** The fallback for a driver older than NVRTC: NVRTC's device code for this GPU loads and has the kernels. */
    @Test
    void theDeviceCodeNvrtcCompilesLoadsToo() {
        assumeGpu();
        byte[] cubin = KernelCache.shared(CudaToolkit.shared().nvrtc()).cubin("test-scale.cu", gpu.arch());
        gpu.makeCurrent();
        Driver driver = CudaToolkit.shared().driver();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment image = arena.allocate(cubin.length);
            MemorySegment.copy(cubin, 0, image, ValueLayout.JAVA_BYTE, 0, cubin.length);
            MemorySegment module = driver.moduleLoadData(image);
            try {
                assertTrue(!driver.moduleGetFunction(module, "scale").equals(MemorySegment.NULL));
            } finally {
                driver.moduleUnload(module);
            }
        }
    }

    /** Column-major C = alpha op(A) op(B) + beta C in float64, as the GEMMs are checked against. */
    private static double[] product(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a,
            int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
        double[] out = new double[ldc * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    double left = transA ? a[p + i * lda] : a[i + p * lda];
                    double right = transB ? b[j + p * ldb] : b[p + j * ldb];
                    sum += left * right;
                }
                out[i + j * ldc] = alpha * sum + beta * c[i + j * ldc];
            }
        }
        return out;
    }

    @Test
    void gemmMatchesTheFloat64Product() {
        assumeGpu();
        int m = 37;
        int n = 19;
        int k = 23;
        for (boolean transA : new boolean[] {false, true}) {
            for (boolean transB : new boolean[] {false, true}) {
                int lda = (transA ? k : m) + 2;
                int ldb = (transB ? n : k) + 1;
                int ldc = m + 3;
                float[] a = ramp(lda * (transA ? m : k), 0.7f);
                float[] b = ramp(ldb * (transB ? k : n), 1.3f);
                float[] c = ramp(ldc * n, 0.4f);
                try (DeviceBuffer da = gpu.allocate(a.length + 5); DeviceBuffer db = gpu.allocate(b.length);
                        DeviceBuffer dc = gpu.allocate(c.length)) {
                    gpu.upload(a, da.slice(5, a.length));
                    gpu.upload(b, db);
                    gpu.upload(c, dc);
                    gpu.blas().gemm(Precision.FP32, transA, transB, m, n, k, 1.5f, da, 5, lda, db, 0, ldb, 0.5f,
                            dc, 0, ldc);
                    float[] out = gpu.download(dc, c.length);
                    double[] expected = product(transA, transB, m, n, k, 1.5f, a, lda, b, ldb, 0.5f, c, ldc);
                    for (int j = 0; j < n; j++) {
                        for (int i = 0; i < m; i++) {
                            assertEquals(expected[i + j * ldc], out[i + j * ldc], 1e-5,
                                    "C[" + i + "," + j + "] transA " + transA + " transB " + transB);
                        }
                    }
                }
            }
        }
    }

    @Test
    void stridedBatchedGemmMultipliesEveryBatch() {
        assumeGpu();
        int m = 8;
        int n = 6;
        int k = 5;
        int batch = 3;
        float[] a = ramp(m * k * batch, 0.9f);
        float[] b = ramp(k * n * batch, 1.1f);
        try (DeviceBuffer da = gpu.allocate(a.length); DeviceBuffer db = gpu.allocate(b.length);
                DeviceBuffer dc = gpu.allocate((long) m * n * batch)) {
            gpu.upload(a, da);
            gpu.upload(b, db);
            gpu.blas().gemmStridedBatched(Precision.FP32, false, false, m, n, k, 1f, da, 0, m, (long) m * k, db, 0,
                    k, (long) k * n, 0f, dc, 0, m, (long) m * n, batch);
            float[] out = gpu.download(dc, m * n * batch);
            for (int i = 0; i < batch; i++) {
                double[] expected = product(false, false, m, n, k, 1f,
                        Arrays.copyOfRange(a, i * m * k, (i + 1) * m * k), m,
                        Arrays.copyOfRange(b, i * k * n, (i + 1) * k * n), k, 0f, new float[m * n], m);
                for (int e = 0; e < m * n; e++) {
                    assertEquals(expected[e], out[i * m * n + e], 1e-5, "batch " + i + " element " + e);
                }
            }
        }
    }

    @Test
    void aMatrixPastTheEndOfItsBufferIsRefusedBeforeTheGpuSeesIt() {
        assumeGpu();
        try (DeviceBuffer a = gpu.allocate(12); DeviceBuffer b = gpu.allocate(12); DeviceBuffer c = gpu.allocate(8)) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> gpu.blas().gemm(Precision.FP32, false, false, 4, 3, 3, 1f, a, 0, 4, b, 0, 3, 0f, c, 0, 4));
            assertEquals("the 4 x 3 matrix C with leading dimension 4 at offset 0 ends at float 12, past the end of "
                    + "its buffer of 8 floats", error.getMessage());
        }
    }

    @Test
    void aCapturedGraphReplaysItsLaunches() {
        assumeGpu();
        Kernel scale = gpu.kernels("test-scale.cu").function("scale");
        try (DeviceBuffer buffer = gpu.allocate(256)) {
            float[] ones = new float[256];
            Arrays.fill(ones, 1f);
            gpu.upload(ones, buffer);
            gpu.synchronize();
            try (CapturedGraph graph = gpu.capture(() -> {
                scale.launch(Dim3.of(2), Dim3.of(128), 0, buffer, 2f, 256);
                scale.launch(Dim3.of(2), Dim3.of(128), 0, buffer, 3f, 256);
            })) {
                assertArrayEquals(ones, gpu.download(buffer, 256), 0f, "capturing runs nothing");
                graph.launch();
                graph.launch();
                float[] out = gpu.download(buffer, 256);
                for (float value : out) {
                    assertEquals(36f, value, 0f);
                }
            }
        }
    }

    @Test
    void whatCannotBeCapturedIsRefusedAndTheStreamStaysUsable() {
        assumeGpu();
        try (DeviceBuffer buffer = gpu.allocate(4)) {
            IllegalStateException error = assertThrows(IllegalStateException.class,
                    () -> gpu.capture(() -> gpu.upload(new float[] {1, 2, 3, 4}, buffer)));
            assertEquals("cannot upload while launches are captured into a CUDA graph: do it before Gpu.capture",
                    error.getMessage());
            gpu.upload(new float[] {1, 2, 3, 4}, buffer);
            assertArrayEquals(new float[] {1, 2, 3, 4}, gpu.download(buffer, 4), 0f);
        }
    }

    @Test
    void theTimerMeasuresTheStreamsWork() {
        assumeGpu();
        Kernel scale = gpu.kernels("test-scale.cu").function("scale");
        int n = 1 << 22;
        try (DeviceBuffer buffer = gpu.allocate(n); EventTimer timer = gpu.timer()) {
            timer.start();
            for (int i = 0; i < 20; i++) {
                scale.launch(Dim3.of(n / 256), Dim3.of(256), 0, buffer, 1.0001f, n);
            }
            timer.stop();
            double millis = timer.elapsedMillis();
            assertTrue(millis > 0 && millis < 10_000, millis + " ms");
        }
    }

    @Test
    void aClosedBufferOrGpuRefusesWork() {
        assumeGpu();
        DeviceBuffer buffer = gpu.allocate(4);
        DeviceBuffer slice = buffer.slice(1, 2);
        buffer.close();
        buffer.close();
        assertThrows(IllegalStateException.class, buffer::address);
        assertThrows(IllegalStateException.class, slice::address);

        Gpu other = Gpu.open(0);
        DeviceBuffer leftOpen = other.allocate(16);
        other.close();
        other.close();
        assertThrows(IllegalStateException.class, () -> other.allocate(1));
        assertThrows(IllegalStateException.class, leftOpen::address, "the Gpu freed what was left open");
        leftOpen.close();
    }
}
