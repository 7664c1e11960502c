package org.seqbench.harness.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.seqbench.results.Json;
import org.seqbench.results.Numbers;
import org.seqbench.results.analysis.Goal;
import org.seqbench.results.analysis.Interval;
import org.seqbench.results.analysis.Margin;
import org.seqbench.results.analysis.PredictedLatency;
import org.seqbench.results.analysis.Recommendation;
import org.seqbench.results.analysis.Recommendation.Candidate;
import org.seqbench.results.analysis.Recommendation.Excluded;
import org.seqbench.results.analysis.Shapes;
import org.seqbench.results.analysis.TrialEstimator;
import org.seqbench.results.analysis.Workload;

/**
 * What {@code seqbench recommend} prints: the answer in a few lines and the candidates in a table for a person, or
 * the same as JSON ({@value #SCHEMA_VERSION}) for a machine; and the one line of a workload the run did not measure.
 */
final class RecommendationText {
    /** The version of the JSON's layout. */
    static final int SCHEMA_VERSION = 1;

    private RecommendationText() {
    }

    static void print(PrintWriter out, Recommendation recommendation) {
        String workload = workload(recommendation);
        boolean withKind = recommendation.workload().anyKind();
        switch (recommendation.outcome()) {
            case Recommendation.Recommended answer -> {
                Candidate winner = answer.winner();
                out.println(workload + ": " + winner.label(withKind));
                out.println("  " + rates(winner));
                out.println("  " + margin(answer, withKind));
                Goal goal = recommendation.workload().goal();
                if (goal != null) {
                    out.println("  meets " + goal.describe() + (goal.withinInterval(winner)
                            ? " (its interval reaches past it)" : ""));
                }
                describe(out, winner);
            }
            case Recommendation.NoneMeetsGoal none -> {
                out.println("no backend meets " + recommendation.workload().goal().describe() + " for " + workload
                        + "; the closest is " + none.closest().label(withKind));
                out.println("  " + rates(none.closest()));
                describe(out, none.closest());
            }
            case Recommendation.OutsideRange outside -> out.println("outside the measured range: " + outside.measure()
                    + " (" + workload + ")");
            case Recommendation.NoneAccurate none -> out.println("no backend computes " + workload
                    + " within its accuracy tolerance");
            case Recommendation.NotInRun missing -> out.println(notInRun(recommendation, missing));
        }
        if (!recommendation.ranked().isEmpty()) {
            out.println("candidates, fastest headline first:");
            Tables.print(out, table(recommendation));
        }
        if (!recommendation.excluded().isEmpty()) {
            out.println("not predicted:");
            for (Excluded excluded : recommendation.excluded()) {
                out.println("  " + excluded.label(withKind) + ": " + excluded.reason());
            }
        }
    }

    /** "lstm at T = 512, B = 8 (hidden 128, 1 layer, 1 thread) in run 20261124-200402-quick". */
    static String workload(Recommendation recommendation) {
        Workload workload = recommendation.workload();
        String kind = workload.anyKind() ? "any kind" : workload.kind().id();
        String setting = workload.hiddenSize() == null ? ""
                : " (hidden " + workload.hiddenSize() + ", " + workload.layers()
                        + (workload.layers() == 1 ? " layer, " : " layers, ") + Shapes.threads(workload.threads())
                        + ")";
        return kind + " at T = " + workload.seqLen() + ", B = " + workload.batch() + setting + " in run "
                + recommendation.runId();
    }

    /** The one line for a kind, size or thread count the run did not measure, naming what it did. */
    static String notInRun(Recommendation recommendation, Recommendation.NotInRun missing) {
        String run = "run " + recommendation.runId();
        Workload asked = recommendation.workload();
        String kind = asked.anyKind() ? "any kind" : asked.kind().id();
        String measured = String.join(", ", missing.measured());
        if (missing.coordinate().equals("kind")) {
            return missing.measured().isEmpty() ? run + " has no cell measured ok; give a run that measured "
                    + kind : "--kind " + missing.asked() + ": " + run + " measured no " + kind + " cell; accepted: "
                    + measured;
        }
        String flag = switch (missing.coordinate()) {
            case "hidden size" -> "--hidden-size";
            case "layers" -> "--layers";
            default -> "--threads";
        };
        if (missing.asked() == null) {
            return run + " measured " + kind + " at several " + missing.coordinate() + " values (" + measured
                    + "); choose one with " + flag;
        }
        return flag + " " + missing.asked() + ": " + run + " measured " + kind + " at " + missing.coordinate() + " "
                + measured + " only; accepted: " + measured;
    }

    /** "p50 2.42 (2.3 to 2.53) ms, 3,309 (...) sequences/s, 211,793 (...) tokens/s". */
    private static String rates(Candidate candidate) {
        return "p50 " + time(candidate.p50()) + ", " + rate(candidate, false) + " sequences/s, "
                + rate(candidate, true) + " tokens/s";
    }

    /** How the figures were obtained, the headline they were ranked by, and the cells they rest on, one a line. */
    private static void describe(PrintWriter out, Candidate candidate) {
        out.println("  ranked by its headline, the " + TrialEstimator.HEADLINE.label() + ": "
                + time(candidate.headline()));
        out.println("  " + candidate.provenance().description() + (candidate.provenance()
                == Recommendation.Provenance.MEASURED ? "" : ": " + candidate.how())
                + (candidate.disturbed() ? " (a cell it rests on was measured while disturbed)" : ""));
        List<String> keys = candidate.restsOnKeys();
        out.println("  rests on " + (keys.size() == 1 ? "1 measured cell:" : keys.size() + " measured cells:"));
        keys.forEach(key -> out.println("    " + key));
    }

    private static String margin(Recommendation.Recommended answer, boolean withKind) {
        if (answer.runnerUp() == null) {
            return "the only candidate: no margin to state";
        }
        Margin margin = answer.margin();
        String faster = Numbers.significant(margin.ratio(), 3) + "x faster than " + answer.runnerUp().label(withKind);
        if (margin.interval() == null) {
            return faster + ": significance unknown (" + margin.noInterval() + ")";
        }
        String interval = " (95% interval " + Numbers.significant(margin.interval().low(), 3) + "x to "
                + Numbers.significant(margin.interval().high(), 3) + "x)";
        return faster + interval + (margin.significant() ? ": significant"
                : ": not significant, the interval contains 1");
    }

    private static List<String[]> table(Recommendation recommendation) {
        boolean withKind = recommendation.workload().anyKind();
        Goal goal = recommendation.workload().goal();
        List<String[]> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("#", "candidate", "how", "headline ms", "p50 ms", "seq/s",
                "tokens/s"));
        if (goal != null) {
            header.add("meets the goal");
        }
        rows.add(header.toArray(String[]::new));
        int rank = 1;
        for (Candidate candidate : recommendation.ranked()) {
            List<String> row = new ArrayList<>(List.of(String.valueOf(rank++), candidate.label(withKind),
                    candidate.provenance().description() + (candidate.beyondMeasured() ? ", beyond measured" : ""),
                    ms(candidate.headline()), ms(candidate.p50()), Numbers.rate(candidate.perSecond(false)),
                    Numbers.rate(candidate.perSecond(true))));
            if (goal != null) {
                row.add(goal.metBy(candidate) ? "yes" : "no");
            }
            rows.add(row.toArray(String[]::new));
        }
        return rows;
    }

    private static String time(PredictedLatency latency) {
        return latency.hasInterval() ? Numbers.timeWithInterval(latency.ms(), latency.interval().low(),
                latency.interval().high()) : Numbers.time(latency.ms()) + " (no interval: " + latency.noInterval()
                        + ")";
    }

    private static String ms(PredictedLatency latency) {
        String value = Numbers.significant(latency.ms(), 3);
        return latency.hasInterval() ? value + " (" + Numbers.significant(latency.interval().low(), 3) + " to "
                + Numbers.significant(latency.interval().high(), 3) + ")" : value;
    }

    private static String rate(Candidate candidate, boolean tokens) {
        Interval interval = candidate.perSecondInterval(tokens);
        String value = Numbers.rate(candidate.perSecond(tokens));
        return interval == null ? value : value + " (" + Numbers.rate(interval.low()) + " to "
                + Numbers.rate(interval.high()) + ")";
    }

    /** The answer as JSON: the workload, the outcome, every candidate and every candidate left out. */
    static String json(Recommendation recommendation) throws JsonProcessingException {
        ObjectMapper mapper = Json.mapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("run", recommendation.runId());
        Workload workload = recommendation.workload();
        ObjectNode asked = root.putObject("workload");
        asked.put("kind", workload.anyKind() ? "any" : workload.kind().id());
        asked.put("seqLen", workload.seqLen());
        asked.put("batch", workload.batch());
        asked.put("hiddenSize", workload.hiddenSize());
        asked.put("layers", workload.layers());
        asked.put("threads", workload.threads());
        switch (workload.goal()) {
            case Goal.LatencyBudget budget -> asked.putObject("latencyBudget").put("ms", budget.ms());
            case Goal.ThroughputTarget target -> asked.putObject("throughputTarget")
                    .put(target.tokens() ? "tokensPerSecond" : "sequencesPerSecond", target.perSecond());
            case null -> {
            }
        }
        root.put("extrapolationFactor", Recommendation.EXTRAPOLATION_FACTOR);
        boolean withKind = workload.anyKind();
        switch (recommendation.outcome()) {
            case Recommendation.Recommended answer -> {
                root.put("answer", "recommended");
                root.put("winner", answer.winner().label(withKind));
                if (answer.runnerUp() != null) {
                    root.put("runnerUp", answer.runnerUp().label(withKind));
                    ObjectNode margin = root.putObject("margin");
                    margin.put("ratio", answer.margin().ratio());
                    interval(margin, answer.margin().interval(), answer.margin().noInterval());
                    margin.put("significant", answer.margin().significant());
                }
            }
            case Recommendation.NoneMeetsGoal none -> {
                root.put("answer", "none-meets-goal");
                root.put("closest", none.closest().label(withKind));
            }
            case Recommendation.OutsideRange outside -> {
                root.put("answer", "outside-range");
                ObjectNode measure = root.putObject("measure");
                measure.put("seqLen", outside.seqLen());
                measure.put("batch", outside.batch());
            }
            case Recommendation.NoneAccurate none -> root.put("answer", "none-accurate");
            case Recommendation.NotInRun missing -> root.put("answer", "not-in-run");
        }
        ArrayNode candidates = root.putArray("candidates");
        for (Candidate candidate : recommendation.ranked()) {
            ObjectNode node = candidates.addObject();
            node.put("label", candidate.label(withKind));
            node.put("backend", candidate.setting().backend());
            node.put("variant", candidate.setting().variant());
            node.put("kind", candidate.setting().kind().id());
            node.put("provenance", candidate.provenance().id());
            node.put("how", candidate.how());
            node.put("beyondMeasured", candidate.beyondMeasured());
            node.put("disturbed", candidate.disturbed());
            latency(node.putObject("headlineMs"), candidate.headline());
            node.put("headlineEstimator", TrialEstimator.HEADLINE.id());
            latency(node.putObject("p50Ms"), candidate.p50());
            rate(node.putObject("sequencesPerSecond"), candidate, false);
            rate(node.putObject("tokensPerSecond"), candidate, true);
            if (workload.goal() != null) {
                node.put("meetsGoal", workload.goal().metBy(candidate));
            }
            node.set("restsOn", mapper.valueToTree(candidate.restsOnKeys()));
        }
        ArrayNode excluded = root.putArray("excluded");
        for (Excluded left : recommendation.excluded()) {
            ObjectNode node = excluded.addObject();
            node.put("label", left.label(withKind));
            node.put("reason", left.reason());
            node.put("outsideRange", left.outsideRange());
        }
        return mapper.writeValueAsString(root);
    }

    private static void latency(ObjectNode node, PredictedLatency latency) {
        node.put("value", latency.ms());
        interval(node, latency.interval(), latency.noInterval());
    }

    private static void rate(ObjectNode node, Candidate candidate, boolean tokens) {
        node.put("value", candidate.perSecond(tokens));
        Interval interval = candidate.perSecondInterval(tokens);
        if (interval != null) {
            node.put("low", interval.low());
            node.put("high", interval.high());
        }
    }

    private static void interval(ObjectNode node, Interval interval, String noInterval) {
        if (interval != null) {
            node.put("low", interval.low());
            node.put("high", interval.high());
            node.put("method", interval.method().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        } else {
            node.put("noInterval", noInterval);
        }
    }
}
