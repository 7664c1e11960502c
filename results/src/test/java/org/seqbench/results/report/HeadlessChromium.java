package org.seqbench.results.report;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real headless Chromium for the tests that open a page as a person would. Found through {@code SEQBENCH_CHROMIUM}
 * or on the PATH; where there is none, {@link #orSkip} aborts the test as an assumption, saying why ({@code .ci/run}
 * installs Debian's {@code chromium} when it is missing).
 */
final class HeadlessChromium {
    private static final List<String> CANDIDATES = List.of("chromium", "chromium-browser", "google-chrome",
            "google-chrome-stable");
    /** A page's console message or uncaught exception in Chromium's log (which does not tell a log from an error). */
    private static final Pattern CONSOLE = Pattern.compile(".*(:CONSOLE[(:]|Uncaught ).*");

    private final Path binary;
    private final Path scratch;

    private HeadlessChromium(Path binary, Path scratch) {
        this.binary = binary;
        this.scratch = scratch;
    }

    /** What one run of Chromium printed: its status, standard output, and its log. */
    record Run(int status, String out, String log) {
        /** The page's console messages and uncaught exceptions. */
        List<String> console() {
            return log.lines().filter(line -> CONSOLE.matcher(line).matches()).toList();
        }
    }

    /**
     * The Chromium to use, keeping its profiles and output under {@code scratch}; aborts the calling test when none
     * is found, naming what {@code test} could not check.
     */
    static HeadlessChromium orSkip(Path scratch, String test, String unchecked) {
        Optional<Path> found = find();
        if (found.isEmpty()) {
            String reason = "no Chromium found (looked for SEQBENCH_CHROMIUM and " + String.join(", ", CANDIDATES)
                    + " on the PATH); .ci/run installs Debian's chromium. " + unchecked;
            System.err.println(test + " SKIPPED: " + reason);
            Assumptions.abort(reason);
        }
        return new HeadlessChromium(found.get(), scratch);
    }

    /** Opens {@code page} in a fresh profile, letting its scripts run, and does {@code action} ("--dump-dom"). */
    Run run(Path page, String... action) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + Files.createTempDirectory(scratch, "profile"),
                "--enable-logging=stderr", "--v=0", "--virtual-time-budget=10000"));
        command.addAll(List.of(action));
        command.add(page.toUri().toString());
        Path out = Files.createTempFile(scratch, "out", ".txt");
        Path log = Files.createTempFile(scratch, "log", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(log.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s: " + String.join(" ", command));
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(log, StandardCharsets.UTF_8));
    }

    /**
     * Saves a screenshot of {@code page}, 1280 pixels wide and {@code height} tall, into {@code file} and checks that
     * it is an image of the page; the tests print where, so that a person can look.
     */
    Path screenshot(Path page, Path file, int height) throws IOException, InterruptedException {
        Files.deleteIfExists(file);
        Run shot = run(page, "--hide-scrollbars", "--screenshot=" + file, "--window-size=1280," + height);
        Assertions.assertEquals(0, shot.status(), "chromium --screenshot failed:\n" + shot.log());
        Assertions.assertTrue(Files.size(file) > 50_000, "the screenshot is an image of the page");
        return file;
    }

    private static Optional<Path> find() {
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
}
