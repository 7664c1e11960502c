package org.seqbench.results.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.seqbench.core.ModelKind;
import org.seqbench.results.Numbers;
import org.seqbench.results.RunRecord;
import org.seqbench.results.analysis.SyntheticRun;
import org.seqbench.study.ParameterCount;
import org.seqbench.study.StudyRecord;
import org.seqbench.study.claims.Claim;
import org.seqbench.study.claims.Verdict;
import org.seqbench.study.gradient.RhoFit;
import org.seqbench.study.memory.MemoryGrowth;

/** report.html with a study: its sections, the claims' badges, the figures of the record in the tables, escaping. */
class StudyReportTest {
    private static final StudyRecord STUDY = StudyRecords.record();
    private static final String STUDY_ONLY = HtmlReport.render(List.of(), Optional.of(STUDY));
    private static final List<String> SECTIONS = List.of("study-claims", "study-accuracy", "study-gradient",
            "study-memory", "study-parameters", "study-crosscheck", "study-setup");

    /** A run of LSTM and Transformer at 1 and 2 threads: the Transformer gains 1.8x from the second, the LSTM 1.1x. */
    private static RunRecord run() {
        return new SyntheticRun("20261201-080000-standard", List.of(ModelKind.LSTM, ModelKind.TRANSFORMER),
                List.of(16, 64, 256), List.of(1, 8), List.of(1, 2)).record((kind, t, b, threads) ->
                        kind == ModelKind.LSTM ? 0.01 * t * Math.sqrt(b) / (threads == 2 ? 1.1 : 1)
                                : 0.001 * t * t * Math.pow(b, 0.25) / (threads == 2 ? 1.8 : 1));
    }

    @Test
    void aStudyOnlyPageHasTheStudysSectionsAndNoneOfARunsEmptyOnes() throws IOException {
        assertTrue(STUDY_ONLY.contains("<title>seqbench study report: 20261201-090000-study</title>"));
        assertTrue(STUDY_ONLY.contains("<h1>seqbench: accuracy study</h1>"));
        for (String section : SECTIONS) {
            assertTrue(STUDY_ONLY.contains("<section id=\"" + section + "\">"), section);
            assertTrue(STUDY_ONLY.contains("<a href=\"#" + section + "\">"), "the nav links " + section);
        }
        for (String section : List.of("findings", "latency", "crossover", "batch", "threads", "work", "roofline",
                "memory", "decision", "accuracy", "cells", "environment")) {
            assertFalse(STUDY_ONLY.contains("<section id=\"" + section + "\""), "no empty run section " + section);
        }
        assertTrue(STUDY_ONLY.contains("Study 20261201-090000-study: profile test, trained on djl 0.36|pytorch 2.7 on"
                + " Test CPU &lt;2 cores&gt; &amp; &quot;fast&quot;, started 2026-12-01T09:00:00Z, finished "
                + "2026-12-01T10:30:00Z; 48 trainings, 6 gradient profiles at initialisation, 32 forward-memory "
                + "points, 2 cross-checks."), "the header's overview");
    }

    @Test
    void everyStudyChartHasItsDataAndTheDataHoldsTheRecordsFigures() throws IOException {
        List<String> containers = new ArrayList<>();
        Matcher matcher = Pattern.compile("data-chart=\"([a-z0-9-]+)\"").matcher(STUDY_ONLY);
        while (matcher.find()) {
            containers.add(matcher.group(1));
        }
        assertEquals(List.of("study-accuracy-recall", "study-accuracy-adding", "study-gradient", "study-memory-1",
                "study-memory-2"), containers);
        JsonNode charts = PageProbes.data(STUDY_ONLY).get("charts");
        List<String> ids = new ArrayList<>();
        charts.forEach(chart -> ids.add(chart.get("id").asText()));
        assertEquals(containers, ids, "a spec per container, in page order");

        JsonNode recall = charts.get(0);
        assertTrue(recall.get("x").get("logarithmic").asBoolean());
        assertEquals("[16,256]", recall.get("x").get("ticks").toString(), "ticks at the trained lengths");
        JsonNode lstm = line(recall, "lstm");
        JsonNode atLongest = lstm.get("points").get(1);
        assertEquals(256, atLongest.get("x").asInt());
        assertEquals(0.72, atLongest.get("y").asDouble(), 1e-12, "the chosen rate's mean over seeds");
        assertEquals(0.70, atLongest.get("low").asDouble(), 1e-12, "the seeds' min");
        assertEquals(0.74, atLongest.get("high").asDouble(), 1e-12, "the seeds' max");
        JsonNode chance = recall.get("references").get(0);
        assertEquals("chance 0.125", chance.get("label").asText());
        assertEquals(0.125, chance.get("y1").asDouble(), 1e-12);
        assertEquals(1.0 / 6, charts.get(1).get("references").get(0).get("y1").asDouble(), 1e-12,
                "the adding problem's baseline is predicting the mean");

        JsonNode gradient = charts.get(2);
        assertTrue(gradient.get("y").get("logarithmic").asBoolean(), "norms on a log axis");
        assertEquals(15, line(gradient, "rnn · PyTorch init").get("points").size(),
                "the norm that underflowed is left out, as in the fit");
        assertEquals(16, line(gradient, "rnn · after training").get("points").size());
        assertEquals(1, line(gradient, "lstm · gates started for T steps").get("dash").asInt());
        assertEquals(2, line(gradient, "lstm · after training").get("dash").asInt());
        assertEquals(10, gradient.get("lines").size(), "4 kinds at PyTorch init and after training, 2 gated kinds' "
                + "gates started for T, and nothing more");

        JsonNode onnx = charts.get(3);
        assertEquals("onnx: resident memory of one forward pass against T", onnx.get("title").asText());
        JsonNode transformer = line(onnx, "transformer").get("points").get(3);
        assertEquals(StudyRecords.resident("onnx", "transformer", 1024, 3) / 1e6, transformer.get("y").asDouble(),
                1e-12);
        assertEquals(3, line(charts.get(4), "gru").get("points").size(), "djl's failed GRU point is not drawn");
    }

    private static JsonNode line(JsonNode chart, String label) {
        for (JsonNode line : chart.get("lines")) {
            if (line.get("label").asText().equals(label)) {
                return line;
            }
        }
        throw new AssertionError("no line " + label + " in " + chart.get("id"));
    }

    @Test
    void theClaimsTableHasARowPerClaimWithItsVerdictBadge() {
        String claims = PageProbes.section(STUDY_ONLY, "study-claims");
        assertEquals(6, PageProbes.occurrences(claims, "<tr id=\""));
        assertTrue(row(claims, "rnn-gradients").contains("<span class=\"claim-verdict verdict-holds\">holds</span>"));
        assertTrue(row(claims, "gates").contains("verdict-holds\">holds</span>"));
        assertTrue(row(claims, "gru-lean").contains("verdict-holds\">holds</span>"));
        assertTrue(row(claims, "attention").contains("verdict-holds\">holds</span>"));
        assertTrue(row(claims, "preference").contains(
                "<span class=\"claim-verdict verdict-holds-partly\">holds partly</span>"));
        String parallel = row(claims, "parallel");
        assertTrue(parallel.contains("<span class=\"claim-verdict verdict-not-measurable\">not measurable here</span>"));
        assertTrue(parallel.contains("#threads (in a benchmark run&#39;s report)"), "no link to a section not on the"
                + " page: " + parallel);
        assertTrue(row(claims, "rnn-gradients").contains("<a href=\"#study-gradient\">#study-gradient</a>"));
        assertTrue(row(claims, "rnn-gradients").contains("<ul class=\"evidence\"><li>Arithmetic: 1.1^100 = 13780.6"),
                "the evidence as a list");
        assertTrue(row(claims, "gates").contains("trained on djl 0.36|pytorch 2.7 on Test CPU &lt;2 cores&gt; &amp; "
                + "&quot;fast&quot;; one layer, hidden 32, 6,400 training sequences"), "the conditions, escaped");
    }

    @Test
    void everyVerdictHasItsOwnBadgeAndClaimTextIsEscaped() {
        List<Claim> claims = new ArrayList<>();
        for (Verdict verdict : Verdict.values()) {
            claims.add(new Claim("c-" + verdict.ordinal(), "claim <" + verdict.ordinal() + ">", verdict,
                    List.of("evidence & <b>" + verdict.ordinal() + "</b>"), "on \"box\"", "#study-memory"));
        }
        String table = StudySections.claimsTable(claims, Set.of("study-memory"));
        assertTrue(table.contains("<span class=\"claim-verdict verdict-holds\">holds</span>"));
        assertTrue(table.contains("<span class=\"claim-verdict verdict-holds-partly\">holds partly</span>"));
        assertTrue(table.contains("<span class=\"claim-verdict verdict-does-not-hold\">does not hold</span>"));
        assertTrue(table.contains("<span class=\"claim-verdict verdict-not-measurable\">not measurable here</span>"));
        assertTrue(table.contains("<td class=\"wrap\">claim &lt;2&gt;</td>"));
        assertTrue(table.contains("<li>evidence &amp; &lt;b&gt;2&lt;/b&gt;</li>"));
        assertTrue(table.contains("<td class=\"wrap\">on &quot;box&quot;</td>"));
        assertFalse(table.contains("<b>"), "no record text becomes markup");
        assertEquals(4, PageProbes.occurrences(table, "<a href=\"#study-memory\">"));
    }

    @Test
    void theAccuracyTablesHoldEveryRateOfTheGridAndTheAddingShare() {
        String accuracy = PageProbes.section(STUDY_ONLY, "study-accuracy");
        assertTrue(accuracy.contains("Adam at each rate of the grid [0.01, 0.03] on seed 1, the best confirmed on 2 "
                + "seeds in all; 128 held-out sequences scored; gate init memory."), "the note states the grid");
        assertTrue(accuracy.contains("6,400 training sequences in batches of 64"), "and the budget");
        assertTrue(accuracy.contains("<tr><td>lstm</td><td class=\"num\">256</td><td class=\"num\">0.720</td>"
                + "<td class=\"num\">[0.700–0.740]</td><td class=\"num\">2</td><td class=\"num\">0.01</td>"
                + "<td class=\"wrap\">0.01: 0.720 over 2 seeds; 0.03: 0.600 over 1 seed</td>"
                + "<td class=\"num\">0 of 2</td></tr>"), accuracy);
        assertTrue(accuracy.contains("<td class=\"wrap\">0.01: 0.125 over 2 seeds; 0.03: 0.125 over 1 seed (1 "
                + "diverged)</td>"), "the RNN's diverged run at rate 0.03");
        assertTrue(accuracy.contains("<th class=\"num\">share within 0.04</th>"), "the adding problem's column");
        String share = String.format(java.util.Locale.ROOT, "%.3f [%.3f–%.3f]",
                (StudyRecords.share(0.005) + StudyRecords.share(0.007)) / 2, StudyRecords.share(0.007),
                StudyRecords.share(0.005));
        assertTrue(accuracy.contains("<tr><td>lstm</td><td class=\"num\">16</td><td class=\"num\">0.006</td>"
                + "<td class=\"num\">[0.005–0.007]</td>"), accuracy);
        assertTrue(accuracy.contains("<td class=\"num\">" + share + "</td></tr>"), share);
    }

    @Test
    void theGradientTableHasRhoWithItsIntervalPerKindAndStart() {
        String gradient = PageProbes.section(STUDY_ONLY, "study-gradient");
        List<Double> pytorch = new ArrayList<>(StudyRecords.norms(0.8, 16));
        pytorch.set(15, 0.0);
        RhoFit rnn = RhoFit.fit(pytorch.stream().mapToDouble(Double::doubleValue).toArray());
        assertEquals(15, rnn.points());
        assertTrue(gradient.contains("<tr><td>rnn</td><td>PyTorch init</td><td class=\"num\">16</td>"
                + "<td class=\"num\">16</td><td class=\"num\">" + Numbers.significant(rnn.rho(), 4) + "</td>"
                + "<td class=\"num\">" + Numbers.significant(rnn.lower(), 4) + " to "
                + Numbers.significant(rnn.upper(), 4) + "</td><td class=\"num\">"
                + Numbers.significant(rnn.over(100), 3) + "</td><td class=\"num\">"
                + String.format(java.util.Locale.ROOT, "%.3f", rnn.rSquared()) + "</td><td class=\"num\">15</td>"
                + "</tr>"), gradient);
        RhoFit trained = RhoFit.fit(StudyRecords.norms(0.85, 16).stream().mapToDouble(Double::doubleValue)
                .toArray());
        assertTrue(gradient.contains("<tr><td>rnn</td><td>after training</td><td class=\"num\">16</td>"
                + "<td class=\"num\">16</td><td class=\"num\">" + Numbers.significant(trained.rho(), 4) + "</td>"),
                "after training: the chosen rate's two seeds of 8 sequences");
        assertEquals(10, PageProbes.occurrences(gradient, "<tr><td>"), "a row per line of the chart");
    }

    @Test
    void theMemoryTablesHoldEveryPointItsFailureAndEachFit() {
        String memory = PageProbes.section(STUDY_ONLY, "study-memory");
        assertTrue(memory.contains("<tr><td>onnx</td><td>rnn</td><td class=\"num\">64</td><td class=\"num\">8</td>"
                + "<td class=\"num\">" + Numbers.significant(StudyRecords.resident("onnx", "rnn", 64, 0) / 1e6, 4)
                + "</td><td class=\"num\">-0.012</td></tr>"), "a negative heap figure is kept as read");
        assertTrue(memory.contains("<td class=\"wrap note-cell\" colspan=\"2\">not measured: out of memory: &lt;img "
                + "src=x onerror=alert(1)&gt; &amp; more</td>"), "the failure, escaped");
        assertFalse(memory.contains("<img"), "no record text becomes markup");
        MemoryGrowth fit = new org.seqbench.study.StudySummary(STUDY).memoryGrowth().stream()
                .filter(growth -> growth.backend().equals("onnx") && growth.kind().equals("transformer"))
                .findFirst().orElseThrow();
        assertTrue(memory.contains("<tr><td>onnx</td><td>transformer</td><td class=\"num\">"
                + Numbers.significant(fit.constant() / 1e6, 4) + "</td><td class=\"num\">"
                + Numbers.significant(fit.linear(), 4) + "</td><td class=\"num\">"
                + Numbers.significant(fit.quadratic(), 4) + "</td><td class=\"num\">"
                + Numbers.significant(fit.quadraticLow(), 3) + " to " + Numbers.significant(fit.quadraticHigh(), 3)
                + "</td><td class=\"num\">128</td>"), "8 sequences x 4 heads x 4 bytes per T²: " + memory);
        assertTrue(memory.contains("<td class=\"num\">" + Numbers.percent(fit.quadraticShare()) + "</td></tr>"));
        assertTrue(memory.contains("<tr><td>djl</td><td>gru</td>"), "djl's GRU fit from its three lengths");
        assertTrue(memory.contains("<td class=\"num\">-inf to inf</td>"), "with no interval");
        assertTrue(memory.contains("<td class=\"num\">none (no attention)</td>"));
        String fits = memory.substring(memory.indexOf("<h3>Growth with T</h3>"));
        assertEquals(7, PageProbes.occurrences(fits, "<td class=\"num\">1024</td>"), "a fit per backend and kind");
        assertEquals(1, PageProbes.occurrences(fits, "<td class=\"num\">512</td>"), "djl's GRU's largest measured T being 512");
    }

    @Test
    void theParametersTableSaysWhetherTheCountsAgreeAndTheGruOverLstmRatios() {
        String parameters = PageProbes.section(STUDY_ONLY, "study-parameters");
        ParameterCount lstm = StudyRecords.parameters().get(1);
        ParameterCount gru = StudyRecords.parameters().get(2);
        assertTrue(parameters.contains(String.format(java.util.Locale.ROOT, "<tr><td>lstm</td><td class=\"num\">%,d"
                + "</td><td class=\"num\">%,d</td><td class=\"num\">%,d</td><td class=\"num\">%,d</td><td>yes</td>"
                + "</tr>", lstm.encoder(), lstm.head(), lstm.analytic(), lstm.generated())), parameters);
        assertTrue(parameters.contains(String.format(java.util.Locale.ROOT, "GRU over LSTM: the recurrent part "
                + "0.7500 (25%% fewer), the whole model %.4f", (double) gru.analytic() / lstm.analytic())));
        List<ParameterCount> off = new ArrayList<>(StudyRecords.parameters());
        ParameterCount rnn = off.getFirst();
        off.set(0, new ParameterCount("rnn", rnn.encoder(), rnn.head(), rnn.analytic() + 1));
        String disagreeing = PageProbes.section(HtmlReport.render(List.of(), Optional.of(STUDY.withParameters(off))),
                "study-parameters");
        assertTrue(disagreeing.contains("<td>no: they differ by 1</td>"));
    }

    @Test
    void theCrossCheckShowsItsDifferencesOrWhyItDidNotRun() {
        String check = PageProbes.section(STUDY_ONLY, "study-crosscheck");
        assertTrue(check.contains("<td>djl</td><td>onnx</td><td class=\"num\">3.2e-07</td><td class=\"num\">1.1e-07"
                + "</td><td class=\"num\">4.0e-03</td><td class=\"num\">0.95</td><td class=\"num\">0.94</td>"
                + "<td>yes</td></tr>"), check);
        assertTrue(check.contains("colspan=\"6\">did not run: dl4j cannot train &lt;transformer&gt; yet</td>"), check);
        assertTrue(check.contains("1 of 2 do."), "the note counts the checks that agree: " + check);
    }

    @Test
    void withARunTheStudyFollowsItsSectionsAndTheClaimsUseItsParallelism() throws IOException {
        RunRecord run = run();
        String page = HtmlReport.render(List.of(run), Optional.of(STUDY));
        assertTrue(page.indexOf("<section id=\"environment\">") < page.indexOf("<section id=\"study-claims\">"),
                "the study after the run's sections");
        assertTrue(page.contains("<a href=\"#environment\">Environment</a><a href=\"#study-claims\">Claims</a>"));
        assertTrue(page.contains("<title>seqbench report: 20261201-080000-standard, study 20261201-090000-study"));
        String parallel = row(PageProbes.section(page, "study-claims"), "parallel");
        assertTrue(parallel.contains("verdict-holds\">holds</span>"), parallel);
        assertTrue(parallel.contains("Thread speedup on onnx: lstm 1.10x (1 to 2 threads, T=256), transformer 1.80x "
                + "(1 to 2 threads, T=256)."), parallel);
        assertTrue(parallel.contains("<a href=\"#threads\">#threads</a>"), "a link to the run's thread section");
        JsonNode charts = PageProbes.data(page).get("charts");
        assertTrue(charts.findValues("id").stream().anyMatch(id -> id.asText().equals("study-gradient")),
                "the study's charts join the run's data");
        assertEquals(HtmlReport.render(List.of(run)), HtmlReport.render(List.of(run), Optional.empty()),
                "the one-argument form is the run's report alone");
    }

    private static String row(String html, String id) {
        int start = html.indexOf("<tr id=\"" + id + "\">");
        assertTrue(start >= 0, "row " + id);
        return html.substring(start, html.indexOf("</tr>", start));
    }
}
