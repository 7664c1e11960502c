package org.seqbench.results.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.seqbench.results.CellResult;
import org.seqbench.results.Json;
import org.seqbench.results.Numbers;
import org.seqbench.results.RunRecord;
import org.seqbench.results.analysis.TrialEstimator;

/**
 * A run as the JSON github-action-benchmark reads with {@code tool: customSmallerIsBetter}
 * (https://github.com/benchmark-action/github-action-benchmark): an array of {@code {name, unit, value, range,
 * extra}}, one per measured cell, named by its {@link org.seqbench.results.Cell#key() key}, valued at its headline in
 * ms. The action takes {@code range} and {@code extra} as text for its charts' tooltips, so the interval is given as
 * "± half its width" and the rest (estimator, trials, disturbance) as lines of {@code extra}.
 */
public final class BenchmarkActionJson {
    /** The unit of every value. */
    public static final String UNIT = "ms";

    private BenchmarkActionJson() {
    }

    /** The JSON array of every measured cell of {@code record} ({@link CellLatency#measured}), in record order. */
    public static String json(RunRecord record) throws JsonProcessingException {
        ObjectMapper mapper = Json.mapper();
        ArrayNode root = mapper.createArrayNode();
        for (CellResult result : record.cells()) {
            if (!CellLatency.measured(result)) {
                continue;
            }
            ObjectNode entry = root.addObject();
            entry.put("name", result.cell().key());
            entry.put("unit", UNIT);
            entry.put("value", result.headlineMs());
            Double low = CellLatency.low(result);
            Double high = CellLatency.high(result);
            if (low != null && high != null) {
                entry.put("range", "± " + Numbers.significant((high - low) / 2, 2));
            }
            entry.put("extra", String.join("\n", extra(result, low, high)));
        }
        return mapper.writeValueAsString(root);
    }

    /** The tooltip's lines: what the value is, its interval, and whether it is to be trusted. */
    private static List<String> extra(CellResult result, Double low, Double high) {
        List<String> lines = new ArrayList<>();
        CellResult.Headline headline = result.headline();
        if (headline != null) {
            lines.add("headline: " + TrialEstimator.byId(headline.estimator()).map(TrialEstimator::label)
                    .orElse(headline.estimator()) + " of " + headline.trials() + " trials");
        } else {
            lines.add("headline: mean of " + result.latency().samples() + " samples (a record without trials)");
        }
        if (low != null && high != null) {
            lines.add((headline != null ? "95% interval across trials: " : "JMH's interval over samples: ")
                    + Numbers.significant(low, 3) + " to " + Numbers.significant(high, 3) + " ms");
        }
        if (headline != null && headline.multiModal()) {
            lines.add("modes: " + headline.modes() + " (the trials fall into separate clusters)");
        }
        long disturbed = result.trials().stream().filter(CellResult.Trial::disturbed).count();
        lines.add("disturbed: " + (result.disturbed() ? "yes" : "no")
                + (disturbed > 0 ? " (" + disturbed + " of " + result.trials().size() + " trials were)" : ""));
        return lines;
    }
}
