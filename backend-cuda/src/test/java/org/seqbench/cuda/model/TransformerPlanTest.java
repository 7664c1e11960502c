package org.seqbench.cuda.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/**
 * The Transformer launch plan against values worked out by hand for a 2-layer encoder (I=3, d=8, 2 heads of 4,
 * F=16, O=5) at batch 2, sequence 3: B*T = 6 rows, B*heads = 4 attention matrices.
 */
class TransformerPlanTest {
    private static final ModelSpec TRANSFORMER = ModelSpec.transformer(3, 8, 2, 2, 16, 5);
    private final LaunchPlan plan = TransformerPlan.build(TRANSFORMER, 2, 3);

    @Test
    void buffersOfATwoLayerTransformer() {
        Map<String, Long> sizes = plan.buffers().stream().filter(buffer -> buffer.role() != Buffer.Role.WEIGHT)
                .collect(Collectors.toMap(Buffer::name, Buffer::floats));
        assertEquals(Map.ofEntries(
                Map.entry("input", 6L * 3),
                Map.entry("positional_encoding", 3L * 8),   // T x d
                Map.entry("activations", 6L * 8),
                Map.entry("qkv", 6L * 24),
                Map.entry("heads", 3L * 6 * 8),             // q, k, v, each [B*heads, T, d/heads]
                Map.entry("scores", 4L * 3 * 3),            // [B*heads, T, T]
                Map.entry("context", 6L * 8),
                Map.entry("merged", 6L * 8),
                Map.entry("sublayer", 6L * 8),
                Map.entry("feed_forward", 6L * 16),
                Map.entry("head_output", 2L * 5)), sizes);
        assertEquals(Buffer.Role.TABLE, plan.buffer("positional_encoding").role());
        assertEquals(List.of(2, 5), plan.outputShape());
        assertEquals(plan.buffer("head_output"), plan.output());
    }

    /** Embedding GEMM and kernel; per layer 6 GEMMs and 6 kernels; the head's GEMM and bias. */
    @Test
    void stepCountsOfATwoLayerTransformer() {
        assertEquals(2 + 2 * 12 + 2, plan.steps().size());
        assertEquals(1 + 2 * 6 + 1, plan.gemms().size());
        assertEquals(List.of("embed_scale_positional",
                "split_heads", "scaled_softmax", "merge_heads", "residual_layer_norm", "bias_relu",
                "residual_layer_norm",
                "split_heads", "scaled_softmax", "merge_heads", "residual_layer_norm", "bias_relu",
                "residual_layer_norm", "add_bias"),
                plan.launches().stream().map(launch -> launch.kernel().name()).toList());
    }

    @Test
    void scoresAreOneBatchedProductOfQueriesAndKeysOverEveryHead() {
        Gemm scores = gemm("scores of layer 1");
        // row-major scores_i [3, 3] = Q_i [3, 4] · K_iᵀ; Q at 0, K at 48 (= B*T*d), 12 floats (T * d/heads) apart.
        assertEquals(new Gemm.ColumnMajor(true, false, 3, 3, 4,
                plan.buffer("heads"), 48, 4, 12,
                plan.buffer("heads"), 0, 4, 12,
                plan.buffer("scores"), 0, 3, 9, 4), scores.columnMajor());
    }

    @Test
    void contextMultipliesTheProbabilitiesByTheValues() {
        Gemm context = gemm("context of layer 0");
        // row-major context_i [3, 4] = P_i [3, 3] · V_i [3, 4]; V at 96 (= 2 * B*T*d).
        assertEquals(new Gemm.ColumnMajor(false, false, 4, 3, 3,
                plan.buffer("heads"), 96, 4, 12,
                plan.buffer("scores"), 0, 3, 9,
                plan.buffer("context"), 0, 4, 12, 4), context.columnMajor());
    }

    @Test
    void qkvProjectionUsesInProjWeightRowsAsQThenKThenV() {
        Gemm qkv = gemm("qkv of layer 0");
        assertEquals(new Gemm.ColumnMajor(true, false, 24, 6, 8,
                plan.buffer("transformer_encoder.layers.0.self_attn.in_proj_weight"), 0, 8, 0,
                plan.buffer("activations"), 0, 8, 0,
                plan.buffer("qkv"), 0, 24, 0, 1), qkv.columnMajor());
    }

    @Test
    void feedForwardProductsHaveTheFeedForwardWidthInside() {
        assertEquals(new Gemm.ColumnMajor(true, false, 16, 6, 8,
                plan.buffer("transformer_encoder.layers.1.linear1.weight"), 0, 8, 0,
                plan.buffer("activations"), 0, 8, 0,
                plan.buffer("feed_forward"), 0, 16, 0, 1), gemm("linear1 of layer 1").columnMajor());
        assertEquals(new Gemm.ColumnMajor(true, false, 8, 6, 16,
                plan.buffer("transformer_encoder.layers.1.linear2.weight"), 0, 16, 0,
                plan.buffer("feed_forward"), 0, 16, 0,
                plan.buffer("sublayer"), 0, 8, 0, 1), gemm("linear2 of layer 1").columnMajor());
    }

    @Test
    void headReadsTheLastPositionAsAStridedView() {
        Gemm head = gemm("head");
        // x[:, 2, :]: offset 2*8, rows 3*8 = 24 floats apart.
        assertEquals(new Matrix(plan.buffer("activations"), 16, 2, 8, 24), head.a());
        assertEquals(new Gemm.ColumnMajor(true, false, 5, 2, 8,
                plan.buffer("fc.weight"), 0, 8, 0,
                plan.buffer("activations"), 16, 24, 0,
                plan.buffer("head_output"), 0, 5, 0, 1), head.columnMajor());
    }

    @Test
    void rowKernelsRunOneBlockPerRowWithTheirScalars() {
        Launch softmax = launch("scaled_softmax");
        assertEquals(List.of(plan.buffer("scores"), 12, 3, 0.5f), softmax.arguments());
        assertEquals(12, softmax.grid());
        assertEquals(32, softmax.block());
        Launch norm = launch("residual_layer_norm");
        assertEquals(List.of(plan.buffer("activations"), plan.buffer("sublayer"),
                plan.buffer("transformer_encoder.layers.0.self_attn.out_proj.bias"),
                plan.buffer("transformer_encoder.layers.0.norm1.weight"),
                plan.buffer("transformer_encoder.layers.0.norm1.bias"), 6, 8, 1e-5f), norm.arguments());
        assertEquals(6, norm.grid());
        Launch embedding = launch("embed_scale_positional");
        assertEquals(List.of(plan.buffer("activations"), plan.buffer("embedding.bias"),
                plan.buffer("positional_encoding"), 6, 3, 8, (float) Math.sqrt(8)), embedding.arguments());
    }

    @ParameterizedTest(name = "I={0} d={1} L={2} heads={3} F={4} O={5} at B={6}, T={7}")
    @CsvSource({
        "3, 8, 2, 2, 16, 5, 2, 3",
        "1, 2, 1, 1, 1, 0, 1, 1",
        "16, 64, 3, 8, 128, 0, 3, 700",
        "5, 12, 1, 3, 7, 2, 9, 2"})
    void everyWeightIsUsedAndEveryElementKernelCoversItsElements(int input, int model, int layers, int heads,
            int ffn, int outputSize, int batch, int steps) {
        ModelSpec spec = ModelSpec.transformer(input, model, layers, heads, ffn, outputSize);
        LaunchPlan built = TransformerPlan.build(spec, batch, steps);
        Set<String> used = new HashSet<>();
        built.steps().forEach(step -> step.buffers().forEach(buffer -> used.add(buffer.name())));
        for (WeightLayout.Parameter parameter : WeightLayout.of(spec)) {
            assertTrue(used.contains(parameter.name()), () -> parameter.name() + " is never used");
        }
        long rows = (long) batch * steps;
        for (Launch launch : built.launches()) {
            long threads = (long) launch.grid() * launch.block();
            long needed = switch (launch.kernel().name()) {
                case "embed_scale_positional", "merge_heads" -> rows * model;
                case "split_heads" -> 3 * rows * model;
                case "bias_relu" -> rows * ffn;
                case "add_bias" -> (long) batch * outputSize;
                case "scaled_softmax" -> (long) batch * heads * steps * launch.block();
                case "residual_layer_norm" -> rows * launch.block();
                default -> throw new AssertionError("unexpected kernel " + launch.kernel().name());
            };
            assertTrue(threads >= needed, () -> launch.kernel().name() + " runs " + threads + " threads for "
                    + needed);
            assertEquals(0, launch.block() % 32, "reductions need whole warps");
        }
        assertEquals(spec.hasHead() ? built.buffer("head_output") : built.buffer("activations"), built.output());
        assertEquals(spec.hasHead() ? List.of(batch, outputSize) : List.of(batch, steps, model), built.outputShape());
    }

    @Test
    void aRecurrentSpecIsNotATransformerPlan() {
        assertThrows(IllegalArgumentException.class,
                () -> TransformerPlan.build(ModelSpec.recurrent(ModelKind.GRU, 1, 2, 1, false, 0), 1, 1));
    }

    private Gemm gemm(String productPrefix) {
        List<Gemm> matching = plan.gemms().stream().filter(gemm -> gemm.product().startsWith(productPrefix)).toList();
        assertEquals(1, matching.size(), () -> "products starting with '" + productPrefix + "'");
        return matching.getFirst();
    }

    private Launch launch(String name) {
        return plan.launches().stream().filter(launch -> launch.kernel().name().equals(name)).findFirst()
                .orElseThrow();
    }
}
