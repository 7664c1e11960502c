package org.seqbench.results.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report as a person sees it: report.html of a recorded run (with the engine-free bounds, so that the rooflines
 * are drawn too) opened in a real headless Chromium. Fails on any
 * message on the page's console (the page writes none when all is well, and Chromium's log does not tell a log
 * from an error) or an uncaught exception, and when fewer charts were drawn than the page holds. Saves a
 * screenshot at 1280 px wide under target/ for a person to look at.
 *
 * <p>Skips, saying why, only where no Chromium can be found: {@code .ci/run} installs Debian's {@code chromium}
 * when it is missing; set {@code SEQBENCH_CHROMIUM} to use another Chromium or Chrome binary.
 */
class ReportInBrowserTest {
    private static final List<String> CANDIDATES = List.of("chromium", "chromium-browser", "google-chrome",
            "google-chrome-stable");
    private static final Pattern CONSOLE = Pattern.compile(".*(:CONSOLE[(:]|Uncaught ).*");

    @TempDir
    Path scratch;

    @Test
    void everyChartIsDrawnWithoutAConsoleMessage() throws Exception {
        Optional<Path> chromium = chromium();
        if (chromium.isEmpty()) {
            String reason = "no Chromium found (looked for SEQBENCH_CHROMIUM and " + String.join(", ", CANDIDATES)
                    + " on the PATH); .ci/run installs Debian's chromium. The report was not checked in a browser.";
            System.err.println("ReportInBrowserTest SKIPPED: " + reason);
            Assumptions.abort(reason);
        }
        Path out = Files.createDirectories(Path.of("target", "browser-report").toAbsolutePath());
        HtmlReport.write(out, List.of(RecordedRun.withBounds(scratch)));
        Path page = out.resolve(HtmlReport.FILE_NAME);
        int charts = count(Files.readString(page), "data-chart=\"");
        assertEquals(19 + 2, charts, "the recorded run has 19 charts, and with its bounds a roofline per backend");

        Run dump = run(chromium.get(), page, "--dump-dom");
        assertEquals(0, dump.status(), "chromium --dump-dom failed:\n" + dump.log());
        List<String> console = dump.log().lines().filter(line -> CONSOLE.matcher(line).matches()).toList();
        assertTrue(console.isEmpty(), "the page wrote to its console:\n" + String.join("\n", console));
        assertEquals(charts, count(dump.out(), "data-rendered=\"true\""), "charts drawn by Chart.js");

        Path screenshot = out.resolve("report-screenshot.png");
        Files.deleteIfExists(screenshot);
        Run shot = run(chromium.get(), page, "--hide-scrollbars", "--screenshot=" + screenshot,
                "--window-size=1280,4000");
        assertEquals(0, shot.status(), "chromium --screenshot failed:\n" + shot.log());
        assertTrue(Files.size(screenshot) > 50_000, "the screenshot is an image of the page");
        System.out.println("ReportInBrowserTest: screenshot of the recorded run's report at " + screenshot);
    }

    private record Run(int status, String out, String log) {
    }

    private Run run(Path chromium, Path page, String... action) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + Files.createTempDirectory(scratch, "profile"),
                "--enable-logging=stderr", "--v=0", "--virtual-time-budget=10000"));
        command.addAll(List.of(action));
        command.add(page.toUri().toString());
        Path out = scratch.resolve("out.txt");
        Path log = scratch.resolve("log.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(log.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s: " + String.join(" ", command));
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(log, StandardCharsets.UTF_8));
    }

    private static Optional<Path> chromium() {
        String chosen = System.getenv("SEQBENCH_CHROMIUM");
        if (chosen != null && !chosen.isBlank()) {
            return Optional.of(Path.of(chosen)).filter(Files::isExecutable);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String name : CANDIDATES) {
            for (String directory : path.split(File.pathSeparator)) {
                Path candidate = Path.of(directory, name);
                if (!directory.isEmpty() && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private static int count(String text, String needle) {
        Matcher matcher = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int found = 0;
        while (matcher.find()) {
            found++;
        }
        return found;
    }
}
