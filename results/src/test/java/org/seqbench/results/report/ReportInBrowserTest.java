package org.seqbench.results.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report as a person sees it: report.html of a recorded run (with the engine-free bounds and memory figures, so
 * that the rooflines and the memory charts are drawn too) opened in a real headless Chromium. Fails on any
 * message on the page's console (the page writes none when all is well, and Chromium's log does not tell a log
 * from an error) or an uncaught exception, and when fewer charts were drawn than the page holds. Saves a
 * screenshot at 1280 px wide under target/ for a person to look at.
 *
 * <p>Skips, saying why, only where no Chromium can be found ({@link HeadlessChromium}): {@code .ci/run} installs
 * Debian's {@code chromium} when it is missing; set {@code SEQBENCH_CHROMIUM} to use another Chromium or Chrome
 * binary.
 */
class ReportInBrowserTest {
    @TempDir
    Path scratch;

    @Test
    void everyChartIsDrawnWithoutAConsoleMessage() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.orSkip(scratch, "ReportInBrowserTest",
                "The report was not checked in a browser.");
        Path out = Files.createDirectories(Path.of("target", "browser-report").toAbsolutePath());
        HtmlReport.write(out, List.of(RecordedRun.withBoundsAndMemory(scratch)));
        Path page = out.resolve(HtmlReport.FILE_NAME);
        int charts = PageProbes.occurrences(Files.readString(page), "data-chart=\"");
        assertEquals(27 + 2 + 4, charts, "the recorded run has 27 charts, with its bounds a roofline per backend, and "
                + "with its memory a memory chart per kind");

        HeadlessChromium.Run dump = chromium.run(page, "--dump-dom");
        assertEquals(0, dump.status(), "chromium --dump-dom failed:\n" + dump.log());
        assertTrue(dump.console().isEmpty(), "the page wrote to its console:\n" + String.join("\n", dump.console()));
        assertEquals(charts, PageProbes.occurrences(dump.out(), "data-rendered=\"true\""), "charts drawn by Chart.js");
        // A decision chart per kind and thread count, a point per measured (T, B): 3 lengths x 2 batches.
        Matcher decisions = Pattern.compile("<div[^>]*data-chart=\"decision-\\d+\"[^>]*>").matcher(dump.out());
        int drawn = 0;
        while (decisions.find()) {
            drawn++;
            assertTrue(decisions.group().contains("data-points=\"6\""), "points laid out by Chart.js: "
                    + decisions.group());
        }
        assertEquals(8, drawn, "4 kinds at 1 and 2 threads");

        Path screenshot = chromium.screenshot(page, out.resolve("report-screenshot.png"), 4000);
        System.out.println("ReportInBrowserTest: screenshot of the recorded run's report at " + screenshot);
    }
}
