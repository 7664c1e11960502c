package org.seqbench.cuda.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.cuda.natives.Cublas;
import org.seqbench.cuda.natives.FakeGpu;
import org.seqbench.spi.BackendException;
import org.seqbench.spi.Precision;

/**
 * The device layer over a GPU played in host memory ({@link FakeGpu}): what it passes to the driver and cuBLAS
 * (addresses, offsets, leading dimensions, transposes, kernel parameters) is checked by the floats that come back,
 * and its bookkeeping (staging, capture, closing) by what the fake saw. {@link GpuTest} runs the same on a GPU.
 */
class GpuOnAFakeTest {
    @TempDir
    Path cache;

    /** A cubin's first bytes, as the fake driver tells device code from PTX. */
    private static final byte[] CUBIN = {0x7f, 'E', 'L', 'F'};

    private FakeGpu fake;
    private Gpu gpu;

    @BeforeEach
    void open() {
        fake = new FakeGpu();
        gpu = Gpu.open(fake.toolkit(), 0, kernelCache(cache));
    }

    /** A kernel cache in {@code directory} whose compilers answer a PTX text and a cubin's first bytes. */
    private static KernelCache kernelCache(Path directory) {
        return new KernelCache((source, name, options) -> "// PTX of " + name, (source, name, options) -> CUBIN.clone(),
                directory);
    }

    @AfterEach
    void close() {
        gpu.close();
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
        assertEquals("NVIDIA Fake H200", gpu.name());
        assertEquals(9, gpu.ccMajor());
        assertEquals(0, gpu.ccMinor());
        assertEquals("sm_90", gpu.arch());
        assertEquals("cuda:0 NVIDIA Fake H200", gpu.toString());
    }

    @Test
    void thereIsNoDeviceBeyondTheLast() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Gpu.open(fake.toolkit(), 1, kernelCache(cache)));
        assertEquals("there is no CUDA device 1; this machine has 1 (ordinals 0 to 0)", error.getMessage());
    }

    @Test
    void buffersAreZeroFilledAndCopiesRoundTripThroughTheStaging() {
        try (DeviceBuffer buffer = gpu.allocate(300)) {
            assertArrayEquals(new float[300], gpu.download(buffer, 300), 0f);
            float[] values = ramp(200, 1.5f);
            gpu.upload(values, buffer);
            gpu.upload(ramp(10, 3f), buffer.slice(250, 10));
            float[] back = gpu.download(buffer, 300);
            assertArrayEquals(values, Arrays.copyOf(back, 200), 0f);
            assertArrayEquals(new float[50], Arrays.copyOfRange(back, 200, 250), 0f);
            assertArrayEquals(ramp(10, 3f), Arrays.copyOfRange(back, 250, 260), 0f);
            // A copy larger than the staging buffer so far makes it grow; the floats still arrive.
            float[] large = ramp(400_000, 0.5f);
            try (DeviceBuffer big = gpu.allocate(large.length)) {
                gpu.upload(large, big);
                assertArrayEquals(large, gpu.download(big, large.length), 0f);
            }
        }
        try (DeviceBuffer empty = gpu.allocate(0)) {
            assertEquals(0, empty.address());
            assertArrayEquals(new float[0], gpu.download(empty, 0), 0f);
        }
    }

    @Test
    void fillsAndDeviceCopiesRunOnTheStreamAndMayBeCaptured() {
        try (DeviceBuffer from = gpu.allocate(6); DeviceBuffer to = gpu.allocate(4)) {
            gpu.upload(new float[] {1, 2, 3, 4, 5, 6}, from);
            gpu.fill(to, -0.5f);
            assertArrayEquals(new float[] {-0.5f, -0.5f, -0.5f, -0.5f}, gpu.download(to, 4), 0f);
            gpu.copy(from.slice(2, 3), to, 3);
            assertArrayEquals(new float[] {3, 4, 5, -0.5f}, gpu.download(to, 4), 0f);
            gpu.capture(() -> {
                gpu.fill(to, 0f);
                gpu.copy(from, to, 1);
            }).close();
            IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                    () -> gpu.copy(from, to, 5));
            assertEquals("cannot copy 5 floats from a device buffer of 6 to one of 4", tooMany.getMessage());
        }
    }

    @Test
    void copiesThatDoNotFitAreRefused() {
        try (DeviceBuffer buffer = gpu.allocate(3)) {
            IllegalArgumentException up = assertThrows(IllegalArgumentException.class,
                    () -> gpu.upload(new float[4], buffer));
            assertEquals("cannot upload 4 floats into a device buffer of 3", up.getMessage());
            IllegalArgumentException down = assertThrows(IllegalArgumentException.class,
                    () -> gpu.download(buffer, 4));
            assertEquals("cannot download 4 floats from a device buffer of 3", down.getMessage());
            IndexOutOfBoundsException slice = assertThrows(IndexOutOfBoundsException.class,
                    () -> buffer.slice(2, 2));
            assertEquals("a slice of 2 floats from 2 does not fit a buffer of 3 floats", slice.getMessage());
        }
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> gpu.allocate(-1));
        assertEquals("a device buffer holds 0 or more floats; asked for -1", negative.getMessage());
    }

    @Test
    void aBufferOfAnotherGpuIsRefused() {
        try (Gpu other = Gpu.open(new FakeGpu().toolkit(), 0, kernelCache(cache));
                DeviceBuffer foreign = other.allocate(4)) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> gpu.upload(new float[4], foreign));
            assertEquals("cannot upload to a device buffer of another Gpu (cuda:0 NVIDIA Fake H200) on cuda:0 NVIDIA "
                    + "Fake H200", error.getMessage());
        }
    }

    @Test
    void kernelsLoadAsPtxAndAsDeviceCodeWhereTheDriverIsOlderThanNvrtc() {
        gpu.kernels("test-scale.cu");
        assertEquals(List.of("ptx"), fake.loadedImages());

        FakeGpu older = new FakeGpu().ptxTooNew();
        try (Gpu behind = Gpu.open(older.toolkit(), 0, kernelCache(cache.resolve("older")))) {
            behind.kernels("test-scale.cu").function("scale");
            behind.kernels("test-copy.cu").function("copy");
            assertEquals(List.of("ptx", "cubin", "cubin"), older.loadedImages(),
                    "the PTX is tried once, then device code");
        }
    }

    @Test
    void kernelParametersArePackedAsTheirCTypes() {
        KernelModule kernels = gpu.kernels("test-scale.cu");
        assertTrue(kernels == gpu.kernels("test-scale.cu"), "a module is loaded once per Gpu");
        try (DeviceBuffer buffer = gpu.allocate(7)) {
            Kernel scale = kernels.function("scale");
            scale.launch(new Dim3(4, 2, 1), Dim3.of(128, 2), 64, buffer.slice(2, 5), 2.5f, 7, 5_000_000_000L);
            FakeGpu.Launch launch = fake.launches().getLast();
            assertEquals("scale", fake.functionName(launch.function()));
            assertArrayEquals(new int[] {4, 2, 1}, launch.grid());
            assertArrayEquals(new int[] {128, 2, 1}, launch.block());
            assertEquals(64, launch.sharedBytes());
            assertEquals(List.of(buffer.address() + 2 * Float.BYTES, (long) Float.floatToRawIntBits(2.5f), 7L,
                    5_000_000_000L), launch.parameters());
            assertEquals("test-scale.cu:scale", scale.toString());
        }
        BackendException missing = assertThrows(BackendException.class, () -> kernels.function("missing_kernel"));
        assertTrue(missing.getMessage().startsWith("test-scale.cu has no kernel named 'missing_kernel' (kernels are "
                + "looked up by their extern \"C\" names)"), missing.getMessage());
        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
                () -> kernels.function("scale").launch(Dim3.of(1), Dim3.of(1), 0, 1.0));
        assertEquals("test-scale.cu:scale argument 0 is a Double; accepted: DeviceBuffer, Integer, Float, Long",
                wrongType.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> kernels.function("scale").launch(Dim3.of(1), Dim3.of(1), 0, (Object) null));
        assertEquals("test-scale.cu:scale argument 0 is null; accepted: DeviceBuffer, Integer, Float, Long",
                none.getMessage());
    }

    /** Column-major C = alpha op(A) op(B) + beta C in float64, from offsets, with leading dimensions. */
    private static float[] product(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a,
            int aOffset, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
        float[] out = c.clone();
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    double left = transA ? a[aOffset + p + i * lda] : a[aOffset + i + p * lda];
                    double right = transB ? b[j + p * ldb] : b[p + j * ldb];
                    sum += left * right;
                }
                out[i + j * ldc] = (float) (alpha * sum + beta * c[i + j * ldc]);
            }
        }
        return out;
    }

    @Test
    void gemmPassesTransposesOffsetsAndLeadingDimensionsAsCublasReadsThem() {
        int m = 5;
        int n = 3;
        int k = 4;
        for (boolean transA : new boolean[] {false, true}) {
            for (boolean transB : new boolean[] {false, true}) {
                int lda = (transA ? k : m) + 1;
                int ldb = (transB ? n : k) + 2;
                int ldc = m + 1;
                float[] a = ramp(3 + lda * (transA ? m : k), 0.7f);
                float[] b = ramp(ldb * (transB ? k : n), 1.3f);
                float[] c = ramp(ldc * n, 0.4f);
                try (DeviceBuffer da = gpu.allocate(a.length); DeviceBuffer db = gpu.allocate(b.length);
                        DeviceBuffer dc = gpu.allocate(c.length)) {
                    gpu.upload(a, da);
                    gpu.upload(b, db);
                    gpu.upload(c, dc);
                    gpu.blas().gemm(Precision.FP32, transA, transB, m, n, k, 1.5f, da, 3, lda, db, 0, ldb, 0.5f, dc,
                            0, ldc);
                    assertArrayEquals(product(transA, transB, m, n, k, 1.5f, a, 3, lda, b, ldb, 0.5f, c, ldc),
                            gpu.download(dc, c.length), 1e-6f, "transA " + transA + ", transB " + transB);
                }
            }
        }
        assertEquals(Cublas.COMPUTE_32F, fake.lastComputeType());
    }

    @Test
    void stridedBatchedGemmMultipliesEachBatchAtItsStride() {
        int m = 3;
        int n = 2;
        int k = 4;
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
            for (int p = 0; p < batch; p++) {
                float[] expected = product(false, false, m, n, k, 1f, a, p * m * k, m,
                        Arrays.copyOfRange(b, p * k * n, (p + 1) * k * n), k, 0f, new float[m * n], m);
                assertArrayEquals(expected, Arrays.copyOfRange(out, p * m * n, (p + 1) * m * n), 1e-6f,
                        "batch " + p);
            }
        }
    }

    @Test
    void aMatrixOutsideItsBufferIsRefusedBeforeCublasIsCalled() {
        try (DeviceBuffer a = gpu.allocate(12); DeviceBuffer b = gpu.allocate(12); DeviceBuffer c = gpu.allocate(8)) {
            IllegalArgumentException pastTheEnd = assertThrows(IllegalArgumentException.class,
                    () -> gpu.blas().gemm(Precision.FP32, false, false, 4, 3, 3, 1f, a, 0, 4, b, 0, 3, 0f, c, 0, 4));
            assertEquals("the 4 x 3 matrix C with leading dimension 4 at offset 0 ends at float 12, past the end of "
                    + "its buffer of 8 floats", pastTheEnd.getMessage());
            IllegalArgumentException batched = assertThrows(IllegalArgumentException.class,
                    () -> gpu.blas().gemmStridedBatched(Precision.FP32, false, false, 2, 2, 2, 1f, a, 0, 2, 4, b, 0,
                            2, 4, 0f, c, 0, 2, 4, 3));
            assertEquals("the 2 x 2 matrix C (3 of them, 4 floats apart) with leading dimension 2 at offset 0 ends "
                    + "at float 12, past the end of its buffer of 8 floats", batched.getMessage());
            IllegalArgumentException leading = assertThrows(IllegalArgumentException.class,
                    () -> gpu.blas().gemm(Precision.FP32, true, false, 4, 3, 3, 1f, a, 0, 2, b, 0, 3, 0f, c, 0, 4));
            assertEquals("the leading dimension of A is 2, less than its 3 rows", leading.getMessage());
            IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                    () -> gpu.blas().gemm(Precision.FP32, false, false, 0, 3, 3, 1f, a, 0, 4, b, 0, 3, 0f, c, 0, 4));
            assertEquals("a GEMM needs m, n, k and the batch at least 1; got m 0, n 3, k 3, batch 1",
                    empty.getMessage());
        }
        assertEquals(0, fake.gemms(), "cuBLAS never saw a matrix outside its buffer");
    }

    @Test
    void aCapturedGraphReplaysTheLaunchesItRecorded() {
        Kernel scale = gpu.kernels("test-scale.cu").function("scale");
        try (DeviceBuffer buffer = gpu.allocate(8)) {
            int before = fake.launches().size();
            try (CapturedGraph graph = gpu.capture(() -> {
                scale.launch(Dim3.of(1), Dim3.of(8), 0, buffer, 2f, 8);
                scale.launch(Dim3.of(1), Dim3.of(8), 0, buffer, 3f, 8);
            })) {
                assertEquals(before, fake.launches().size(), "capturing runs nothing");
                graph.launch();
                graph.launch();
                assertEquals(before + 4, fake.launches().size());
                assertEquals((long) Float.floatToRawIntBits(3f), fake.launches().getLast().parameters().get(1));
            }
        }
    }

    @Test
    void whatCannotBeCapturedIsRefusedAndEndsTheCapture() {
        try (DeviceBuffer buffer = gpu.allocate(4)) {
            for (Runnable forbidden : List.<Runnable>of(() -> gpu.upload(new float[4], buffer),
                    () -> gpu.download(buffer, 4), gpu::synchronize, () -> gpu.allocate(1))) {
                IllegalStateException error = assertThrows(IllegalStateException.class, () -> gpu.capture(forbidden));
                assertTrue(error.getMessage().endsWith(" while launches are captured into a CUDA graph: do it before "
                        + "Gpu.capture"), error.getMessage());
            }
            gpu.upload(new float[] {1, 2, 3, 4}, buffer);
            assertArrayEquals(new float[] {1, 2, 3, 4}, gpu.download(buffer, 4), 0f);
        }
    }

    @Test
    void theTimerReadsTheEventsInOrder() {
        try (EventTimer timer = gpu.timer()) {
            assertThrows(IllegalStateException.class, timer::stop);
            assertThrows(IllegalStateException.class, timer::elapsedMillis);
            timer.start();
            timer.stop();
            assertEquals(1.25, timer.elapsedMillis());
        }
    }

    @Test
    void closingFreesWhatIsLeftAndRefusesLaterWork() {
        DeviceBuffer left = gpu.allocate(16);
        DeviceBuffer freed = gpu.allocate(16);
        freed.close();
        freed.close();
        assertThrows(IllegalStateException.class, freed::address);
        gpu.timer();
        gpu.kernels("test-scale.cu");
        CapturedGraph graph = gpu.capture(() -> { });
        gpu.close();
        gpu.close();
        assertEquals(0, fake.liveAllocations(), "every device allocation, the cuBLAS workspace too, is freed");
        assertThrows(IllegalStateException.class, left::address);
        assertThrows(IllegalStateException.class, () -> gpu.allocate(1));
        IllegalStateException closed = assertThrows(IllegalStateException.class, graph::launch);
        assertEquals("this CUDA graph is closed", closed.getMessage());
        left.close();
        graph.close();
    }
}
