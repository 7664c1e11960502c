package org.seqbench.history;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.seqbench.results.CellResult;
import org.seqbench.results.Environment;
import org.seqbench.results.Fixtures;
import org.seqbench.results.RunRecord;

/**
 * Run records to store: results' {@link Fixtures#recordWithTrials()} (cells with trials and headlines, one skipped
 * and one failed cell) as run {@code index}, started {@code index} hours after the first, on a host and with an
 * ONNX Runtime version of the caller's choosing, its trials' figures scaled so that each run's headlines differ.
 */
public final class HistoryRuns {
    private HistoryRuns() {
    }

    /** Run {@code index} on host "box" with onnx 1.29.0 and commit "c{index}". */
    public static RunRecord run(int index) {
        return run(index, "box", "1.29.0");
    }

    public static RunRecord run(int index, String hostname, String onnxVersion) {
        RunRecord base = Fixtures.recordWithTrials();
        Environment e = base.environment();
        List<Environment.BackendInfo> backends = new ArrayList<>();
        for (Environment.BackendInfo backend : e.backends()) {
            backends.add(backend.id().equals("onnx") ? new Environment.BackendInfo("onnx", backend.name(),
                    onnxVersion, backend.device(), true, null, Map.of("optimization", index % 2 == 0 ? "all"
                            : "disabled", "spinning", "enabled")) : backend);
        }
        Environment environment = new Environment(e.cpuModel(), e.logicalCores(), e.memoryBytes(), e.os(), e.jvm(),
                hostname, "c" + index, e.seqbenchVersion(), backends, e.threadEnvironment(), e.peaks(), e.fmaPeaks(),
                e.bandwidths());
        List<CellResult> cells = new ArrayList<>();
        for (CellResult cell : base.cells()) {
            cells.add(cell.trials().isEmpty() ? cell : Fixtures.withTrials(cell, scaled(cell.trials(),
                    1 + 0.01 * index)));
        }
        Instant start = Instant.parse("2026-12-01T00:00:00Z").plus(index, ChronoUnit.HOURS);
        return new RunRecord(RunRecord.SCHEMA_VERSION, "20261201-%04d-quick".formatted(index), start.toString(),
                start.plus(5, ChronoUnit.MINUTES).toString(), base.sweep(), environment, cells, base.canary());
    }

    private static List<CellResult.Trial> scaled(List<CellResult.Trial> trials, double factor) {
        return trials.stream().map(t -> new CellResult.Trial(t.index(), t.startedAt(), t.samples(), t.min() * factor,
                t.p10(), t.median() * factor, t.mean() * factor, t.p90() * factor, t.p99(), t.otherCpuCores(),
                t.ownCpuCores(), t.stealCores(), t.contended(), t.slowHost(), t.seconds())).toList();
    }
}
