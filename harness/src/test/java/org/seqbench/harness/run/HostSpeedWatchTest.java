package org.seqbench.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.seqbench.core.ModelKind;
import org.seqbench.core.Work;
import org.seqbench.results.CanarySample;
import org.seqbench.results.Cell;
import org.seqbench.results.CellResult;
import org.seqbench.results.Environment;
import org.seqbench.results.RunRecord;
import org.seqbench.results.SweepSpec;

/** The slow-host verdicts from scripted canary visits: which visits bracket a cell, and the rule at its boundary. */
class HostSpeedWatchTest {
    private static final List<Integer> LENGTHS = List.of(4, 8, 16, 32, 64, 128);

    private static Cell cell(int seqLen) {
        return new Cell("onnx", "fused-op", "cpu", "fp32", ModelKind.LSTM, seqLen, 1, 16, 1, 1, 8, 0, 0, 4, false);
    }

    private static CellResult ok(int seqLen) {
        Cell cell = cell(seqLen);
        return new CellResult(cell, CellResult.Status.OK, null,
                new CellResult.Latency(1, 0.99, 1.01, 0.999, 1, 1, 1, 1, 1, 100), new CellResult.Throughput(1000, 1000),
                Work.of(cell.spec(), 1, seqLen), 1.0, new CellResult.AccuracyFigures(1e-7, 1e-7, 1e-4, 1),
                new CellResult.Contention(0.01, 0.005, false, 1.0, 0.0), "2026-12-01T10:00:00Z", 5, null);
    }

    private static RunRecord empty() {
        SweepSpec sweep = new SweepSpec("smoke", List.of(), List.of(ModelKind.LSTM), LENGTHS, List.of(1),
                List.of(16), List.of(1), List.of(1), 8, 2, 2, 4, false, SweepSpec.DEFAULT_VARIANTS, 42, 1e-4,
                new SweepSpec.Measurement(1, 1, 0.1, 1, 0.1), null);
        Environment environment = new Environment("Test CPU", 2, 8L << 30, "Linux", "JDK 25", "box", null, "dev",
                List.of(), Map.of(), List.of(), List.of(), List.of());
        return new RunRecord(RunRecord.SCHEMA_VERSION, "run", "2026-12-01T10:00:00Z", null, sweep, environment,
                List.of(), List.of());
    }

    private static Iterator<CanarySample> visits(double... bestMs) {
        List<CanarySample> samples = new ArrayList<>();
        for (int i = 0; i < bestMs.length; i++) {
            samples.add(new CanarySample("2026-12-01T10:0" + i + ":00Z", bestMs[i], bestMs[i] + 1, 3, null, null));
        }
        return samples.iterator();
    }

    private static Boolean slowHost(RunRecord record, int seqLen) {
        return record.cells().stream().filter(result -> result.cell().seqLen() == seqLen).findFirst().orElseThrow()
                .slowHost();
    }

    @Test
    void aCellIsSlowWhenTheVisitsOnBothSidesWereMoreThanTheFactorSlowerThanTheFastest() {
        // Fastest 30 ms: the bar is 30 x 1.15 = 34.5 ms, and a visit must be above it, not at it.
        Iterator<CanarySample> canary = visits(30, 36, 34.5, 40, 35);
        HostSpeedWatch watch = new HostSpeedWatch(canary::next);
        RunRecord record = empty();
        record = record.with(ok(4)); // measured before any visit: nothing brackets it
        watch.measured(cell(4).key());
        record = watch.visit(record);
        for (int seqLen : List.of(8, 16, 32, 64)) {
            record = record.with(ok(seqLen));
            watch.measured(cell(seqLen).key());
            record = watch.visit(record);
        }
        assertEquals(5, record.canary().size());
        assertNull(slowHost(record, 4), "no visit before it");
        assertEquals(false, slowHost(record, 8), "30 then 36: fast before it");
        assertEquals(false, slowHost(record, 16), "36 then 34.5: exactly at the bar is not slow");
        assertEquals(false, slowHost(record, 32), "34.5 then 40: at the bar before it");
        assertEquals(true, slowHost(record, 64), "40 then 35: slow on both sides");
        assertTrue(record.cells().stream().filter(result -> result.cell().seqLen() == 64).allMatch(
                CellResult::disturbed));
        assertEquals("host speed by the canary: 1.00x to 1.33x over 5 visits (fastest 30 ms, slowest 40 ms at "
                + "2026-12-01T10:03:00Z); 1 cell was measured while it was slow (marked, left out of the fits)",
                HostSpeedWatch.summary(record).orElseThrow());
    }

    @Test
    void aFasterVisitLaterLowersTheBarForEveryCellAlreadyMeasured() {
        // Fastest 30 ms at first; the last visit, 29 ms, lowers the bar to 33.35 ms.
        Iterator<CanarySample> canary = visits(30, 34, 34.4, 29);
        HostSpeedWatch watch = new HostSpeedWatch(canary::next);
        RunRecord record = watch.visit(empty());
        for (int seqLen : List.of(4, 8)) {
            record = record.with(ok(seqLen));
            watch.measured(cell(seqLen).key());
            record = watch.visit(record);
        }
        assertEquals(false, slowHost(record, 8), "34 then 34.4 is within 1.15x of 30");
        record = record.with(ok(16));
        watch.measured(cell(16).key());
        record = watch.visit(record);
        assertEquals(true, slowHost(record, 8), "but not of 29");
        assertEquals(false, slowHost(record, 4));
        assertEquals(false, slowHost(record, 16), "29 after it");
    }

    @Test
    void eachTrialIsJudgedByTheVisitsAroundItAndTheCellByMostOfItsTrials() {
        // Fastest 30 ms: trials 0 and 1 fall between slow visits, trial 2 does not.
        Iterator<CanarySample> canary = visits(30, 40, 40, 31);
        HostSpeedWatch watch = new HostSpeedWatch(canary::next);
        RunRecord record = watch.visit(empty());
        List<CellResult.Trial> trials = new ArrayList<>();
        for (int index = 0; index < 3; index++) {
            trials.add(new CellResult.Trial(index, "2026-12-01T10:00:00Z", 10, 1, 1.0, 1, 1, 1, 1.0, 0.0, 1.0, 0.0,
                    false, null, 1));
            record = record.with(ok(4).withTrials(trials));
            watch.measured(cell(4).key(), index);
            record = watch.visit(record);
            trials = new ArrayList<>(record.cells().getFirst().trials());
        }
        List<Boolean> verdicts = record.cells().getFirst().trials().stream().map(CellResult.Trial::slowHost).toList();
        assertEquals(List.of(false, true, false), verdicts, "30|40 fast before, 40|40 slow, 40|31 fast after");
        assertEquals(false, slowHost(record, 4), "one of three trials slow: the cell is not, nor with two");
        assertTrue(HostSpeedWatch.summary(record).orElseThrow().endsWith("; 1 of 3 trials were measured while it "
                + "was slow"));
    }

    @Test
    void aRunWithoutTheCanarySaysNothingOfIt() {
        assertTrue(HostSpeedWatch.summary(empty()).isEmpty());
        HostSpeedWatch watch = new HostSpeedWatch(visits(30)::next);
        assertEquals("host speed by the canary: 1.00x to 1.00x over 1 visit (fastest 30 ms, slowest 30 ms at "
                + "2026-12-01T10:00:00Z); no cell was measured while it was slow",
                HostSpeedWatch.summary(watch.visit(empty())).orElseThrow());
        HostSpeedWatch busy = new HostSpeedWatch(List.of(
                new CanarySample("2026-12-01T10:00:00Z", 30, 31, 3, 1.25, 0.1)).iterator()::next);
        assertTrue(HostSpeedWatch.summary(busy.visit(empty())).orElseThrow()
                .contains("slowest 30 ms at 2026-12-01T10:00:00Z, others using 1.25 cores)"),
                "the slowest visit says whether the machine was busy then");
    }
}
