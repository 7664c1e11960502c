package org.seqbench.harness.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.seqbench.conformance.ReferenceBackendProvider;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.harness.sweep.SweepPlanner.PlannedCell;
import org.seqbench.results.SweepSpec;
import org.seqbench.spi.Availability;
import org.seqbench.spi.BackendProvider;
import org.seqbench.spi.Precision;

class SweepPlannerTest {

    /** The planner never loads models: a load would fail with this reason. */
    private static final String NO_LOADING = "the planner must not load models";

    private static final BackendProvider FAST = ReferenceBackendProvider.builder("fast")
            .variants(ModelKind.TRANSFORMER, "ops", "fused-attention").variants("fused").failingLoad(NO_LOADING)
            .build();
    private static final BackendProvider GPU = ReferenceBackendProvider.builder("gpu")
            .availability(Availability.no("no CUDA driver")).variants(ModelKind.TRANSFORMER, "ops").variants("fused")
            .failingLoad(NO_LOADING).build();
    private static final BackendProvider RECURRENT_ONLY = ReferenceBackendProvider.builder("rec")
            .kinds(ModelKind.LSTM, ModelKind.GRU).variants("fused").failingLoad(NO_LOADING).build();

    private static SweepSpec sweep(List<ModelKind> models, List<Integer> seqLens, String variants) {
        return new SweepSpec("test", List.of(), models, seqLens, List.of(1, 8), List.of(32), List.of(1), List.of(1),
                16, 4, 4, 10, false, variants, 1, 1e-4, new SweepSpec.Measurement(1, 1, 0.1, 1, 0.1), null);
    }

    @Test
    void shapesAreOuterAndBackendsInnerSoThatEachShapeIsComparedAtOnce() {
        List<PlannedCell> plan = SweepPlanner.plan(sweep(List.of(ModelKind.LSTM, ModelKind.TRANSFORMER),
                List.of(16, 64), SweepSpec.DEFAULT_VARIANTS), List.of(FAST, RECURRENT_ONLY));
        assertEquals(2 * 2 * 2 * 2, plan.size());
        List<String> firstShape = plan.subList(0, 4).stream()
                .map(cell -> cell.cell().backend() + ":" + cell.cell().kind().id() + ":" + cell.cell().variant())
                .toList();
        assertEquals(List.of("fast:lstm:fused", "rec:lstm:fused", "fast:transformer:ops", "rec:transformer:"),
                firstShape);
        assertEquals(List.of(16, 16, 16, 16, 64), plan.subList(0, 5).stream().map(cell -> cell.cell().seqLen()).toList());
        assertEquals("rec does not support transformer", plan.get(3).skipReason());
        assertNull(plan.get(0).skipReason());
        for (int i = 0; i < plan.size(); i++) {
            assertEquals(i, plan.get(i).position());
        }
    }

    /**
     * The shards of a sweep partition its cells: for every sweep here and every count from 1 to 7, each planned cell
     * (skipped ones included, so that a merge finds every cell once) falls in exactly one shard, and the shards
     * together hold the whole unsharded plan, with the positions it gave them.
     */
    @Test
    void theShardsOfASweepPartitionItsCells() {
        List<SweepSpec> sweeps = List.of(
                sweep(List.of(ModelKind.LSTM, ModelKind.TRANSFORMER), List.of(16, 64), SweepSpec.DEFAULT_VARIANTS),
                sweep(List.of(ModelKind.values()), List.of(4, 16, 64, 256, 1024), SweepSpec.ALL_VARIANTS),
                sweep(List.of(ModelKind.GRU), List.of(8), SweepSpec.DEFAULT_VARIANTS),
                Profiles.named("quick"), Profiles.named("standard"));
        List<BackendProvider> backends = List.of(FAST, GPU, RECURRENT_ONLY);
        for (SweepSpec whole : sweeps) {
            List<PlannedCell> unsharded = SweepPlanner.plan(whole, backends);
            for (int count = 1; count <= 7; count++) {
                java.util.Map<String, Integer> shardOf = new java.util.HashMap<>();
                List<PlannedCell> union = new java.util.ArrayList<>();
                for (int index = 1; index <= count; index++) {
                    for (PlannedCell planned : SweepPlanner.plan(whole.withShard(new SweepSpec.Shard(index, count)),
                            backends)) {
                        Integer earlier = shardOf.put(planned.cell().key(), index);
                        assertNull(earlier, planned.cell().key() + " is in shards " + earlier + " and " + index
                                + " of " + count);
                        union.add(planned);
                    }
                }
                union.sort(java.util.Comparator.comparingInt(PlannedCell::position));
                assertEquals(unsharded, union, whole.profile() + " in " + count + " shards");
            }
        }
    }

    @Test
    void transformerCellsGetHeadsAndFeedForwardWidthRecurrentOnesNot() {
        List<PlannedCell> plan = SweepPlanner.plan(sweep(List.of(ModelKind.GRU, ModelKind.TRANSFORMER), List.of(8),
                SweepSpec.DEFAULT_VARIANTS), List.of(FAST));
        assertEquals(0, plan.get(0).cell().heads());
        assertEquals(0, plan.get(0).cell().ffnSize());
        assertEquals(4, plan.get(1).cell().heads());
        assertEquals(128, plan.get(1).cell().ffnSize());
        assertEquals(ModelSpec.transformer(16, 32, 1, 4, 128, 10), plan.get(1).cell().spec());
    }

    @Test
    void allVariantsAddACellPerVariant() {
        List<PlannedCell> plan = SweepPlanner.plan(sweep(List.of(ModelKind.TRANSFORMER), List.of(8),
                SweepSpec.ALL_VARIANTS), List.of(FAST));
        assertEquals(List.of("ops", "fused-attention", "ops", "fused-attention"),
                plan.stream().map(cell -> cell.cell().variant()).toList());
    }

    @Test
    void aCellPredictedToExceedTheMachinesMemoryIsSkippedWithTheFigure() {
        // T = 65536: each sequence's 4 heads of T x T scores, with their softmax, are 128 GiB.
        List<PlannedCell> plan = SweepPlanner.plan(sweep(List.of(ModelKind.TRANSFORMER), List.of(65536),
                SweepSpec.DEFAULT_VARIANTS), List.of(FAST), OptionalLong.of(16L << 30));
        assertEquals(2, plan.size());
        assertEquals("predicted to need 128.1 GiB for one forward pass (attention scores 128 GiB, activations 40 MiB, "
                + "feed-forward 32 MiB, input and output 4 MiB, weights 53 KiB), more than this machine's 16.0 GiB",
                plan.get(0).skipReason());
        assertTrue(plan.get(1).skipReason().startsWith("predicted to need 1024.6 GiB"), plan.get(1).skipReason());
        // A machine of unknown memory skips nothing; a small cell fits in a small machine.
        assertNull(SweepPlanner.plan(sweep(List.of(ModelKind.TRANSFORMER), List.of(65536),
                SweepSpec.DEFAULT_VARIANTS), List.of(FAST), OptionalLong.empty()).get(0).skipReason());
        assertNull(SweepPlanner.plan(sweep(List.of(ModelKind.TRANSFORMER), List.of(8), SweepSpec.DEFAULT_VARIANTS),
                List.of(FAST), OptionalLong.of(16L << 20)).get(1).skipReason());
    }

    /** {@code sweep} computed in {@code arithmetic}. */
    private static SweepSpec in(SweepSpec sweep, List<Precision> arithmetic) {
        return new SweepSpec(sweep.profile(), sweep.backends(), sweep.kinds(), sweep.seqLens(), sweep.batches(),
                sweep.hiddenSizes(), sweep.layers(), sweep.threads(), arithmetic, sweep.inputSize(), sweep.heads(),
                sweep.ffnRatio(), sweep.outputSize(), sweep.bidirectional(), sweep.variants(), sweep.seed(),
                sweep.tolerance(), sweep.measurement(), sweep.shard(), sweep.engineOptions());
    }

    @Test
    void eachArithmeticIsACellOfItsOwnBesideTheBackendsVariantAndOneWithoutItIsSkippedWithItsList() {
        BackendProvider reduced = ReferenceBackendProvider.builder("reduced").precisions(Precision.FP32,
                Precision.TF32).variants("fused").failingLoad(NO_LOADING).build();
        List<PlannedCell> plan = SweepPlanner.plan(in(sweep(List.of(ModelKind.LSTM), List.of(8),
                SweepSpec.DEFAULT_VARIANTS), List.of(Precision.FP32, Precision.TF32, Precision.BF16)),
                List.of(FAST, reduced));
        assertEquals(List.of("fast/fp32", "fast/tf32", "fast/bf16", "reduced/fp32", "reduced/tf32", "reduced/bf16"),
                plan.subList(0, 6).stream().map(cell -> cell.cell().backend() + "/" + cell.cell().precision())
                        .toList(), "a shape's arithmetics next to each other, within each backend");
        assertEquals(2 * 2 * 3, plan.size(), "two batches, two backends, three arithmetics");
        assertNull(plan.get(0).skipReason());
        assertEquals("fast computes in fp32 only", plan.get(1).skipReason());
        assertEquals("fast computes in fp32 only", plan.get(2).skipReason());
        assertNull(plan.get(4).skipReason());
        assertEquals("reduced computes in fp32, tf32 only", plan.get(5).skipReason());
        assertEquals(plan.get(0).cell().key().replace("/fp32/", "/tf32/"), plan.get(1).cell().key(),
                "the arithmetic is part of the cell's key");
        // An unavailable backend's reason comes first: nothing can run there, in any arithmetic.
        assertEquals("gpu is unavailable: no CUDA driver", SweepPlanner.plan(in(sweep(List.of(ModelKind.LSTM),
                List.of(8), SweepSpec.DEFAULT_VARIANTS), List.of(Precision.BF16)), List.of(GPU)).get(0).skipReason());
    }

    @Test
    void aSweepWithoutArithmeticsOrWithOneTwiceIsRefused() {
        SweepSpec sweep = sweep(List.of(ModelKind.LSTM), List.of(8), SweepSpec.DEFAULT_VARIANTS);
        assertEquals(List.of(Precision.FP32), sweep.arithmetic(), "fp32 unless a sweep says otherwise");
        assertEquals("arithmetic must list at least one value", assertThrows(UserError.class,
                () -> SweepPlanner.plan(in(sweep, List.of()), List.of(FAST))).getMessage());
        assertEquals("arithmetic [tf32, fp32, tf32] names one twice; accepted: each of fp32, tf32, bf16 at most once",
                assertThrows(UserError.class, () -> SweepPlanner.plan(in(sweep, List.of(Precision.TF32,
                        Precision.FP32, Precision.TF32)), List.of(FAST))).getMessage());
    }

    @Test
    void aSweepFilesCellTimeoutMustBeAPositiveNumberOfSeconds() {
        for (double bad : new double[] {0, -3, Double.NaN, Double.POSITIVE_INFINITY}) {
            SweepSpec sweep = sweep(List.of(ModelKind.RNN), List.of(8), SweepSpec.DEFAULT_VARIANTS);
            SweepSpec timed = new SweepSpec(sweep.profile(), sweep.backends(), sweep.kinds(), sweep.seqLens(),
                    sweep.batches(), sweep.hiddenSizes(), sweep.layers(), sweep.threads(), sweep.inputSize(),
                    sweep.heads(), sweep.ffnRatio(), sweep.outputSize(), sweep.bidirectional(), sweep.variants(),
                    sweep.seed(), sweep.tolerance(), new SweepSpec.Measurement(1, 1, 0.1, 1, 0.1, bad), null);
            UserError error = assertThrows(UserError.class, () -> SweepPlanner.plan(timed, List.of(FAST)));
            assertEquals("cellTimeoutSeconds (--cell-timeout) must be a positive number of seconds, got " + bad,
                    error.getMessage());
        }
    }

    @Test
    void aCellsUnavailableBackendIsItsReasonEvenWhenItWouldNotFit() {
        List<PlannedCell> plan = SweepPlanner.plan(sweep(List.of(ModelKind.TRANSFORMER), List.of(65536),
                SweepSpec.DEFAULT_VARIANTS), List.of(GPU), OptionalLong.of(16L << 30));
        assertEquals("gpu is unavailable: no CUDA driver", plan.get(0).skipReason());
    }

    @Test
    void unavailableBackendsAreSkippedWithTheirReason() {
        List<PlannedCell> plan = SweepPlanner.plan(sweep(List.of(ModelKind.RNN), List.of(8),
                SweepSpec.DEFAULT_VARIANTS), List.of(FAST, GPU));
        assertEquals("gpu is unavailable: no CUDA driver", plan.get(1).skipReason());
    }

    @Test
    void shardsPartitionThePlan() {
        SweepSpec full = sweep(List.of(ModelKind.values()), List.of(8, 16, 32), SweepSpec.DEFAULT_VARIANTS);
        List<PlannedCell> all = SweepPlanner.plan(full, List.of(FAST));
        List<Integer> seen = new java.util.ArrayList<>();
        for (int index = 1; index <= 3; index++) {
            SweepPlanner.plan(full.withShard(new SweepSpec.Shard(index, 3)), List.of(FAST))
                    .forEach(cell -> seen.add(cell.position()));
        }
        seen.sort(null);
        assertEquals(all.stream().map(PlannedCell::position).toList(), seen);
    }

    @Test
    void selectingAnUnknownBackendNamesTheDiscoveredOnes() {
        SweepSpec wantsTorch = sweep(List.of(ModelKind.LSTM), List.of(8), SweepSpec.DEFAULT_VARIANTS)
                .withBackends(List.of("torch"));
        UserError error = assertThrows(UserError.class, () -> SweepPlanner.plan(wantsTorch, List.of(FAST, GPU)));
        assertEquals("unknown backend 'torch'; discovered: fast, gpu", error.getMessage());
    }

    @Test
    void profilesAreValidSweeps() {
        for (String name : Profiles.names()) {
            SweepPlanner.validate(Profiles.named(name));
        }
        SweepSpec quick = Profiles.named("quick");
        assertEquals(List.of(16, 64, 256), quick.seqLens());
        assertEquals(List.of(1, 8), quick.batches());
        assertEquals(List.of(128), quick.hiddenSizes());
        assertEquals(List.of(1), quick.threads());
        assertEquals(List.of(ModelKind.values()), quick.kinds());
    }

    @Test
    void standardProfileRecordsOneThreadAndAllCoresExplicitly() {
        SweepSpec standard = Profiles.named("standard");
        assertEquals(List.of(16, 32, 64, 128, 256, 512, 1024), standard.seqLens());
        assertEquals(List.of(1, 8, 32), standard.batches());
        assertEquals(List.of(128), standard.hiddenSizes());
        assertEquals(List.of(ModelKind.values()), standard.kinds());
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(cores > 1 ? List.of(1, cores) : List.of(1), standard.threads(),
                "the core count is written into the sweep, never 0 (engine default)");
        // 4 kinds x 7 lengths x 3 batches x 2 thread counts per backend, each six trials of about a second of JMH.
        assertEquals(6 * (0.3 + 3 * 0.25), standard.measurement().secondsPerCell(), 1e-9);
    }
}
