package org.seqbench.results;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code cells.csv}: one row per cell, every coordinate and figure in its own column, for spreadsheets and pandas. A
 * figure not measured (the memory without /proc, the device time of a backend that has none) is an empty column.
 */
public final class CsvReport {
    public static final String FILE_NAME = "cells.csv";

    private static final List<String> COLUMNS = List.of("backend", "variant", "device", "precision", "kind",
            "seq_len", "batch", "hidden_size", "layers", "threads", "input_size", "heads", "ffn_size", "output_size",
            "bidirectional", "status", "reason", "latency_mean_ms", "latency_ci_low_ms", "latency_ci_high_ms",
            "latency_p50_ms", "latency_p90_ms", "latency_p99_ms", "latency_min_ms", "latency_max_ms", "samples",
            "device_ms", "sequences_per_s", "tokens_per_s", "flops", "bytes", "sequential_steps", "gflops",
            "max_abs_error", "max_rel_error", "tolerance", "other_cpu_cores", "steal_cores", "own_cpu_cores",
            "contended",
            "peak_rss_bytes", "baseline_rss_bytes", "rss_above_baseline_bytes", "heap_used_bytes", "engine_start_included", "started_at",
            "wall_seconds");

    private CsvReport() {
    }

    public static void write(Path runDirectory, RunRecord record) throws IOException {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        COLUMNS.forEach(schema::addColumn);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (CellResult result : record.cells()) {
            rows.add(row(result));
        }
        String csv = new CsvMapper().writer(schema.build()).writeValueAsString(rows);
        RunRecordFiles.writeAtomically(runDirectory.resolve(FILE_NAME), csv);
    }

    private static Map<String, Object> row(CellResult result) {
        Cell cell = result.cell();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("backend", cell.backend());
        row.put("variant", cell.variant());
        row.put("device", cell.device());
        row.put("precision", cell.precision());
        row.put("kind", cell.kind().id());
        row.put("seq_len", cell.seqLen());
        row.put("batch", cell.batch());
        row.put("hidden_size", cell.hiddenSize());
        row.put("layers", cell.layers());
        row.put("threads", cell.threads());
        row.put("input_size", cell.inputSize());
        row.put("heads", cell.heads());
        row.put("ffn_size", cell.ffnSize());
        row.put("output_size", cell.outputSize());
        row.put("bidirectional", cell.bidirectional());
        row.put("status", result.status().id());
        row.put("reason", result.reason());
        CellResult.Latency latency = result.latency();
        if (latency != null) {
            row.put("latency_mean_ms", latency.mean());
            row.put("latency_ci_low_ms", latency.ciLow());
            row.put("latency_ci_high_ms", latency.ciHigh());
            row.put("latency_p50_ms", latency.p50());
            row.put("latency_p90_ms", latency.p90());
            row.put("latency_p99_ms", latency.p99());
            row.put("latency_min_ms", latency.min());
            row.put("latency_max_ms", latency.max());
            row.put("samples", latency.samples());
        }
        row.put("device_ms", result.deviceMs());
        if (result.throughput() != null) {
            row.put("sequences_per_s", result.throughput().sequencesPerSecond());
            row.put("tokens_per_s", result.throughput().tokensPerSecond());
        }
        if (result.work() != null) {
            row.put("flops", result.work().flops());
            row.put("bytes", result.work().bytes());
            row.put("sequential_steps", result.work().sequentialSteps());
        }
        row.put("gflops", result.gflops());
        if (result.accuracy() != null) {
            row.put("max_abs_error", result.accuracy().maxAbsError());
            row.put("max_rel_error", result.accuracy().maxRelError());
            row.put("tolerance", result.accuracy().tolerance());
        }
        if (result.contention() != null) {
            row.put("other_cpu_cores", result.contention().otherCpuCores());
            row.put("steal_cores", result.contention().stealCores());
            row.put("own_cpu_cores", result.contention().ownCpuCores());
            row.put("contended", result.contention().contended());
        }
        if (result.memory() != null) {
            row.put("peak_rss_bytes", result.memory().peakRssBytes());
            row.put("baseline_rss_bytes", result.memory().baselineRssBytes());
            row.put("rss_above_baseline_bytes", result.memory().peakAboveBaselineBytes());
            row.put("heap_used_bytes", result.memory().heapUsedBytes());
            row.put("engine_start_included", result.memory().engineStartIncluded());
        }
        row.put("started_at", result.startedAt());
        row.put("wall_seconds", result.wallSeconds());
        return row;
    }
}
