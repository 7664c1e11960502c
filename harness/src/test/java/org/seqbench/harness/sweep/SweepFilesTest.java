package org.seqbench.harness.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqbench.core.ModelKind;
import org.seqbench.results.SweepSpec;
import org.seqbench.spi.Precision;

/** Profiles and {@code --config} files are read by one code path, with SweepSpec's keys and their earlier names. */
class SweepFilesTest {
    private static final List<ModelKind> ALL_KINDS = List.of(ModelKind.values());

    private static SweepSpec overlay(SweepSpec base, String yaml) {
        return SweepFiles.overlay(base, "--config sweep.yaml", new StringReader(yaml));
    }

    @Test
    void profilesKeepTheValuesTheyHadAsCode() {
        assertEquals(new SweepSpec("smoke", List.of(), ALL_KINDS, List.of(4, 16), List.of(2), List.of(16), List.of(1),
                List.of(1), 8, 2, 2, 4, false, SweepSpec.DEFAULT_VARIANTS, 42, 1e-4,
                new SweepSpec.Measurement(2, 1, 0.1, 2, 0.1, 120.0), null), Profiles.named("smoke"));
        assertEquals(new SweepSpec("quick", List.of(), ALL_KINDS, List.of(16, 64, 256), List.of(1, 8), List.of(128),
                List.of(1), List.of(1), 64, 4, 4, 10, false, SweepSpec.DEFAULT_VARIANTS, 42, 1e-4,
                new SweepSpec.Measurement(6, 1, 0.25, 3, 0.2, 300.0, 0.05, null), null), Profiles.named("quick"));
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(new SweepSpec("standard", List.of(), ALL_KINDS, List.of(16, 32, 64, 128, 256, 512, 1024),
                List.of(1, 8, 32), List.of(128), List.of(1), cores > 1 ? List.of(1, cores) : List.of(1), 64, 4, 4, 10,
                false, SweepSpec.DEFAULT_VARIANTS, 42, 1e-4, new SweepSpec.Measurement(6, 1, 0.3, 3, 0.25, 600.0), null),
                Profiles.named("standard"));
    }

    @Test
    void profileNamesComeFromTheResourcesQuickestFirst() {
        assertEquals(List.of("smoke", "quick", "standard"), Profiles.names());
        UserError error = assertThrows(UserError.class, () -> Profiles.named("../profiles/quick"));
        assertEquals("unknown profile '../profiles/quick'; accepted: smoke, quick, standard", error.getMessage());
    }

    @Test
    void aFileReplacesTheKeysItGivesAndKeepsTheOthers() {
        SweepSpec quick = Profiles.named("quick");
        SweepSpec laid = overlay(quick, "kinds: [lstm]\nseqLens: [32]\nmeasurement: {forks: 2, warmupIterations: 1, "
                + "warmupSeconds: 0.5, iterations: 2, iterationSeconds: 0.5}\n");
        assertEquals(List.of(ModelKind.LSTM), laid.kinds());
        assertEquals(List.of(32), laid.seqLens());
        assertEquals(new SweepSpec.Measurement(2, 1, 0.5, 2, 0.5), laid.measurement());
        assertEquals(quick.batches(), laid.batches());
        assertEquals(quick.hiddenSizes(), laid.hiddenSizes());
        assertEquals("quick", laid.profile());
        assertEquals(quick, overlay(quick, ""), "an empty file changes nothing");
    }

    @Test
    void earlierKeyNamesAreStillRead() {
        SweepSpec laid = overlay(Profiles.named("quick"), "models: [gru, transformer]\nhidden: [64, 256]\n");
        assertEquals(List.of(ModelKind.GRU, ModelKind.TRANSFORMER), laid.kinds());
        assertEquals(List.of(64, 256), laid.hiddenSizes());
    }

    @Test
    void aKeyTheSweepHoldsNoValueForIsStillAccepted() {
        // Defect 9: the accepted keys came from serialising the sweep without nulls, so an optional key that was
        // null (here variants) was refused as unknown.
        SweepSpec quick = Profiles.named("quick");
        SweepSpec withoutVariants = new SweepSpec(quick.profile(), quick.backends(), quick.kinds(), quick.seqLens(),
                quick.batches(), quick.hiddenSizes(), quick.layers(), quick.threads(), quick.inputSize(), quick.heads(),
                quick.ffnRatio(), quick.outputSize(), quick.bidirectional(), null, quick.seed(), quick.tolerance(),
                quick.measurement(), null);
        assertEquals(SweepSpec.ALL_VARIANTS, overlay(withoutVariants, "variants: all\n").variants());
        assertEquals(new SweepSpec.Shard(2, 3), overlay(withoutVariants, "shard: {index: 2, count: 3}\n").shard());
    }

    @Test
    void anUnknownKeyIsNamedWithEveryAcceptedOne() {
        UserError error = assertThrows(UserError.class, () -> overlay(Profiles.named("quick"), "seqLen: [16]\n"));
        assertEquals("--config sweep.yaml: unknown key 'seqLen'; accepted: arithmetic, backends, batches, "
                + "bidirectional, engineOptions, ffnRatio, heads, hiddenSizes, inputSize, kinds, layers, measurement, "
                + "outputSize, profile, seed, seqLens, shard, threads, tolerance, variants", error.getMessage());
    }

    @Test
    void threadsMayNameAllCoresWhichIsWrittenAsANumber() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(List.of(0, cores), overlay(Profiles.named("quick"), "threads: [0, all-cores]\n").threads());
        assertEquals(List.of(cores), overlay(Profiles.named("quick"), "threads: [all-cores, all-cores]\n").threads(),
                "a count given twice is one");
        UserError error = assertThrows(UserError.class,
                () -> overlay(Profiles.named("quick"), "threads: [1, many]\n"));
        assertEquals("--config sweep.yaml: threads: 'many' is not a thread count; accepted: 0 (the engine's default), "
                + "a positive integer, or all-cores (the processors this JVM sees)", error.getMessage());
    }

    @Test
    void theArithmeticsAreAKeyOfTheirOwnAndAnUnknownOneIsNamedWithTheAccepted() {
        SweepSpec quick = Profiles.named("quick");
        assertEquals(List.of(Precision.FP32), quick.arithmetic(), "a profile without the key computes in fp32");
        assertEquals(List.of(Precision.FP32, Precision.BF16), overlay(quick, "arithmetic: [fp32, BF16]\n")
                .arithmetic());
        assertEquals("--config sweep.yaml: arithmetic: unknown arithmetic 'fp16'; accepted: fp32, tf32, bf16",
                assertThrows(UserError.class, () -> overlay(quick, "arithmetic: [tf32, fp16]\n")).getMessage());
        assertEquals("--config sweep.yaml: arithmetic: 16 is not an arithmetic; accepted: fp32, tf32, bf16",
                assertThrows(UserError.class, () -> overlay(quick, "arithmetic: [16]\n")).getMessage());
    }

    @Test
    void aFileThatIsNoMappingIsRefused() {
        UserError error = assertThrows(UserError.class, () -> overlay(Profiles.named("quick"), "- 16\n- 64\n"));
        assertEquals("--config sweep.yaml must be a mapping of sweep keys, e.g. 'seqLens: [16, 64]'",
                error.getMessage());
    }
}
