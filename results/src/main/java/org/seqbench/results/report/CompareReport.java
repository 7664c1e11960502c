package org.seqbench.results.report;

import java.util.List;
import java.util.Locale;
import org.seqbench.results.Numbers;
import org.seqbench.results.analysis.CellComparison;
import org.seqbench.results.analysis.Comparison;
import org.seqbench.results.analysis.EnvironmentDifference;
import org.seqbench.results.analysis.TrialEstimator;
import org.seqbench.results.analysis.Verdict;

/**
 * {@code compare.md}: a comparison of two runs as GitHub-flavoured Markdown for a pull request's comment. A one-line
 * verdict on top, what differs between the runs' software, the regressions and improvements in a table, and every
 * other cell in a collapsed {@code <details>} section, cut to stay under GitHub's comment limit.
 */
public final class CompareReport {
    /** GitHub refuses a comment longer than this many characters. */
    public static final int COMMENT_LIMIT = 65_536;

    /** The headers of {@link #fields}' columns, in every table of a comparison. */
    public static final List<String> COLUMNS = List.of("cell", "verdict", "ratio", "95% interval", "p (U test)",
            "reason");

    /** Room kept below the limit for the lines after the cut. */
    private static final int MARGIN = 2_000;

    private CompareReport() {
    }

    /** The verdict line: "1 regression, 2 improvements, 60 unchanged, 3 noisy, 6 not comparable (72 cells)". */
    public static String verdict(Comparison comparison) {
        Comparison.Summary summary = comparison.summary();
        int regressions = summary.count(Verdict.REGRESSION);
        StringBuilder line = new StringBuilder(comparison.hasRegression() ? "**Regression**: " : "**No regression**: ");
        line.append(count(regressions, "slower cell", "slower cells"));
        if (summary.accuracyRegressions() > 0) {
            line.append(", ").append(count(summary.accuracyRegressions(), "cell less accurate than its tolerance",
                    "cells less accurate than their tolerance"));
        }
        line.append(", ").append(count(summary.count(Verdict.IMPROVEMENT), "faster", "faster"))
                .append(", ").append(summary.count(Verdict.NO_CHANGE)).append(" unchanged, ")
                .append(summary.count(Verdict.NOISY)).append(" noisy, ")
                .append(summary.count(Verdict.NOT_COMPARABLE)).append(" not comparable (")
                .append(comparison.cells().size()).append(" cells)");
        return line.toString();
    }

    /** The whole comment. */
    public static String markdown(Comparison comparison, EnvironmentDifference environment) {
        StringBuilder out = new StringBuilder("# seqbench compare: ").append(Markdown.code(comparison.currentRun()))
                .append(" against ").append(Markdown.code(comparison.baselineRun())).append("\n\n");
        out.append(verdict(comparison)).append("\n\n");
        out.append(String.format(Locale.ROOT, "Each cell's %s, current over baseline, with its 95%% interval across "
                + "trials; a cell is slower or faster when the whole interval is past 1 and the ratio past %s "
                + "(faster: below %s); noisy when a side was disturbed or the interval is wider than %s.%n",
                TrialEstimator.HEADLINE.label(), Numbers.significant(comparison.settings().slowerBound(), 3),
                Numbers.significant(comparison.settings().fasterBound(), 3),
                Numbers.percent(comparison.settings().maxWidth())));
        if (!environment.refusing().isEmpty() || !environment.stated().isEmpty()) {
            out.append("\nWhat differs between the runs: ")
                    .append(Markdown.text(String.join("; ", concat(environment.refusing(), environment.stated()))))
                    .append(".\n");
        }
        List<CellComparison> ordered = comparison.ordered();
        List<CellComparison> changed = ordered.stream()
                .filter(cell -> cell.regressed() || cell.verdict() == Verdict.IMPROVEMENT).toList();
        if (!changed.isEmpty()) {
            out.append("\n").append(tableHeader());
            changed.forEach(cell -> out.append(row(cell)));
        }
        List<CellComparison> rest = ordered.stream().filter(cell -> !changed.contains(cell)).toList();
        if (!rest.isEmpty()) {
            out.append("\n<details><summary>").append(rest.size()).append(" other cells</summary>\n\n")
                    .append(tableHeader());
            int shown = 0;
            for (CellComparison cell : rest) {
                String row = row(cell);
                if (out.length() + row.length() > COMMENT_LIMIT - MARGIN) {
                    out.append("\n").append(rest.size() - shown).append(" more cells are left out to stay under "
                            + "GitHub's comment limit; compare.json holds every cell.\n");
                    break;
                }
                out.append(row);
                shown++;
            }
            out.append("\n</details>\n");
        }
        comparison.cells().stream().map(CellComparison::fewTrialsNote).flatMap(java.util.Optional::stream)
                .findFirst().ifPresent(note -> out.append("\nTrials: ").append(note).append(".\n"));
        return out.toString();
    }

    /**
     * A cell's columns as both the comment and the terminal table show them: label, verdict, ratio, 95% interval,
     * U-test p-value, reason ("–" where a figure is missing).
     */
    public static List<String> fields(CellComparison cell) {
        String interval = cell.ratio() == null || !cell.ratio().hasInterval() ? "–"
                : Numbers.significant(cell.ratio().interval().low(), 3) + " – "
                        + Numbers.significant(cell.ratio().interval().high(), 3);
        return List.of(cell.label(), cell.verdict().id() + (cell.accuracyRegressed() ? ", less accurate" : ""),
                cell.ratio() == null ? "–" : Numbers.significant(cell.ratioValue(), 4), interval,
                Double.isNaN(cell.pValue()) ? "–" : Numbers.significant(cell.pValue(), 2),
                cell.reason() == null ? "" : cell.reason());
    }

    private static String tableHeader() {
        return "| " + String.join(" | ", COLUMNS) + " |\n" + "|---".repeat(COLUMNS.size()) + "|\n";
    }

    private static String row(CellComparison cell) {
        List<String> fields = fields(cell);
        String verdict = cell.regressed() ? "**" + fields.get(1) + "**" : fields.get(1);
        return "| " + Markdown.text(fields.get(0)) + " | " + verdict + " | " + String.join(" | ", fields.subList(2, 5))
                + " | " + Markdown.text(fields.get(5)) + " |\n";
    }

    private static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    private static List<String> concat(List<String> first, List<String> second) {
        java.util.ArrayList<String> all = new java.util.ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
