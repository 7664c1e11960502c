package org.seqbench.results.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.seqbench.results.report.HostileText.MARKUP;
import static org.seqbench.results.report.HostileText.assertEscaped;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.core.ModelKind;
import org.seqbench.results.Cell;
import org.seqbench.results.Fixtures;
import org.seqbench.results.RunRecord;
import org.seqbench.results.analysis.ChangePoints;
import org.seqbench.results.analysis.CellHistory;
import org.seqbench.results.analysis.CellTrend;
import org.seqbench.results.analysis.Comparison;
import org.seqbench.results.analysis.EnvironmentDifference;
import org.seqbench.results.analysis.TrendPoint;
import org.seqbench.study.StudyRecord;

/**
 * Every page and summary built from records whose text holds markup ({@link HostileText}) shows that text and runs
 * none of it: unit checks of the HTML and Markdown, and report.html, its study's sections and compare.html opened
 * in a headless Chromium, where the markup, had it got through, would have set {@code window.__pwned}.
 */
class HostileTextTest {
    /** Reads whether anything set the flag, once the page's own scripts ran. */
    private static final String PROBE = """
            <script>
            window.addEventListener('load', () => setTimeout(() => {
              const probe = document.createElement('pre');
              probe.id = 'probe';
              probe.textContent = JSON.stringify({pwned: typeof window.__pwned,
                  images: document.querySelectorAll('img').length,
                  shown: document.body.innerText.includes('window.__pwned=1')});
              document.body.appendChild(probe);
            }, 100));
            </script>
            """;

    @TempDir
    Path scratch;

    private RunRecord hostileRun() throws Exception {
        return HostileText.of(RecordedRun.withBoundsAndMemory(scratch), "20261124-100000-quick");
    }

    private static StudyRecord hostileStudy() {
        return HostileText.of(StudyRecords.record());
    }

    private static final RunRecord BASELINE = HostileText.of(Fixtures.recordWithTrials(), "20261124-100000-quick");
    private static final RunRecord CURRENT = HostileText.of(Fixtures.recordWithTrials(), "20261125-100000-quick");

    private static Comparison comparison() {
        return Comparison.of(BASELINE, CURRENT);
    }

    private static EnvironmentDifference difference(Comparison comparison) {
        return EnvironmentDifference.of(BASELINE.environment(), CURRENT.environment());
    }

    @Test
    void theReportEscapesEveryRecordedString() throws Exception {
        RunRecord run = hostileRun();
        String page = HtmlReport.render(List.of(run));
        assertEscaped(page);
        assertTrue(page.contains(Html.escape(MARKUP)), "the markup is shown as text");
        assertTrue(PageProbes.data(page).toString().contains("window.__pwned=1"),
                "the data block carries the text, escaped inside its JSON strings");
    }

    @Test
    void theReportWithAStudyEscapesTheStudysStrings() throws Exception {
        assertEscaped(HtmlReport.render(List.of(hostileRun()), Optional.of(hostileStudy())));
        assertEscaped(HtmlReport.render(List.of(), Optional.of(hostileStudy())));
    }

    @Test
    void theComparisonEscapesEveryRecordedString() throws Exception {
        Comparison comparison = comparison();
        String page = CompareHtml.render(comparison, difference(comparison));
        assertEscaped(page);
        assertTrue(page.contains(Html.escape(MARKUP)), "the markup is shown as text");
        assertTrue(PageProbes.data(page).toString().contains("window.__pwned=1"),
                "the data block carries the text, escaped inside its JSON strings");
    }

    @Test
    void theHistoryEscapesEveryRecordedString() throws Exception {
        Cell cell = Fixtures.cell("onnx", "fused-op" + MARKUP, ModelKind.LSTM, 16);
        List<TrendPoint> points = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            points.add(new TrendPoint("run-" + i + MARKUP, "2026-11-0" + (i + 1) + "T10:00:00Z", MARKUP, MARKUP,
                    i < 3 ? 1.0 : 1.5, null, null, null, 1, false, Map.of("optimization", MARKUP)));
        }
        CellHistory history = CellHistory.of(new CellTrend(cell, points), ChangePoints.Settings.DEFAULT);
        assertEscaped(HistoryHtml.render("history of " + MARKUP, MARKUP, ChangePoints.Settings.DEFAULT,
                List.of(history)));
    }

    /** Markdown shows inline HTML as HTML, so a summary must hold the markup as entities, never as tags. */
    @Test
    void theMarkdownSummariesHoldNoMarkup() throws Exception {
        Comparison comparison = comparison();
        for (String markdown : List.of(MarkdownSummary.render(hostileRun()),
                MarkdownSummary.render(List.of(hostileRun()), Optional.of(hostileStudy())),
                MarkdownStudy.render(hostileStudy(), Optional.empty()),
                CompareReport.markdown(comparison, difference(comparison)))) {
            assertFalse(markdown.contains("<script"), markdown);
            assertFalse(markdown.contains("<img"), markdown);
            assertFalse(markdown.contains("</script"), markdown);
            assertFalse(markdown.contains("<!--"), markdown);
            assertTrue(markdown.contains("&lt;script>window.__pwned=1"), "the markup shown as text:\n" + markdown);
        }
    }

    @Test
    void reportAndStudyRunNoneOfTheMarkupInABrowser() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.orSkip(scratch, "HostileTextTest",
                "The escaping was not checked in a browser.");
        Path out = Files.createDirectories(scratch.resolve("report"));
        HtmlReport.write(out, List.of(hostileRun()), Optional.of(hostileStudy()));
        assertRunsNothing(chromium, out.resolve(HtmlReport.FILE_NAME));
    }

    @Test
    void compareRunsNoneOfTheMarkupInABrowser() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.orSkip(scratch, "HostileTextTest",
                "The escaping was not checked in a browser.");
        Path out = Files.createDirectories(scratch.resolve("compare"));
        Comparison comparison = comparison();
        CompareHtml.write(out, comparison, difference(comparison));
        assertRunsNothing(chromium, out.resolve(CompareHtml.FILE_NAME));
    }

    private static void assertRunsNothing(HeadlessChromium chromium, Path page) throws Exception {
        Path probed = page.resolveSibling("probed-" + page.getFileName());
        Files.writeString(probed, Files.readString(page).replace("</body>", PROBE + "</body>"));
        HeadlessChromium.Run dump = chromium.run(probed, "--window-size=1280,4000", "--dump-dom");
        assertEquals(0, dump.status(), "chromium --dump-dom failed:\n" + dump.log());
        assertTrue(dump.console().isEmpty(), "the page wrote to its console:\n" + String.join("\n", dump.console()));
        JsonNode probe = PageProbes.probe(dump.out());
        assertEquals("undefined", probe.get("pwned").asText(), "window.__pwned was set: the markup ran");
        assertEquals(0, probe.get("images").asInt(), "an element the markup started");
        assertTrue(probe.get("shown").asBoolean(), "the markup is on the page as text");
    }
}
