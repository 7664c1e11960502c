package org.seqbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.core.ModelKind;
import org.seqbench.harness.sweep.Profiles;
import org.seqbench.results.SweepSpec;
import picocli.CommandLine;

/** {@code run}'s sweep: the profile, overlaid by {@code --config}, overlaid by the flags, under old names too. */
class RunFlagsTest {
    @TempDir
    Path directory;

    private static SweepSpec sweep(String... args) throws IOException {
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs(args);
        return run.sweep();
    }

    @Test
    void withoutFlagsTheSweepIsTheProfile() throws IOException {
        assertEquals(Profiles.named("quick"), sweep());
        assertEquals(Profiles.named("smoke"), sweep("--profile", "smoke"));
    }

    @Test
    void precisionOffTurnsAnAdaptiveProfileIntoItsFixedSchedule() throws IOException {
        SweepSpec.Measurement quick = Profiles.named("quick").measurement();
        assertTrue(quick.adaptive(), "quick runs adaptively");
        SweepSpec.Measurement fixed = sweep("--precision", "OFF").measurement();
        assertEquals(null, fixed.precision());
        assertEquals(quick.trials(), fixed.trials(), "the profile's trials for every cell");
        assertEquals(0.03, sweep("--precision", "3%").measurement().precision(), 1e-12);
    }

    @Test
    void flagsOverrideTheConfigWhichOverridesTheProfile() throws IOException {
        Path config = Files.writeString(directory.resolve("sweep.yaml"), "seqLens: [32]\nbatches: [2]\n");
        SweepSpec sweep = sweep("--profile", "smoke", "--config", config.toString(), "--batches", "4,4,8");
        SweepSpec smoke = Profiles.named("smoke");
        assertEquals(List.of(32), sweep.seqLens(), "from the config");
        assertEquals(List.of(4, 8), sweep.batches(), "from the flag, each value once");
        assertEquals(smoke.hiddenSizes(), sweep.hiddenSizes(), "from the profile");
        assertEquals("smoke+custom", sweep.profile());
    }

    @Test
    void theCellTimeoutComesFromTheFlagTheConfigOrTheProfile() throws IOException {
        assertEquals(120.0, sweep("--profile", "smoke").measurement().cellTimeoutSeconds(), "the profile's");
        Path config = Files.writeString(directory.resolve("sweep.yaml"), "measurement: {trials: 1, "
                + "warmupIterations: 1, warmupSeconds: 0.1, iterations: 1, iterationSeconds: 0.1, "
                + "cellTimeoutSeconds: 45}\n");
        assertEquals(45.0, sweep("--config", config.toString()).measurement().cellTimeoutSeconds(), "the config's");
        assertEquals(2.5, sweep("--config", config.toString(), "--cell-timeout", "2.5").measurement()
                .cellTimeoutSeconds(), "the flag's");
    }

    @Test
    void aDryRunShowsACellTooLargeForTheMachineAsSkippedWithThePredictedFigure() {
        // One sequence of a million steps: 2 heads of 10^12 scores, with their softmax, 14.6 TiB.
        CliErrorsTest.Outcome outcome = CliErrorsTest.seqbench("run", "--dry-run", "--profile", "smoke",
                "--backends", "onnx", "--kinds", "transformer", "--seq-lens", "4,1000000", "--batches", "1",
                "--out", directory.toString());
        assertEquals(0, outcome.status(), outcome.out() + outcome.err());
        assertTrue(outcome.out().matches("(?s).*\\(skipped: predicted to need 1490\\d\\.\\d GiB for one forward pass "
                + "\\(attention scores 14\\.6 TiB, .*"), outcome.out());
        assertTrue(outcome.out().contains("more than this machine's "), outcome.out());
        assertTrue(outcome.out().contains("2 cells, about ") && outcome.out().contains("to measure 1, 1 skipped"),
                outcome.out());
    }

    @Test
    void engineOptionsComeFromTheConfigAndTheFlagsByBackendAndKey() throws IOException {
        Path config = Files.writeString(directory.resolve("sweep.yaml"),
                "engineOptions:\n  onnx: {optimization: basic, spinning: disabled}\n");
        SweepSpec sweep = sweep("--config", config.toString(), "--engine-option", "onnx.optimization=disabled",
                "--engine-option", "djl.onednn=disabled");
        assertEquals(Map.of("onnx", Map.of("optimization", "disabled", "spinning", "disabled"), "djl",
                Map.of("onednn", "disabled")), sweep.engineOptions());
        assertEquals(Map.of(), sweep().engineOptions(), "a profile runs every engine at its defaults");
        assertEquals(Map.of(), sweep().engineOptions("onnx"));
    }

    @Test
    void everyFlagIsNamedAfterItsKeyAndTheOldSpellingsStillWork() throws IOException {
        SweepSpec current = sweep("--backends", "onnx,djl", "--kinds", "lstm,transformer", "--seq-lens", "8,16",
                "--batches", "1", "--hidden-sizes", "64", "--layers", "2", "--threads", "1,2", "--input-size", "12",
                "--heads", "2", "--ffn-ratio", "2", "--output-size", "3", "--bidirectional", "--variants", "all",
                "--seed", "7", "--tolerance", "1e-3", "--trials", "2", "--warmup-iterations", "1", "--iterations", "4",
                "--iteration-seconds", "0.5", "--shard", "1/2");
        SweepSpec earlier = sweep("--backends", "onnx,djl", "--models", "lstm,transformer", "--seq", "8,16",
                "--batch", "1", "--hidden", "64", "--layers", "2", "--threads", "1,2", "--input-size", "12",
                "--heads", "2", "--ffn-ratio", "2", "--output", "3", "--bidirectional", "--variants", "all",
                "--seed", "7", "--tolerance", "1e-3", "--forks", "2", "--warmups", "1", "--iterations", "4",
                "--iteration-seconds", "0.5", "--shard", "1/2");
        assertEquals(new SweepSpec("quick+custom", List.of("onnx", "djl"), List.of(ModelKind.LSTM,
                ModelKind.TRANSFORMER), List.of(8, 16), List.of(1), List.of(64), List.of(2), List.of(1, 2), 12, 2, 2,
                3, true, SweepSpec.ALL_VARIANTS, 7, 1e-3,
                new SweepSpec.Measurement(2, 1, 0.5, 4, 0.5, 300.0, 0.05, null),
                new SweepSpec.Shard(1, 2)), current);
        assertEquals(current, earlier);
    }

    @Test
    void helpNamesEachFlagFirstAndItsEarlierSpellingAfter() {
        CliErrorsTest.Outcome help = CliErrorsTest.seqbench(List.of(), "run", "--help");
        assertEquals(0, help.status(), help.err());
        for (String names : List.of("--kinds, --models=KIND[,KIND...]", "--seq-lens, --seq=T[,T...]",
                "--hidden-sizes, --hidden=H[,H...]", "--output-size, --output=N", "--warmup-iterations, --warmups=N")) {
            assertTrue(help.out().contains(names), names + " in:\n" + help.out());
        }
        assertTrue(help.out().contains("smoke, quick, standard (default: quick)"), help.out());
    }

    @Test
    void threadsMayNameAllCores() throws IOException {
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(cores > 1 ? List.of(1, cores) : List.of(1), sweep("--threads", "1,all-cores").threads());
    }

    @Test
    void aNegatedFlagOverridesTheConfig() throws IOException {
        Path config = Files.writeString(directory.resolve("sweep.yaml"), "bidirectional: true\n");
        assertEquals(true, sweep("--config", config.toString()).bidirectional());
        assertEquals(false, sweep("--config", config.toString(), "--no-bidirectional").bidirectional());
    }
}
