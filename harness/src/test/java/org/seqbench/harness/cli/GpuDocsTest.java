package org.seqbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docs/gpu.md cannot go stale: every {@code seqbench} line in its sh blocks parses with seqbench's own command line
 * (parsed only, never run), and every {@code tools/pytorch_baseline.py} line that measures plans its cells with the
 * script's own parser ({@code --dry-run}: nothing measured, no PyTorch needed, only a python3).
 */
class GpuDocsTest {
    private static final Path ROOT = org.seqbench.harness.RepositoryRoot.path();
    private static final Path PAGE = ROOT.resolve("docs/gpu.md");
    private static final String SCRIPT = "tools/pytorch_baseline.py";

    @Test
    void everySeqbenchLineParsesWithSeqbenchsOwnCommandLine() throws IOException {
        List<CiCommandLines.Found> lines = CiCommandLines.in(PAGE);
        assertTrue(lines.size() >= 8, "docs/gpu.md shows the backends, run, verify, report and compare lines: "
                + lines);
        List<String> failures = new ArrayList<>();
        for (CiCommandLines.Found line : lines) {
            try {
                line.parse();
            } catch (CommandLine.ParameterException e) {
                failures.add(line.where() + ": " + e.getMessage());
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void everyBaselineLineThatMeasuresPlansItsCells() throws IOException, InterruptedException {
        Optional<String> python = python();
        assumeTrue(python.isPresent(), "no python3 here to run " + SCRIPT + " --dry-run with");
        List<List<String>> lines = baselineLines();
        assertTrue(lines.stream().anyMatch(words -> words.contains("--check-case")), "the page shows --check-case");
        List<List<String>> measuring = lines.stream().filter(words -> !words.contains("--check-case")).toList();
        assertTrue(measuring.size() >= 3, "the page shows the cuda, cpu and custom baselines: " + lines);
        for (List<String> words : measuring) {
            List<String> command = new ArrayList<>(List.of(python.get(), ROOT.resolve(SCRIPT).toString()));
            command.addAll(words);
            if (!words.contains("--dry-run")) {
                command.add("--dry-run");
            }
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(1, TimeUnit.MINUTES), String.join(" ", command));
            assertEquals(0, process.exitValue(), String.join(" ", words) + ": " + output);
            assertTrue(output.strip().endsWith("nothing measured"), output);
        }
    }

    @Test
    void theReadmeLinksThePage() throws IOException {
        assertTrue(Files.readString(ROOT.resolve("README.md")).contains("(docs/gpu.md)"));
    }

    /** The arguments of each {@code python3 tools/pytorch_baseline.py} line of the page's sh blocks. */
    private static List<List<String>> baselineLines() throws IOException {
        List<List<String>> found = new ArrayList<>();
        boolean inShell = false;
        for (String line : Files.readAllLines(PAGE, StandardCharsets.UTF_8)) {
            String text = line.strip();
            if (text.startsWith("```")) {
                inShell = !inShell && (text.equals("```sh") || text.equals("```bash"));
                continue;
            }
            int comment = text.indexOf(" #");
            List<String> words = Arrays.asList((comment >= 0 ? text.substring(0, comment) : text).split("\\s+"));
            if (inShell && words.size() >= 2 && words.get(0).equals("python3") && words.get(1).equals(SCRIPT)) {
                found.add(words.subList(2, words.size()));
            }
        }
        return found;
    }

    private static Optional<String> python() throws InterruptedException {
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            try {
                Process process = new ProcessBuilder(candidate, "--version").redirectErrorStream(true).start();
                process.getInputStream().readAllBytes();
                if (process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0) {
                    return Optional.of(candidate);
                }
            } catch (IOException e) {
                // not installed under that name
            }
        }
        return Optional.empty();
    }
}
