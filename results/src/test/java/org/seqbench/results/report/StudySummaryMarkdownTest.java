package org.seqbench.results.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.core.ModelKind;
import org.seqbench.results.Fixtures;
import org.seqbench.results.Numbers;
import org.seqbench.results.RunRecord;
import org.seqbench.results.analysis.SyntheticRun;
import org.seqbench.study.StudyRecord;
import org.seqbench.study.gradient.RhoFit;

/** summary.md's "Accuracy studies": the claims, the accuracy per task, rho, the memory at the longest length. */
class StudySummaryMarkdownTest {
    private static final StudyRecord STUDY = StudyRecords.record();
    private static final String MARKDOWN = MarkdownSummary.render(List.of(), Optional.of(STUDY));

    @TempDir
    Path directory;

    @Test
    void aStudyOnlySummaryStartsWithTheStudy() {
        assertTrue(MARKDOWN.startsWith("# seqbench study `20261201-090000-study`\n\n## Accuracy studies\n\n"
                + "Study 20261201-090000-study: profile test, trained on djl 0.36\\|pytorch 2.7 on Test CPU "
                + "&lt;2 cores> &amp; \"fast\""), MARKDOWN);
    }

    @Test
    void theClaimsTableHasOneLinePerClaimWithItsVerdictAndPipesEscaped() {
        List<String> rows = MARKDOWN.lines().dropWhile(line -> !line.equals("| claim | verdict | key evidence |"))
                .skip(2).takeWhile(line -> line.startsWith("| ")).toList();
        assertEquals(6, rows.size(), MARKDOWN);
        assertTrue(rows.getFirst().startsWith("| A plain RNN fails on long sequences because its gradients vanish or "
                + "explode across steps (1.1^100 ~ 13780, 0.9^100 ~ 0.003). | **holds** | Arithmetic: 1.1^100 = "
                + "13780.6, as stated;"), rows.getFirst());
        assertTrue(rows.get(2).contains("| **holds** |") && rows.get(2).contains("on djl 0.36\\|pytorch 2.7: T=16"),
                "the trainer's pipe is escaped in the GRU's evidence: " + rows.get(2));
        assertTrue(rows.get(3).contains("| **not measurable here** | Needs a benchmark run"), rows.get(3));
        assertTrue(rows.get(5).contains("| **holds partly** |"), rows.get(5));
        for (String row : rows) {
            assertEquals(4, row.replace("\\|", "").chars().filter(c -> c == '|').count(), "three cells: " + row);
        }
    }

    @Test
    void theAccuracyTablesHaveAKindPerRowAndALengthPerColumn() {
        assertTrue(MARKDOWN.contains("### Recall: held-out accuracy, mean [min–max] over seeds at the chosen rate "
                + "(chance 0.125)\n\n| kind | T=16 | T=256 |\n|---|---|---|\n| rnn | 0.880 [0.860–0.900] | 0.125 "
                + "[0.120–0.130] |\n| lstm | 0.960 [0.950–0.970] | 0.720 [0.700–0.740] |\n"), MARKDOWN);
        assertTrue(MARKDOWN.contains("(predicting the mean 0.167)\n\n| kind | T=16 | T=256 |\n|---|---|---|\n"
                + "| rnn | 0.025 [0.02–0.03] | 0.165 [0.16–0.17] |\n"), MARKDOWN);
    }

    @Test
    void theRhoTableHasAFitPerKindAndStart() {
        RhoFit trained = RhoFit.fit(StudyRecords.norms(0.97, 16).stream().mapToDouble(Double::doubleValue)
                .toArray());
        assertTrue(MARKDOWN.contains("| kind | start | rho [95% interval] | rho^100 | R² | points |"));
        assertTrue(MARKDOWN.contains("| lstm | after training | " + Numbers.significant(trained.rho(), 4) + " ["
                + Numbers.significant(trained.lower(), 4) + "–" + Numbers.significant(trained.upper(), 4) + "] | "
                + Numbers.significant(trained.over(100), 3) + " | "), MARKDOWN);
        assertEquals(10, MARKDOWN.lines().filter(line -> line.matches("\\| [a-z]+ \\| (PyTorch init|gates started "
                + "for T steps|after training) \\|.*")).count());
    }

    @Test
    void theMemoryTableIsAtTheLongestLengthPerBackendAndKind() {
        assertTrue(MARKDOWN.contains("### Memory of one forward pass at T=1024, batch 8\n\n| backend | kind | resident "
                + "MB | heap MB |\n|---|---|---|---|\n| onnx | rnn | "
                + Numbers.significant(StudyRecords.resident("onnx", "rnn", 1024, 3) / 1e6, 4) + " | "), MARKDOWN);
        assertTrue(MARKDOWN.contains("| djl | gru | not measured: out of memory: &lt;img src=x onerror=alert(1)> "
                + "&amp; more |  |\n"), MARKDOWN);
    }

    @Test
    void withARunTheStudyFollowsTheRunsSummaryAndItsClaimsUseTheRun() {
        RunRecord run = new SyntheticRun("20261201-080000-standard", List.of(ModelKind.LSTM, ModelKind.TRANSFORMER),
                List.of(16, 64, 256), List.of(1), List.of(1, 2)).record((kind, t, b, threads) ->
                        kind == ModelKind.LSTM ? 0.01 * t / (threads == 2 ? 1.1 : 1)
                                : 0.001 * t * t / (threads == 2 ? 1.8 : 1));
        String summary = MarkdownSummary.render(List.of(run), Optional.of(STUDY));
        assertTrue(summary.startsWith(MarkdownSummary.render(run) + "\n## Accuracy studies\n"), summary);
        assertTrue(summary.contains("| Recurrent models cannot be parallelised over time; the Transformer is fully "
                + "parallel. | **holds** | Thread speedup on onnx: lstm 1.10x"), summary);
        assertEquals(MarkdownSummary.render(run), MarkdownSummary.render(List.of(run), Optional.empty()));
        IllegalArgumentException neither = assertThrows(IllegalArgumentException.class,
                () -> MarkdownSummary.render(List.of(), Optional.empty()));
        assertEquals("a summary needs a run record or a study record, got neither", neither.getMessage());
    }

    @Test
    void writeStudyReportsWritesTheStudysTwoReportsIntoItsDirectory() throws IOException {
        ReportFiles.writeStudyReports(directory, STUDY, List.of());
        try (var files = Files.list(directory)) {
            assertEquals(List.of("report.html", "summary.md"), files.map(file -> file.getFileName().toString())
                    .sorted().toList(), "the two reports and no temporary file");
        }
        assertEquals(HtmlReport.render(List.of(), Optional.of(STUDY)),
                Files.readString(directory.resolve("report.html")));
        assertEquals(MARKDOWN, Files.readString(directory.resolve("summary.md")));

        Path runDirectory = Files.createDirectory(directory.resolve("run"));
        ReportFiles.writeReports(runDirectory, List.of(Fixtures.record()), Optional.of(STUDY));
        assertTrue(Files.readString(runDirectory.resolve("summary.md")).contains("\n## Accuracy studies\n"));
        assertTrue(Files.readString(runDirectory.resolve("report.html")).contains("<section id=\"latency\">")
                && Files.readString(runDirectory.resolve("report.html")).contains("<section id=\"study-claims\">"));
    }
}
