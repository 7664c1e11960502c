package org.seqbench.results.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqbench.results.CellResult;
import org.seqbench.results.Environment;
import org.seqbench.results.Fixtures;
import org.seqbench.results.RunRecord;
import org.seqbench.results.SweepSpec;
import org.seqbench.results.analysis.TrialEstimator;

class MarkdownSummaryTest {
    private final String markdown = MarkdownSummary.render(Fixtures.record());

    @Test
    void startsWithTheRunAndItsFixedCoordinates() {
        assertTrue(markdown.startsWith("# seqbench run `20261124-100000-quick`\n\n6 cells: 4 ok, 1 failed, 1 skipped;"
                + " 1 measured under contention"), markdown);
        assertTrue(markdown.contains("All cells: input size 64, hidden size 128, 1 layer, unidirectional, 1 thread, "
                + "fp32, head of 10 outputs on the last step, seed 42. Transformer: 4 heads, feed-forward 4 x d_model."),
                markdown);
    }

    @Test
    void countsAndMarksTheCellsMeasuredOnASlowHost() {
        org.seqbench.results.RunRecord run = Fixtures.record();
        String summary = MarkdownSummary.render(run.with(run.cells().getFirst().withSlowHost(true)));
        assertTrue(summary.contains("; 1 measured on a slow host (⚠: the host-speed canary was slow before and after "
                + "the cell)."), summary);
        assertTrue(summary.contains("| 1.2e-07 | 1.00 | 0.10 ⚠ |"), "the slow cell is marked:\n" + summary);
    }

    @Test
    void aMergedRunNamesItsShardsInTheOverviewOfBothReports() {
        RunRecord run = Fixtures.record();
        RunRecord merged = new RunRecord(run.schemaVersion(), "merged", run.createdAt(), run.completedAt(),
                run.sweep(), run.environment(), run.cells(), run.canary(), List.of(
                        new RunRecord.MergedShard("a", new SweepSpec.Shard(1, 2), run.createdAt(),
                                run.completedAt(), "box", List.of()),
                        new RunRecord.MergedShard("b", new SweepSpec.Shard(2, 2), run.createdAt(),
                                run.completedAt(), "box", List.of())));
        String summary = MarkdownSummary.render(merged);
        assertTrue(summary.contains(" Merged from shard 1/2 (run a), shard 2/2 (run b).\n"), summary);
        assertFalse(markdown.contains("Merged from"), "a run measured as one says nothing of shards");
        assertTrue(ReportTables.overview(merged).contains("; merged from shard 1/2 (run a), shard 2/2 (run b); "),
                ReportTables.overview(merged));
    }

    @Test
    void listsTheEnvironmentIncludingUnavailableBackends() {
        assertTrue(markdown.contains("| CPU | AMD EPYC, 2 logical cores |"), markdown);
        assertTrue(markdown.contains("onnx: ONNX Runtime 1.29.0 on cpu<br>cuda: CUDA unknown on none (unavailable: "
                + "no driver)"), markdown);
        assertTrue(markdown.contains("| Thread settings | OMP_NUM_THREADS=1 |"), markdown);
    }

    @Test
    void hasOneTablePerKindWithEveryFigure() {
        assertTrue(markdown.contains(" parameters.\n\n| backend | seq | batch | p50 ms | mean ± CI ms | seq/s | tokens/s |"
                + " GFLOP/s | max abs err | cores used | others' CPU |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n"),
                markdown);
        assertTrue(markdown.contains("| onnx | 16 | 1 | 0.931 | 0.95 ± 0.0095 | 1,053 | 16,842 |"), markdown);
        assertTrue(markdown.contains("| 1.2e-07 | 1.00 | 0.10 |"), markdown);
        assertTrue(markdown.contains("| 1.40 ⚠ |"), "contended cells are marked:\n" + markdown);
        assertTrue(markdown.contains("\n## Transformer\n"), markdown);
    }

    @Test
    void eachKindsTableIsHeadedByItsModelAndItsParameterCount() {
        // lstm: 4 * (128 * (64 + 128) + 2 * 128) + 128 * 10 + 10; transformer: 128 * 64 + 128, then
        // 4 * 128^2 + 2 * 128 * 512 + 512 + 9 * 128, then the same head.
        assertTrue(markdown.contains("\n## LSTM\n\nlstm I=64 H=128 L=1 O=10: 100,618 parameters.\n\n| backend |"),
                markdown);
        assertTrue(markdown.contains("\n## Transformer\n\ntransformer I=64 d=128 L=1 heads=4 ffn=512 O=10: 207,882 "
                + "parameters.\n\n| backend |"), markdown);
    }

    @Test
    void namesTheVariantOnlyWhereABackendRanSeveral() {
        assertTrue(markdown.contains("| onnx · standard-ops | 16 |"), markdown);
        assertTrue(markdown.contains("| onnx · contrib-attention | 16 |"), markdown);
        assertFalse(markdown.contains("onnx · fused-op"), markdown);
    }

    @Test
    void listsCellsThatWereNotMeasuredWithEscapedReasons() {
        assertTrue(markdown.contains("## Not measured\n\n| cell | status | reason |"), markdown);
        assertTrue(markdown.contains("| skipped | cuda is unavailable: no driver |"), markdown);
        assertTrue(markdown.contains("| failed | the output differs \\| badly |"), markdown);
    }

    @Test
    void statesTheFindingsAndKeyTablesBeforeTheCellTables() {
        int findings = markdown.indexOf("\n## Findings\n");
        int environment = markdown.indexOf("\n## Environment\n");
        int lstm = markdown.indexOf("\n## LSTM\n");
        assertTrue(findings > 0 && findings < environment && environment < lstm, markdown);
        assertTrue(markdown.contains("\n**Measurement**\n\n- 1 of 4 measured cells ran while other processes used the "
                + "cores they needed"), markdown);
        assertTrue(markdown.contains("- Measured peak on cpu (float32 2048 x 2048 matrix product, fastest repetition on"
                + " onnx): 120 GFLOP/s on 1 thread."), markdown);
        assertTrue(markdown.contains("\n## Measured peak (float32 matrix product, fastest repetition)\n\n| device |"
                + " threads | backend | size | GFLOP/s | fastest |\n|---|---|---|---|--:|--:|\n| cpu | 1 thread | onnx |"
                + " 2048 x 2048 | 120 | 143 ms |\n"), markdown);
    }

    @Test
    void thePeakSectionShowsTheFmaPeakAndTheBandwidthOrSaysTheRecordPredatesThem() {
        assertTrue(markdown.contains("\nThe cores' FMA peak (independent fused multiply-adds, best iteration), which no "
                + "engine can pass, and the memory bandwidth (STREAM triad, 12 bytes an element, best iteration):\n\n"
                + "| device | threads | FMA GFLOP/s | vectors | GB/s | arrays |\n|---|---|--:|---|--:|---|\n"
                + "| cpu | 1 thread | 140 | 512-bit, 16 floats | 18.5 | 3 x 128 MiB |\n"), markdown);
        assertFalse(markdown.contains("No FMA peak"), markdown);
        RunRecord record = Fixtures.record();
        Environment before = record.environment();
        RunRecord stripped = record.withEnvironment(new Environment(before.cpuModel(), before.logicalCores(),
                before.memoryBytes(), before.os(), before.jvm(), before.hostname(), before.gitCommit(),
                before.seqbenchVersion(), before.backends(), before.threadEnvironment(), before.peaks(), null, null));
        // Schema 2 predates the engine-free probes; a schema-3 record without their figures ran them, and they failed.
        RunRecord older = new RunRecord(2, stripped.runId(), stripped.createdAt(), stripped.completedAt(),
                stripped.sweep(), stripped.environment(), stripped.cells(), stripped.canary());
        assertTrue(MarkdownSummary.render(stripped).contains("No FMA peak or memory bandwidth was measured (the probes "
                + "failed: their console lines say why)"), MarkdownSummary.render(stripped));
        String summary = MarkdownSummary.render(older);
        assertTrue(summary.contains("| cpu | 1 thread | onnx | 2048 x 2048 | 120 | 143 ms |\n\nNo FMA peak or memory "
                + "bandwidth was measured (the record predates those probes): work rates are compared with the matrix "
                + "product only, and no roofline is drawn.\n"), summary);
        assertFalse(summary.contains("FMA GFLOP/s"), summary);
    }

    @Test
    void comparesSeveralRunsWithTheirSeriesToldApart() {
        RunRecord first = Fixtures.record();
        RunRecord second = new RunRecord(first.schemaVersion(), "20261125-100000-quick", first.createdAt(),
                first.completedAt(), first.sweep(), first.environment(), first.cells(), first.canary());
        String comparison = MarkdownSummary.compare(List.of(first, second));
        assertTrue(comparison.startsWith("# seqbench: 2 runs side by side\n\n- `20261124-100000-quick`: 6 cells"),
                comparison);
        assertTrue(comparison.contains("## Environment of `20261125-100000-quick`"), comparison);
        assertTrue(comparison.contains("Work rate on onnx · 20261125-100000-quick: from "), comparison);
    }

    @Test
    void trialsLeaveTodaysSummaryOfARecordUnchanged(@org.junit.jupiter.api.io.TempDir java.nio.file.Path scratch)
            throws java.io.IOException {
        RunRecord recorded = RecordedRun.read(scratch);
        RunRecord withTrials = recorded;
        for (org.seqbench.results.CellResult cell : recorded.cells()) {
            withTrials = withTrials.with(cell.withTrials(List.of(
                    new org.seqbench.results.CellResult.Trial(0, "2026-11-24T10:00:00Z", 10, 1, 1.1, 1.2, 1.3, 1.4,
                            null, null, null, null, null, null, 1.0))));
        }
        org.junit.jupiter.api.Assertions.assertEquals(MarkdownSummary.render(recorded),
                MarkdownSummary.render(withTrials));
    }

    @Test
    void aRecordWithTrialsShowsEachCellsHeadlineWithItsIntervalAcrossTrials() {
        String summary = MarkdownSummary.render(Fixtures.recordWithTrials());
        assertTrue(summary.contains("| backend | seq | batch | p50 ms | latency ms | seq/s | tokens/s | GFLOP/s |"),
                summary);
        // The median of the minima 0.90..0.99 and its order-statistic interval; the rates are at it.
        assertTrue(summary.contains("| onnx | 16 | 1 | 0.931 | 0.945 (0.91 to 0.98) | 1,058 | 16,931 | 3.35 |"),
                summary);
        assertTrue(summary.contains("\nLatency: each cell's headline, the " + TrialEstimator.MEDIAN_OF_MINIMA.label()
                + ", with its 95% interval across trials (low to high)"), summary);
        assertTrue(summary.contains("percentiles of all its samples."), summary);
        assertFalse(summary.contains("mean ± CI"), summary);
    }

    @Test
    void aMinimumHeadlineStandsAloneAndTheLegendSaysWhereItsIntervalIs() {
        RunRecord record = Fixtures.record();
        CellResult minimum = Fixtures.withTrials(record.cells().getFirst(),
                Fixtures.trials(0.90, 0.91, 0.92, 0.93, 0.94, 0.95), TrialEstimator.MINIMUM);
        assertFalse(minimum.headline().hasInterval(), "a minimum has no interval within one run");
        String summary = MarkdownSummary.render(record.with(minimum));
        assertTrue(summary.contains("the minimum has no interval within one run (no resample goes below it); between "
                + "two runs its ratio has one (seqbench reproducibility)"), summary);
        assertFalse(summary.contains("too few for an interval (it needs at least 5)"), summary);
    }

    @Test
    void aCellWithTooFewTrialsForAnIntervalShowsItsHeadlineAloneAndTheLegendSaysWhy() {
        String summary = MarkdownSummary.render(Fixtures.recordWithTrials());
        assertTrue(summary.contains("| onnx | 64 | 1 | 3.72 | 3.7 | 270 |"), summary);
        assertTrue(summary.contains("; a value alone had 3 trials, too few for an interval (it needs at least "
                + TrialEstimator.MEDIAN_OF_MINIMA.fewestTrials() + ")."), summary);
    }

    @Test
    void theSummaryOfARecordWithTrialsSaysWhichFigureDrivesWhat() {
        String summary = MarkdownSummary.render(Fixtures.recordWithTrials());
        int paragraph = summary.indexOf("\n## Which figure drives what\n\nFits, crossovers, gains and comparisons are "
                + "made on each cell's headline, the " + TrialEstimator.MEDIAN_OF_MINIMA.label() + ": it is robust to noise "
                + "that only slows a program down");
        assertTrue(paragraph > 0 && paragraph < summary.indexOf("\n## Findings\n"), summary);
        assertTrue(summary.contains("Intervals are 95% and across trials, the independent unit, not across samples. "
                + "Cells were measured as 3 to 10 trials, interleaved across the run in a seeded random order, each in "
                + "a fresh JVM per round.\n"), summary);
        assertFalse(markdown.contains("Which figure drives what"), "a record without trials reads as before");
    }

    @Test
    void aMultimodalCellIsMarkedInItsTableAndListedWithItsClusters() {
        String summary = MarkdownSummary.render(Fixtures.recordWithTrials());
        assertTrue(summary.contains("| onnx · contrib-attention | 16 | 1 | 1.47 | 1.61 (1.4 to 1.81), 2 modes |"),
                summary);
        assertTrue(summary.contains("\n## Cells with separate clusters of trials\n\nThese cells' trial medians fall "
                + "into separate clusters"), summary);
        assertTrue(summary.contains("no single figure describes such a cell"), summary);
        assertTrue(summary.contains("| onnx[contrib-attention] transformer T=16 B=1 H=128 L=1 threads=1 | 2 | 1.48 ms "
                + "(5 trials), 1.9 ms (5 trials) |\n"), summary);
        assertFalse(markdown.contains("separate clusters"), markdown);
    }

    @Test
    void aCellsDisturbedTrialsAreCountedInItsRowThoughTheCellIsNotDisturbed() {
        String summary = MarkdownSummary.render(Fixtures.recordWithTrials());
        assertTrue(summary.contains("| 1.2e-07 | 1.00 | 0.20 (2 of 10 trials disturbed) |\n"), summary);
    }

    @Test
    void aCellWithTrialsButNoHeadlineRendersAsBefore() {
        RunRecord run = Fixtures.record();
        org.seqbench.results.CellResult first = run.cells().getFirst();
        RunRecord withTrials = run.with(first.withTrials(Fixtures.trials(0.9, 0.91, 0.92)));
        org.junit.jupiter.api.Assertions.assertEquals(markdown, MarkdownSummary.render(withTrials));
    }

    @Test
    void eachKindsTableHasThePeakMemoryWhereTheRecordHasIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path scratch)
            throws java.io.IOException {
        String summary = MarkdownSummary.render(RecordedRun.withBoundsAndMemory(scratch));
        assertTrue(summary.contains("| max abs err | cores used | others' CPU | peak memory |"), summary);
        // T = 256, batch 8: 8 MiB + 2048 x 64 KiB = 136 MiB above the baseline, 24 MiB + 2048 x 4 KiB of heap.
        assertTrue(summary.contains(" | 136 MiB (heap 32 MiB) |"), summary);
        assertFalse(MarkdownSummary.render(RecordedRun.read(scratch)).contains("peak memory"),
                "a record before schema 6 keeps its table as it was");
    }
}
