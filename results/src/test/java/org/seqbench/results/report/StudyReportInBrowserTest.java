package org.seqbench.results.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A study's own report as a person sees it, opened in a real headless Chromium as {@link ReportInBrowserTest} opens
 * a run's: every study chart (accuracy per task, the gradient's log axis, memory per backend) drawn by Chart.js, and
 * nothing on the page's console. Saves a screenshot under target/ for a person to look at. Skips, saying why, only
 * where no Chromium can be found.
 */
class StudyReportInBrowserTest {
    @TempDir
    Path scratch;

    @Test
    void everyStudyChartIsDrawnWithoutAConsoleMessage() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.orSkip(scratch, "StudyReportInBrowserTest",
                "The study report was not checked in a browser.");
        Path out = Files.createDirectories(Path.of("target", "browser-study-report").toAbsolutePath());
        ReportFiles.writeStudyReports(out, StudyRecords.record(), List.of());
        Path page = out.resolve(HtmlReport.FILE_NAME);
        int charts = PageProbes.occurrences(Files.readString(page), "data-chart=\"");
        assertEquals(5, charts, "recall, adding, the gradient, and memory on two backends");

        HeadlessChromium.Run dump = chromium.run(page, "--dump-dom");
        assertEquals(0, dump.status(), "chromium --dump-dom failed:\n" + dump.log());
        assertTrue(dump.console().isEmpty(), "the page wrote to its console:\n" + String.join("\n", dump.console()));
        assertEquals(charts, PageProbes.occurrences(dump.out(), "data-rendered=\"true\""), "charts drawn by Chart.js");

        Path screenshot = chromium.screenshot(page, out.resolve("study-report-screenshot.png"), 3000);
        System.out.println("StudyReportInBrowserTest: screenshot of the study report at " + screenshot);
    }
}
