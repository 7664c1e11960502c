package org.seqbench.cuda.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.seqbench.core.Inputs;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.Weights;
import org.seqbench.cuda.device.FakeGpus;
import org.seqbench.cuda.device.Gpu;
import org.seqbench.cuda.natives.FakeGpu;
import org.seqbench.spi.BackendModel;
import org.seqbench.spi.PreparedInput;
import org.seqbench.spi.Precision;

/**
 * The models' wiring through the real device layer and bindings, over the device layer's {@link FakeGpu}: it
 * computes the GEMMs in host memory and fails any access outside an allocation, and records kernel launches
 * without running them. So this checks that a pass issues exactly its plan (kernel names, every scalar argument,
 * the GEMM count), that every GEMM stays inside its real allocation, that the graph variant replays the same
 * launches, that the device time comes from the events, and that closing frees every allocation. The numbers a
 * pass computes need the kernels, so they are checked on a GPU (CudaConformanceTest), not here.
 */
class CudaModelOnAFakeGpuTest {
    private static final ModelSpec LSTM = ModelSpec.recurrent(ModelKind.LSTM, 3, 4, 2, true, 6);
    private static final ModelSpec TRANSFORMER = ModelSpec.transformer(3, 8, 2, 2, 16, 5);

    @TempDir
    Path cache;

    @ParameterizedTest
    @EnumSource(Variant.class)
    void aRecurrentPassIssuesItsPlan(Variant variant) {
        issuesItsPlan(LSTM, variant, 2, 5, RecurrentPlan.build(LSTM, 2, 5));
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void aTransformerPassIssuesItsPlan(Variant variant) {
        issuesItsPlan(TRANSFORMER, variant, 2, 3, TransformerPlan.build(TRANSFORMER, 2, 3));
    }

    @Test
    void withoutAHeadThePassReturnsTheWholeSequence() {
        ModelSpec spec = ModelSpec.recurrent(ModelKind.GRU, 2, 3, 1, true, 0);
        FakeGpu fake = new FakeGpu();
        Gpu gpu = FakeGpus.open(fake, cache);
        try (BackendModel model = new CudaRecurrentModel(gpu, spec, Weights.initialise(spec, 3), Precision.FP32,
                Variant.GEMM_LOOP); PreparedInput input = model.prepare(Inputs.generate(2, 4, spec.inputSize(), 5))) {
            assertArrayEquals(new int[] {2, 4, 6}, model.forward(input).shape());
        }
        assertEquals(0, fake.liveAllocations());
    }

    @Test
    void anInputOfAnotherModelIsRefused() {
        FakeGpu fake = new FakeGpu();
        try (BackendModel first = new CudaRecurrentModel(FakeGpus.open(fake, cache), LSTM,
                Weights.initialise(LSTM, 1), Precision.FP32, Variant.GEMM_LOOP);
                BackendModel second = new CudaRecurrentModel(FakeGpus.open(fake, cache), LSTM,
                        Weights.initialise(LSTM, 1), Precision.FP32, Variant.GEMM_LOOP);
                PreparedInput input = first.prepare(Inputs.generate(1, 2, LSTM.inputSize(), 7))) {
            assertThrows(IllegalArgumentException.class, () -> second.forward(input));
        }
    }

    private void issuesItsPlan(ModelSpec spec, Variant variant, int batch, int steps, LaunchPlan plan) {
        FakeGpu fake = new FakeGpu();
        Gpu gpu = FakeGpus.open(fake, cache);
        Weights weights = Weights.initialise(spec, 11);
        CudaModel model = spec.kind().isRecurrent()
                ? new CudaRecurrentModel(gpu, spec, weights, Precision.FP32, variant)
                : new CudaTransformerModel(gpu, spec, weights, Precision.FP32, variant);
        try (model; PreparedInput input = model.prepare(Inputs.generate(batch, steps, spec.inputSize(), 5))) {
            assertEquals(variant.id(), model.variant());
            for (int pass = 0; pass < 2; pass++) {
                int launchesBefore = fake.launches().size();
                int gemmsBefore = fake.gemms();
                Tensor output = model.forward(input);
                assertArrayEquals(spec.outputShape(batch, steps), output.shape());
                assertEquals(1.25, model.lastDeviceMillis(), 1e-9, "the fake's event time");
                List<FakeGpu.Launch> issued = fake.launches().subList(launchesBefore, fake.launches().size());
                assertLaunchesMatch(fake, plan.launches(), issued);
                // The fake computes a GEMM when it is called, so captured GEMMs run at capture, not at replay.
                int expectedGemms = variant == Variant.GEMM_LOOP ? plan.gemms().size() : 0;
                assertEquals(expectedGemms, fake.gemms() - gemmsBefore, "GEMMs in pass " + pass);
            }
        }
        assertEquals(0, fake.liveAllocations(), "allocations left after closing the model");
    }

    /** Kernel names and every scalar argument as the fake decoded them; pointers are real device addresses. */
    private static void assertLaunchesMatch(FakeGpu fake, List<Launch> planned, List<FakeGpu.Launch> issued) {
        assertEquals(planned.size(), issued.size(), "kernel launches in one pass");
        for (int i = 0; i < planned.size(); i++) {
            Launch launch = planned.get(i);
            FakeGpu.Launch seen = issued.get(i);
            assertEquals(launch.kernel().name(), fake.functionName(seen.function()), "launch " + i);
            assertArrayEquals(new int[] {launch.grid(), 1, 1}, seen.grid(), "grid of launch " + i);
            assertArrayEquals(new int[] {launch.block(), 1, 1}, seen.block(), "block of launch " + i);
            for (int p = 0; p < launch.arguments().size(); p++) {
                Object argument = launch.arguments().get(p);
                long raw = seen.parameters().get(p);
                String where = launch.kernel().name() + " argument " + p + " of launch " + i;
                switch (argument) {
                    case Integer value -> assertEquals(value.intValue(), (int) raw, where);
                    case Float value -> assertEquals(value, Float.intBitsToFloat((int) raw), where);
                    case Long value -> assertEquals(value.longValue(), raw, where);
                    case Buffer buffer -> assertNotEquals(0L, raw, where + " (" + buffer.name() + ")");
                    default -> throw new AssertionError("unexpected argument " + argument);
                }
            }
        }
    }
}
