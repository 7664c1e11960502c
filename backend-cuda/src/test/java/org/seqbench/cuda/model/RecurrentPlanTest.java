package org.seqbench.cuda.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.WeightLayout;
import org.seqbench.spi.BackendException;

/**
 * The recurrent launch plan's shapes, offsets and strides against values worked out by hand for a bidirectional
 * 2-layer LSTM (I=3, H=4, O=6, batch 2, sequence 5), and its data flow for many shapes: every step reads the state
 * its direction wrote one step before, and every layer reads a complete output of the layer below.
 */
class RecurrentPlanTest {
    private static final ModelSpec LSTM = ModelSpec.recurrent(ModelKind.LSTM, 3, 4, 2, true, 6);
    private final LaunchPlan plan = RecurrentPlan.build(LSTM, 2, 5);

    @Test
    void buffersOfABidirectionalTwoLayerLstm() {
        Map<String, Long> sizes = plan.buffers(Buffer.Role.WORKSPACE).stream()
                .collect(Collectors.toMap(Buffer::name, Buffer::floats));
        assertEquals(Map.of(
                "xproj", 2L * 10 * 16,          // directions x (B*T) x 4H
                "hproj", 2L * 2 * 16,           // directions x B x 4H
                "cell", 2L * 2 * 4,             // directions x B x H
                "layer_output_0", 10L * 8,      // B*T x 2H
                "layer_output_1", 10L * 8,
                "head_output", 2L * 6), sizes);
        assertEquals(30, plan.buffer("input").floats());
        assertEquals(plan.buffer("head_output"), plan.output());
        assertEquals(List.of(2, 6), plan.outputShape());
        assertEquals(WeightLayout.of(LSTM).size(), plan.buffers(Buffer.Role.WEIGHT).size());
    }

    /** Per layer: 2 input GEMMs, then per direction 5 gate kernels and 4 recurrent GEMMs; then the head's 2. */
    @Test
    void stepCountsOfABidirectionalTwoLayerLstm() {
        assertEquals(2 * (2 + 2 * (5 + 4)) + 2, plan.steps().size());
        assertEquals(2 * (2 + 2 * 4) + 1, plan.gemms().size());
        assertEquals(2 * 2 * 5 + 1, plan.launches().size());
    }

    @Test
    void secondLayersReverseInputProjectionReadsTheFirstLayersWholeOutput() {
        Gemm gemm = gemm("xproj of layer 1 direction 1");
        // row-major xproj[1] [10, 16] = layer_output_0 [10, 8] · W_ih_l1_reverseᵀ; C starts after direction 0's 160.
        assertEquals(new Gemm.ColumnMajor(true, false, 16, 10, 8,
                plan.buffer("lstm.weight_ih_l1_reverse"), 0, 8, 0,
                plan.buffer("layer_output_0"), 0, 8, 0,
                plan.buffer("xproj"), 160, 16, 0, 1), gemm.columnMajor());
    }

    @Test
    void secondLayersReverseRecurrentProductReadsItsOwnHalfOfThePreviousPosition() {
        // Reverse step 1 is t = 3; its previous state is out[:, 4, 4:8] of layer_output_1: offset 4*8 + 4, rows
        // one sequence (5 * 8 floats) apart.
        Gemm gemm = gemm("hproj of layer 1 direction 1 step 1 ");
        assertEquals(new Matrix(plan.buffer("layer_output_1"), 36, 2, 4, 40), gemm.a());
        assertEquals(new Gemm.ColumnMajor(true, false, 16, 2, 4,
                plan.buffer("lstm.weight_hh_l1_reverse"), 0, 4, 0,
                plan.buffer("layer_output_1"), 36, 40, 0,
                plan.buffer("hproj"), 32, 16, 0, 1), gemm.columnMajor());
    }

    @Test
    void headReadsTheLastPositionOfBothDirections() {
        Gemm gemm = gemm("head");
        // out[:, -1, :]: position 4 of layer_output_1, all 8 columns, rows 40 floats apart.
        assertEquals(new Matrix(plan.buffer("layer_output_1"), 32, 2, 8, 40), gemm.a());
        assertEquals(new Gemm.ColumnMajor(true, false, 6, 2, 8,
                plan.buffer("fc.weight"), 0, 8, 0,
                plan.buffer("layer_output_1"), 32, 40, 0,
                plan.buffer("head_output"), 0, 6, 0, 1), gemm.columnMajor());
        Launch bias = plan.launches().getLast();
        assertEquals(List.of(plan.buffer("head_output"), plan.buffer("fc.bias"), 2, 6), bias.arguments());
    }

    @Test
    void theReverseDirectionsFirstStepStartsAtTheLastPositionWithoutARecurrentProduct() {
        List<Step> steps = plan.steps();
        // Layer 0: 2 input GEMMs, forward's 9 steps (the last its gate kernel at t = 4), then straight away the
        // reverse direction's first gate kernel, at t = 4 too.
        Launch forwardLast = assertInstanceOf(Launch.class, steps.get(2 + 8));
        assertEquals(List.of(0, 4), forwardLast.arguments().subList(10, 12));
        Launch first = assertInstanceOf(Launch.class, steps.get(2 + 9));
        assertEquals(Kernels.LSTM_STEP, first.kernel());
        assertEquals(List.of(plan.buffer("xproj"), plan.buffer("hproj"), plan.buffer("lstm.bias_ih_l0_reverse"),
                plan.buffer("lstm.bias_hh_l0_reverse"), plan.buffer("cell"), plan.buffer("layer_output_0"),
                2, 5, 4, 2, 1, 4), first.arguments());
        assertEquals(1, first.grid());
        assertEquals(Kernels.ELEMENT_BLOCK, first.block());
    }

    @ParameterizedTest(name = "{0} I={1} H={2} L={3} bidirectional={4} O={5} at B={6}, T={7}")
    @CsvSource({
        "LSTM, 3, 4, 2, true, 6, 2, 5",
        "LSTM, 5, 7, 3, false, 0, 3, 4",
        "GRU, 2, 3, 1, true, 0, 1, 1",
        "GRU, 4, 6, 2, true, 2, 4, 7",
        "RNN, 1, 300, 2, false, 3, 2, 3",
        "RNN, 8, 5, 3, true, 1, 5, 2"})
    void everyStepReadsWhatItsDirectionWroteAndEveryLayerReadsAFullOutput(ModelKind kind, int input, int hidden,
            int layers, boolean bidirectional, int outputSize, int batch, int steps) {
        ModelSpec spec = ModelSpec.recurrent(kind, input, hidden, layers, bidirectional, outputSize);
        LaunchPlan built = RecurrentPlan.build(spec, batch, steps);
        int directions = spec.directions();
        int width = spec.encoderWidth();
        int gates = kind.gateBlocks() * hidden;
        // Per layer and direction: the positions written so far, in write order, and the buffer written.
        Map<String, List<Integer>> written = new HashMap<>();
        Map<Integer, Buffer> layerOutputs = new HashMap<>();
        Set<String> used = new HashSet<>();
        int layer = -1;
        Step previous = null;
        for (Step step : built.steps()) {
            step.buffers().forEach(buffer -> used.add(buffer.name()));
            if (step instanceof Gemm gemm && gemm.product().startsWith("xproj of layer ")) {
                int of = Integer.parseInt(gemm.product().split(" ")[3]);
                if (of != layer) {
                    assertEquals(layer + 1, of, "layers in order");
                    layer = of;
                }
                if (layer > 0) {
                    assertEquals(layerOutputs.get(layer - 1), gemm.a().buffer(), "layer " + layer + " reads below");
                    assertFullyWritten(written, layer - 1, directions, steps);
                }
            }
            if (step instanceof Launch launch && launch.kernel() != Kernels.ADD_BIAS) {
                List<Object> arguments = launch.arguments();
                int n = arguments.size();
                Buffer out = (Buffer) arguments.get(n - 7);
                int direction = (Integer) arguments.get(n - 2);
                int t = (Integer) arguments.get(n - 1);
                assertEquals(out, layerOutputs.computeIfAbsent(layer, key -> out), "one output buffer per layer");
                List<Integer> positions = written.computeIfAbsent(layer + "/" + direction, key -> new ArrayList<>());
                int expected = positions.isEmpty() ? (direction == 0 ? 0 : steps - 1)
                        : positions.getLast() + (direction == 0 ? 1 : -1);
                assertEquals(expected, t, "the step after " + positions + " of layer " + layer + "/" + direction);
                assertTrue(launch.grid() * (long) launch.block() >= (long) batch * hidden, "threads cover B*H");
                if (!positions.isEmpty()) {
                    Gemm recurrent = assertInstanceOf(Gemm.class, previous, "a recurrent GEMM precedes step " + t);
                    Matrix state = recurrent.a();
                    assertEquals(out, state.buffer());
                    assertEquals((long) positions.getLast() * width + (long) direction * hidden, state.offset());
                    assertEquals(steps * width, state.rowStride());
                    assertEquals(new Matrix(built.buffer("hproj"), (long) direction * batch * gates, batch, gates,
                            gates), recurrent.c());
                } else {
                    assertTrue(!(previous instanceof Gemm gemm) || gemm.product().startsWith("xproj"),
                            "no recurrent GEMM before a direction's first step");
                }
                positions.add(t);
            }
            previous = step;
        }
        assertEquals(layers - 1, layer);
        assertFullyWritten(written, layers - 1, directions, steps);
        assertEquals(built.buffer("layer_output_" + (layers - 1) % 2), layerOutputs.get(layers - 1));
        for (WeightLayout.Parameter parameter : WeightLayout.of(spec)) {
            // One step needs no recurrent product: its state is zero (b_hh is still added, by the gate kernel).
            boolean needed = steps > 1 || !parameter.name().contains(".weight_hh_");
            assertEquals(needed, used.contains(parameter.name()), () -> parameter.name() + " used");
        }
        Buffer last = built.buffer("layer_output_" + (layers - 1) % 2);
        assertEquals(spec.hasHead() ? built.buffer("head_output") : last, built.output());
        assertEquals(List.of(spec.outputShape(batch, steps)[0], spec.outputShape(batch, steps)[1]),
                built.outputShape().subList(0, 2));
    }

    @Test
    void aSequenceTooLongForThirtyTwoBitStridesIsRefusedInASentence() {
        ModelSpec wide = ModelSpec.recurrent(ModelKind.LSTM, 1, 1024, 1, true, 0);
        BackendException e = assertThrows(BackendException.class, () -> RecurrentPlan.build(wide, 1, 1 << 20));
        assertTrue(e.getMessage().contains("a layer output's sequence stride is 2147483648, more than the "
                + "2147483647"), e.getMessage());
    }

    @Test
    void theTransformerIsNotARecurrentPlan() {
        assertThrows(IllegalArgumentException.class,
                () -> RecurrentPlan.build(ModelSpec.transformer(3, 8, 1, 2, 16, 0), 1, 1));
    }

    private static void assertFullyWritten(Map<String, List<Integer>> written, int layer, int directions,
            int steps) {
        for (int direction = 0; direction < directions; direction++) {
            assertEquals(steps, written.getOrDefault(layer + "/" + direction, List.of()).size(),
                    "positions of layer " + layer + " written by direction " + direction);
        }
    }

    private Gemm gemm(String productPrefix) {
        List<Gemm> matching = plan.gemms().stream().filter(gemm -> gemm.product().startsWith(productPrefix)).toList();
        assertEquals(1, matching.size(), () -> "products starting with '" + productPrefix + "'");
        return matching.getFirst();
    }
}
