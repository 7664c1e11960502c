package org.seqbench.results.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.seqbench.results.CellResult;
import org.seqbench.results.Json;
import org.seqbench.results.RunRecord;

/**
 * A run as Bencher Metric Format JSON (https://bencher.dev/docs/reference/bencher-metric-format/), for {@code bencher
 * run --adapter json}: one benchmark per measured cell, named by its {@link org.seqbench.results.Cell#key() key}, with
 * Bencher's two built-in measures in Bencher's units: {@code latency} in nanoseconds at the cell's headline, and
 * {@code throughput} in operations (sequences) per second at it, each with the interval the reports show where the
 * cell has one.
 */
public final class BencherMetricFormat {
    /** The slug of Bencher's built-in latency measure, in nanoseconds. */
    public static final String LATENCY = "latency";
    /** The slug of Bencher's built-in throughput measure, in operations per second. */
    public static final String THROUGHPUT = "throughput";

    private static final double NANOSECONDS_PER_MS = 1e6;

    private BencherMetricFormat() {
    }

    /** The JSON object, keyed by cell key, of every measured cell of {@code record} ({@link CellLatency#measured}). */
    public static String json(RunRecord record) throws JsonProcessingException {
        ObjectMapper mapper = Json.mapper();
        ObjectNode root = mapper.createObjectNode();
        for (CellResult result : record.cells()) {
            if (!CellLatency.measured(result)) {
                continue;
            }
            ObjectNode benchmark = root.putObject(result.cell().key());
            Double low = CellLatency.low(result);
            Double high = CellLatency.high(result);
            boolean interval = low != null && high != null;
            ObjectNode latency = benchmark.putObject(LATENCY);
            latency.put("value", result.headlineMs() * NANOSECONDS_PER_MS);
            if (interval) {
                latency.put("lower_value", low * NANOSECONDS_PER_MS);
                latency.put("upper_value", high * NANOSECONDS_PER_MS);
            }
            if (result.throughput() != null) {
                // One forward pass runs the batch's sequences: the faster end of the latency is the upper throughput.
                int batch = result.cell().batch();
                ObjectNode throughput = benchmark.putObject(THROUGHPUT);
                throughput.put("value", CellLatency.throughput(result).sequencesPerSecond());
                if (interval) {
                    throughput.put("lower_value", batch / (high / 1000));
                    throughput.put("upper_value", batch / (low / 1000));
                }
            }
        }
        return mapper.writeValueAsString(root);
    }
}
