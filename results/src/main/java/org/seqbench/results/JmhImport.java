package org.seqbench.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JMH's JSON result format ({@code -rf json}) for {@code Mode.SampleTime} benchmarks: the mean with JMH's
 * confidence interval, the percentiles of the sample distribution, and the sample count from the raw histograms.
 * Values are converted to milliseconds whatever JMH's time unit was.
 */
public final class JmhImport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JmhImport() {
    }

    /** One benchmark result: its {@code @Param} values and its latency. */
    public record Benchmark(String name, String mode, Map<String, String> params, CellResult.Latency latency) {
    }

    /**
     * Reads every benchmark in a JMH JSON file.
     *
     * @throws IllegalArgumentException if the file is not a JMH JSON result
     */
    public static List<Benchmark> read(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException(file + " is not a JMH JSON result (expected an array of benchmarks)");
        }
        List<Benchmark> benchmarks = new ArrayList<>();
        for (JsonNode benchmark : root) {
            benchmarks.add(parse(file, benchmark));
        }
        return benchmarks;
    }

    private static Benchmark parse(Path file, JsonNode benchmark) {
        JsonNode metric = benchmark.get("primaryMetric");
        if (metric == null || !metric.has("score") || !metric.has("scoreUnit")) {
            throw new IllegalArgumentException(file + " holds a benchmark without a primary metric");
        }
        double toMilliseconds = millisecondsPer(metric.get("scoreUnit").asText());
        JsonNode percentiles = metric.path("scorePercentiles");
        JsonNode confidence = metric.path("scoreConfidence");
        double mean = metric.get("score").asDouble() * toMilliseconds;
        double ciLow = confidence.isArray() ? confidence.get(0).asDouble() * toMilliseconds : mean;
        double ciHigh = confidence.isArray() ? confidence.get(1).asDouble() * toMilliseconds : mean;
        CellResult.Latency latency = new CellResult.Latency(mean, ciLow, ciHigh, 0.999,
                percentile(percentiles, "50.0", toMilliseconds), percentile(percentiles, "90.0", toMilliseconds),
                percentile(percentiles, "99.0", toMilliseconds), percentile(percentiles, "0.0", toMilliseconds),
                percentile(percentiles, "100.0", toMilliseconds), sampleCount(metric.path("rawDataHistogram")));
        Map<String, String> params = new LinkedHashMap<>();
        benchmark.path("params").properties().forEach(entry -> params.put(entry.getKey(), entry.getValue().asText()));
        return new Benchmark(benchmark.path("benchmark").asText(), benchmark.path("mode").asText(), params, latency);
    }

    private static double percentile(JsonNode percentiles, String key, double toMilliseconds) {
        JsonNode value = percentiles.get(key);
        return value == null ? Double.NaN : value.asDouble() * toMilliseconds;
    }

    /**
     * The samples of the first benchmark in a JMH JSON file, every fork and measurement iteration pooled, in ms.
     *
     * @throws IllegalArgumentException if the file is not a JMH JSON result with a raw histogram
     */
    public static SampleHistogram histogram(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw new IllegalArgumentException(file + " is not a JMH JSON result (expected an array of benchmarks)");
        }
        JsonNode metric = root.get(0).path("primaryMetric");
        JsonNode raw = metric.path("rawDataHistogram");
        if (!raw.isArray() || !metric.has("scoreUnit")) {
            throw new IllegalArgumentException(file + " holds no raw sample histogram (not a SampleTime result)");
        }
        double toMilliseconds = millisecondsPer(metric.get("scoreUnit").asText());
        Map<Double, Long> samples = new java.util.HashMap<>();
        for (JsonNode fork : raw) {
            for (JsonNode iteration : fork) {
                for (JsonNode bucket : iteration) {
                    samples.merge(bucket.get(0).asDouble() * toMilliseconds, bucket.get(1).asLong(), Long::sum);
                }
            }
        }
        return SampleHistogram.of(samples);
    }

    /** rawDataHistogram is [fork][iteration][[value, count], ...]. */
    private static long sampleCount(JsonNode histogram) {
        long samples = 0;
        for (JsonNode fork : histogram) {
            for (JsonNode iteration : fork) {
                for (JsonNode bucket : iteration) {
                    samples += bucket.get(1).asLong();
                }
            }
        }
        return samples;
    }

    private static double millisecondsPer(String unit) {
        return switch (unit) {
            case "ns/op" -> 1e-6;
            case "us/op" -> 1e-3;
            case "ms/op" -> 1.0;
            case "s/op" -> 1e3;
            default -> throw new IllegalArgumentException("JMH result in unit '" + unit
                    + "'; seqbench reads SampleTime results in ns/op, us/op, ms/op or s/op");
        };
    }
}
