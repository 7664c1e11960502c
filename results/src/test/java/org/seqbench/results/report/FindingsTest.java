package org.seqbench.results.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqbench.core.ModelKind;
import org.seqbench.results.CanarySample;
import org.seqbench.results.Environment;
import org.seqbench.results.RunRecord;
import org.seqbench.results.analysis.Analysis;
import org.seqbench.results.analysis.SyntheticRun;

/** The findings state the fitted numbers in sentences a reader can check against the synthetic truth. */
class FindingsTest {
    private static final List<Integer> LENGTHS = List.of(16, 32, 64, 128, 256, 512, 1024);

    /** LSTM 2.5 µs per step after 40 µs; Transformer 1e-5 T² + 1e-3 T; twice as fast on 2 threads but contended. */
    private static List<String> findings() {
        SyntheticRun run = new SyntheticRun("r", List.of(ModelKind.LSTM, ModelKind.TRANSFORMER), LENGTHS,
                List.of(1, 8), List.of(1, 2))
                .contended("lstm/64/1/2")
                .peaks(new Environment.Peak("onnx", "cpu", 1, 2048, 250, 68.7, 70, 12, 0.01));
        return Findings.of(Analysis.of(run.record((kind, t, b, threads) -> (kind == ModelKind.LSTM
                ? 0.040 + 0.0025 * t * (1 + 0.5 * (b - 1))
                : 0.02 + 1e-3 * t * b + 1e-5 * t * t * b) / threads)));
    }

    private static String find(List<String> sentences, String start) {
        return sentences.stream().filter(sentence -> sentence.startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no finding starts with '" + start + "' in " + sentences));
    }

    @Test
    void countsTheContendedCellsFirst() {
        assertEquals("1 of 56 measured cells ran while other processes used the cores they needed (⚠); they are shown"
                + " but left out of the fits and crossovers.", findings().getFirst());
    }

    @Test
    void statesHowFarTheCanarySawTheHostsSpeedMoveAndHowManyCellsItMarked() {
        SyntheticRun run = new SyntheticRun("r", List.of(ModelKind.LSTM), List.of(16, 64, 256), List.of(1),
                List.of(1)).slowHost("lstm/64/1/1", "lstm/256/1/1")
                .canary(new CanarySample("2026-11-24T10:00:00Z", 30, 31, 5, null, null),
                        new CanarySample("2026-11-24T10:01:00Z", 41.1, 45, 5, null, null),
                        new CanarySample("2026-11-24T10:02:00Z", 36, 37, 5, null, null),
                        new CanarySample("2026-11-24T10:03:00Z", 35, 36, 5, null, null));
        List<String> sentences = Findings.of(Analysis.of(run.record((kind, t, b, threads) -> 0.01 * t)));
        assertEquals("The host's speed, by the canary, varied 1.00x to 1.37x during the run (4 visits, the slowest at"
                + " 2026-11-24T10:01:00Z); 2 cells measured while it was slow (more than 1.15x the fastest visit's"
                + " time before and after) are marked ⚠ and left out of the fits.", sentences.get(1));
        assertEquals("All 3 measured cells ran without contention from other processes.", sentences.getFirst(),
                "a slow host is not counted as contention");

        SyntheticRun steady = new SyntheticRun("r", List.of(ModelKind.LSTM), List.of(16, 64, 256), List.of(1),
                List.of(1)).canary(new CanarySample("2026-11-24T10:00:00Z", 30, 31, 5, null, null));
        assertEquals("The host's speed, by the canary, varied 1.00x to 1.00x during the run (1 visit, the slowest at"
                + " 2026-11-24T10:00:00Z); no cell was measured while it was slow.",
                Findings.of(Analysis.of(steady.record((kind, t, b, threads) -> 0.01 * t))).get(1));
        assertTrue(findings().stream().noneMatch(sentence -> sentence.contains("canary")),
                "a run without a canary says nothing of it");
    }

    @Test
    void saysNothingAboutCoresWhenEachCellUsedWhatItAskedFor() {
        assertTrue(findings().stream().noneMatch(sentence -> sentence.contains("kept more cores busy")),
                findings().toString());
    }

    @Test
    void namesABackendWhoseJvmKeptMoreCoresBusyThanItsThreads() {
        SyntheticRun run = new SyntheticRun("r", List.of(ModelKind.LSTM), List.of(16, 64, 256), List.of(1),
                List.of(1, 2)).extraCores(0.5);
        List<String> sentences = Findings.of(Analysis.of(run.record((kind, t, b, threads) -> 0.01 * t / threads)));
        assertEquals("onnx kept more cores busy than its cells asked for threads in 6 of 6 cells (by 0.5 cores at the"
                + " median; at most 1.5 cores for 1 thread, LSTM at T = 16, batch 1): other threads of its JVM"
                + " (garbage collector, the engine's helpers) worked beside the measured ones, so its figures for n"
                + " threads are not n-core figures.", sentences.get(1));
    }

    @Test
    void neverReportsANegativeOverheadOrShare() {
        // Per-step cost that grows with T (a line through it has a negative intercept), and a Transformer whose
        // latency bends the other way (a negative T² term).
        SyntheticRun run = new SyntheticRun("r", List.of(ModelKind.LSTM, ModelKind.TRANSFORMER), LENGTHS,
                List.of(1), List.of(1));
        List<String> sentences = Findings.of(Analysis.of(run.record((kind, t, b, threads) -> kind == ModelKind.LSTM
                ? 0.001 * Math.pow(t, 1.2) : 0.05 * Math.sqrt(t))));
        String lstm = find(sentences, "LSTM on onnx: latency grows as T^1.2");
        assertTrue(lstm.contains("on top of no measurable fixed overhead (the line's intercept is negative, -"), lstm);
        String transformer = find(sentences, "Transformer on onnx: latency grows as T^0.5");
        assertTrue(transformer.endsWith("; the latency shows no quadratic part up to T = 1024 (the best a + b·T + c·T²"
                + " has a negative T² term)."), transformer);
    }

    @Test
    void statesTheStepCostAndTheRecurrenceShare() {
        String lstm = find(findings(), "LSTM on onnx: latency grows as T^");
        // The data are exact, so the standard errors are rounding noise.
        assertTrue(lstm.matches(".*at batch 1 each sequential step costs 2\\.5 ± [^ ]+ µs on top of a fixed 40 ± [^ ]+ µs,"
                + " so at T = 1024 the recurrence is 98% of the latency\\.$"), lstm);
    }

    @Test
    void statesTheTransformersQuadraticShare() {
        String transformer = find(findings(), "Transformer on onnx: latency grows as T^");
        // At T = 1024: 0.02 + 1.024 + 10.49 ms; the quadratic part is 91%, the linear 8.9%.
        assertTrue(transformer.contains("a + b·T + c·T² splits the latency at T = 1024 into 8.9% linear, 91% quadratic"
                + " (attention scores) and 0.2% constant"), transformer);
    }

    @Test
    void statesTheCrossoverWithItsBracket() {
        // 0.02 + 1e-3 T + 1e-5 T² against 0.040 + 0.0025 T: equal between 128 and 256 at batch 1.
        String crossover = find(findings(), "On onnx at batch 1, the Transformer is ");
        assertTrue(crossover.matches(".*faster than the LSTM up to T ≈ 1\\d\\d and slower beyond \\(interpolated between"
                + " 128 and 256\\)\\.$"), crossover);
    }

    @Test
    void statesBatchGainsAndThreadSpeedups() {
        List<String> sentences = findings();
        String batching = find(sentences, "Batching on onnx: at T = 1024, throughput from batch 1 to batch 8 grows ");
        assertTrue(batching.endsWith("(8x if batching were free)."), batching);
        String threads = find(sentences, "Threads on onnx at batch 1: at T = 1024, 2 threads against 1 give a speedup of");
        assertTrue(threads.contains("2x for the LSTM at 100% efficiency"), threads);
    }

    @Test
    void statesTheWorkRateAgainstThePeak() {
        List<String> sentences = findings();
        assertTrue(sentences.contains("Measured peak on cpu (float32 2048 x 2048 matrix product, fastest repetition on "
                + "onnx): 250 GFLOP/s on 1 thread."), sentences.toString());
        String work = find(sentences, "Work rate on onnx: from ");
        assertTrue(work.contains("% of peak)"), work);
    }

    @Test
    void aCellThatBeatsTheGemmProbeIsSaidToSuitTheEngineBetterNeverAShareAboveAHundredPercent() {
        // At 0.01 ms per step the GRU runs far above a 1 GFLOP/s product and far below a 10 TFLOP/s FMA peak.
        SyntheticRun run = new SyntheticRun("r", List.of(ModelKind.GRU), List.of(16, 64), List.of(1), List.of(1))
                .peaks(new Environment.Peak("onnx", "cpu", 1, 2048, 1, 17000, 17100, 5, 0.01))
                .fmaPeaks(new Environment.FmaPeak("cpu", 1, 10_000, 9_900, 512, 16, 12, 5, 0.01));
        List<String> sentences = Findings.of(Analysis.of(run.record((kind, t, b, threads) -> 0.01 * t)));
        String work = find(sentences, "Work rate on onnx: from ");
        assertTrue(work.contains("% of FMA peak, "), work);
        // Beating the engine's large product is legitimate: no claim that the probe ran low.
        assertTrue(work.contains(" the best GEMM (the cell's products suit the engine better than the probe's))"),
                work);
        for (String sentence : sentences) {
            assertFalse(sentence.matches("(?s).*\\b[1-9]\\d{2,}% of .*"), "a share above 100%: " + sentence);
        }
        // Without an FMA peak, the matrix product is the record's only bound, and is named as before.
        SyntheticRun old = new SyntheticRun("r", List.of(ModelKind.GRU), List.of(16, 64), List.of(1), List.of(1))
                .peaks(new Environment.Peak("onnx", "cpu", 1, 2048, 1, 17000, 17100, 5, 0.01));
        String oldWork = find(Findings.of(Analysis.of(old.record((kind, t, b, threads) -> 0.01 * t))),
                "Work rate on onnx: from ");
        assertTrue(oldWork.contains(" the peak (the cell's products suit the engine better than the probe's))"),
                oldWork);
    }

    @Test
    void cellsAboveTheMemoryRoofOrTheBestGemmAreWordedByTheirReasonNeverAsASharePastAHundredPercent() {
        // 0.01 ms per step: far above a 1 GFLOP/s product. A 0.001 GB/s bandwidth puts the memory roof below
        // every cell (lower roof: memory); a 1e6 GB/s one leaves the GEMM as the lower roof.
        for (double bandwidth : new double[] {0.001, 1e6}) {
            RunRecord record = new SyntheticRun("r", List.of(ModelKind.GRU, ModelKind.TRANSFORMER), List.of(16, 64),
                    List.of(1), List.of(1))
                    .peaks(new Environment.Peak("onnx", "cpu", 1, 2048, 1, 17000, 17100, 5, 0.01))
                    .fmaPeaks(new Environment.FmaPeak("cpu", 1, 1e7, 1e7, 512, 16, 12, 5, 0.01))
                    .bandwidths(new Environment.Bandwidth("cpu", 1, bandwidth, bandwidth, 128L << 20, 32L << 20, 5,
                            0.01))
                    .record((kind, t, b, threads) -> 0.01 * t);
            Analysis analysis = Analysis.of(record);
            List<String> sentences = Findings.of(analysis);
            String all = String.join("\n", sentences);
            if (bandwidth < 1) {
                String path = find(sentences, "Transformer on onnx from T = 16 to T = 64: ");
                assertTrue(path.contains("x the memory roof (its bytes come from cache) at the shorter, "), path);
            }
            assertTrue(all.contains(" above the best GEMM (the cell's products suit the engine better than the "
                    + "probe's)") || all.contains("x the best GEMM (the cell's products suit"), all);
            String page = HtmlReport.render(List.of(record));
            assertTrue(page.contains(bandwidth < 1 ? "x (cache)" : " (beats the probe)"), "the roofline table");
            for (String text : List.of(all, page, MarkdownSummary.render(record), MarkdownAnalysis.render(analysis))) {
                var percent = java.util.regex.Pattern.compile("(?<![\\d.])(\\d+(?:\\.\\d+)?)%").matcher(text);
                while (percent.find()) {
                    int from = Math.max(0, percent.start() - 80);
                    assertTrue(Double.parseDouble(percent.group(1)) <= 100, "a share above 100%: "
                            + text.substring(from, Math.min(text.length(), percent.end() + 80)));
                }
            }
        }
    }

    @Test
    void statesTheEngineFreeBoundsTheRooflineVerdictsAndTheTransformersPathAlongT() {
        SyntheticRun run = new SyntheticRun("r", List.of(ModelKind.LSTM, ModelKind.TRANSFORMER), List.of(16, 256),
                List.of(1), List.of(1))
                .peaks(new Environment.Peak("onnx", "cpu", 1, 256, 100, 0.34, 0.35, 50, 0.01),
                        new Environment.Peak("onnx", "cpu", 1, 2048, 80, 215, 216, 5, 0.01))
                .fmaPeaks(new Environment.FmaPeak("cpu", 1, 110, 108, 512, 16, 12, 5, 0.01))
                .bandwidths(new Environment.Bandwidth("cpu", 1, 15.6, 15.2, 128L << 20, 32L << 20, 5, 0.01));
        List<String> sentences = Findings.of(Analysis.of(run.record((kind, t, b, threads) -> 0.1 * t)));
        assertTrue(sentences.contains("FMA peak on cpu (the cores' limit: independent fused multiply-adds on 512-bit "
                + "vectors, best iteration): 110 GFLOP/s on 1 thread."), sentences.toString());
        assertTrue(sentences.contains("Memory bandwidth on cpu (STREAM triad over 128 MiB arrays, best iteration): "
                + "15.6 GB/s on 1 thread."), sentences.toString());
        assertTrue(sentences.contains("Best engine product on cpu (float32 n x n matrix products, n = 256 to 2048, "
                + "fastest repetition on onnx): 100 GFLOP/s on 1 thread (n = 256)."), sentences.toString());
        String roofline = find(sentences, "Roofline (a cell is bound by the lower roof at its arithmetic intensity when "
                + "it reaches at least 50% of it, and by neither when it reaches less): onnx at 1 thread, ");
        assertTrue(roofline.matches(".*, \\d+ cells? bound by (arithmetic|memory|neither \\(overhead\\))\\.$"), roofline);
        String path = find(sentences, "Transformer on onnx from T = 16 to T = 256: the attention products grow from ");
        assertTrue(path.contains(" of the FLOPs and the attention matrix from "), path);
        assertTrue(path.contains(" of the bytes, the arithmetic intensity goes from "), path);
        assertTrue(path.matches(".*GFLOP/s \\(.*% to .*% of the lower roof\\): bound by .*\\."), path);
    }

    @Test
    void theEngineFreeProbesAtThreadCountZeroRanOnEveryCoreNotAtAnEnginesDefault() {
        RunRecord record = new SyntheticRun("r", List.of(ModelKind.GRU), List.of(16, 64), List.of(1), List.of(0))
                .peaks(new Environment.Peak("onnx", "cpu", 0, 512, 100, 2.7, 2.8, 50, 0.01))
                .fmaPeaks(new Environment.FmaPeak("cpu", 0, 800, 790, 512, 16, 12, 5, 0.01))
                .bandwidths(new Environment.Bandwidth("cpu", 0, 15.6, 15.2, 128L << 20, 32L << 20, 5, 0.01))
                .record((kind, t, b, threads) -> 0.01 * t);
        Analysis analysis = Analysis.of(record);
        List<String> sentences = Findings.of(analysis);
        assertTrue(find(sentences, "FMA peak on cpu ").endsWith("800 GFLOP/s on every core (2 threads)."),
                sentences.toString());
        assertTrue(find(sentences, "Memory bandwidth on cpu ").endsWith("15.6 GB/s on every core (2 threads)."),
                sentences.toString());
        // The GEMM ran in an engine, at its default.
        assertTrue(find(sentences, "Measured peak on cpu ").endsWith("on engine-default threads."),
                sentences.toString());
        assertTrue(HtmlReport.render(List.of(record)).contains("every core (2 threads)"), "the bounds table");
        assertTrue(MarkdownAnalysis.render(analysis).contains("| every core (2 threads) | 800 |"), "the bounds rows");
    }

    @Test
    void anFmaPeakBelowAnEnginesProductIsSaidToHaveRunLow() {
        SyntheticRun run = new SyntheticRun("r", List.of(ModelKind.GRU), List.of(16, 64), List.of(1), List.of(1))
                .peaks(new Environment.Peak("onnx", "cpu", 1, 512, 100, 2.7, 2.8, 50, 0.01))
                .fmaPeaks(new Environment.FmaPeak("cpu", 1, 80, 79, 512, 16, 12, 5, 1.6));
        List<String> sentences = Findings.of(Analysis.of(run.record((kind, t, b, threads) -> 0.01 * t)));
        assertTrue(sentences.contains("FMA peak on cpu (the cores' limit: independent fused multiply-adds on 512-bit "
                + "vectors, best iteration): 80 GFLOP/s ⚠ on 1 thread. On 1 thread an engine's product ran faster than "
                + "it: the FMA probe ran low there, and shares of it are too high."), sentences.toString());
    }

    @Test
    void saysSoWhenThereIsNoPeak() {
        List<String> sentences = Findings.of(Analysis.of(new SyntheticRun("r", List.of(ModelKind.GRU), LENGTHS,
                List.of(1), List.of(1)).record((kind, t, b, threads) -> 0.01 * t)));
        assertTrue(sentences.contains("No peak was measured (the record predates seqbench's peak probe), so work rates "
                + "are stated in GFLOP/s only."), sentences.toString());
        assertEquals("All 7 measured cells ran without contention from other processes.", sentences.getFirst());
    }

    @Test
    void marksAPeakMeasuredUnderContentionAsLikelyLow() {
        List<String> sentences = Findings.of(Analysis.of(new SyntheticRun("r", List.of(ModelKind.GRU), LENGTHS,
                List.of(1), List.of(2)).peaks(new Environment.Peak("onnx", "cpu", 2, 2048, 207, 83, 85, 12, 0.99))
                .record((kind, t, b, threads) -> 0.01 * t)));
        assertTrue(sentences.contains("Measured peak on cpu (float32 2048 x 2048 matrix product, fastest repetition on"
                + " onnx): 207 GFLOP/s ⚠ on 2 threads. A peak marked ⚠ was measured while other processes used the "
                + "cores it needed: it is likely low, and shares of it too high."), sentences.toString());
    }
}
