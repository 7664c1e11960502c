package org.seqbench.results.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.seqbench.core.ModelKind;
import org.seqbench.results.Numbers;
import org.seqbench.study.GradientRecord;
import org.seqbench.study.StudyConfig;
import org.seqbench.study.StudyRecord;
import org.seqbench.study.StudySummary;
import org.seqbench.study.claims.Claim;
import org.seqbench.study.claims.Claims;
import org.seqbench.study.claims.ParallelismEvidence;
import org.seqbench.study.gradient.GradientProfile;
import org.seqbench.study.gradient.RhoFit;
import org.seqbench.study.memory.ForwardMemory;
import org.seqbench.study.task.SequenceTask;
import org.seqbench.study.training.BestRate;

/**
 * summary.md's part for an accuracy study: the claims with their verdicts, the held-out score per task, kind and
 * length, the gradient's per-step factor, and the memory of one forward pass at the longest length measured. The
 * full tables are in report.html.
 */
final class MarkdownStudy {
    private MarkdownStudy() {
    }

    /** The "## Accuracy studies" part. */
    static String render(StudyRecord study, Optional<ParallelismEvidence> parallel) {
        StudySummary summary = new StudySummary(study);
        StudyConfig config = study.config();
        StringBuilder out = new StringBuilder("## Accuracy studies\n\n");
        out.append(escape(StudySections.overview(study))).append("\n\n");

        out.append("### Claims\n\n| claim | verdict | key evidence |\n|---|---|---|\n");
        for (Claim claim : Claims.of(summary, parallel)) {
            out.append("| ").append(escape(claim.statement())).append(" | **").append(claim.verdict().words())
                    .append("** | ").append(escape(String.join(" ", claim.evidence()))).append(" |\n");
        }

        for (SequenceTask task : config.parsedTasks()) {
            List<BestRate> best = summary.accuracy(task);
            if (best.isEmpty()) {
                continue;
            }
            List<Integer> lengths = best.stream().map(BestRate::length).distinct().sorted().toList();
            out.append("\n### ").append(StudySections.taskName(task)).append(": held-out ")
                    .append(StudySections.metricName(task)).append(", mean [min–max] over seeds at the chosen rate ("
                            + StudySections.baselineName(task) + ")\n\n| kind |");
            lengths.forEach(length -> out.append(" T=").append(length).append(" |"));
            out.append("\n|---|").append("---|".repeat(lengths.size())).append('\n');
            for (String kind : config.kinds()) {
                List<BestRate> ofKind = best.stream().filter(cell -> cell.kind().id().equals(kind)).toList();
                if (ofKind.isEmpty()) {
                    continue;
                }
                out.append("| ").append(kind).append(" |");
                for (int length : lengths) {
                    out.append(' ').append(ofKind.stream().filter(cell -> cell.length() == length).findFirst()
                            .map(cell -> StudySections.metric(task, cell.best().score().mean()) + " "
                                    + StudySections.range(task, cell.best().score()))
                            .orElse("not trained")).append(" |");
                }
                out.append('\n');
            }
        }

        List<String> rhoRows = new ArrayList<>();
        for (ModelKind kind : config.parsedKinds()) {
            rhoRow(rhoRows, kind, "PyTorch init", summary.initial(kind, GradientRecord.PYTORCH));
            rhoRow(rhoRows, kind, "gates started for T steps", summary.initial(kind, GradientRecord.MEMORY));
            rhoRow(rhoRows, kind, "after training", summary.trained(kind)
                    .or(() -> summary.initial(kind, GradientRecord.TRAINED)));
        }
        if (!rhoRows.isEmpty()) {
            out.append("\n### Gradient flow at T=").append(config.gradientLength())
                    .append(": per-step factor rho\n\n| kind | start | rho [95% interval] | rho^")
                    .append(Claims.ILLUSTRATION_STEPS).append(" | R² | points |\n|---|---|---|---|---|---|\n");
            rhoRows.forEach(out::append);
        }

        List<String> memoryRows = new ArrayList<>();
        int longest = study.memory().stream().mapToInt(ForwardMemory::length).max().orElse(0);
        for (String backend : summary.memoryBackends()) {
            for (String kind : config.kinds()) {
                study.memory().stream().filter(point -> point.backend().equals(backend) && point.kind().equals(kind)
                        && point.length() == longest).findFirst().ifPresent(point -> memoryRows.add("| "
                                + escape(backend) + " | " + kind + " | " + (point.measured()
                                        ? Numbers.significant(point.residentBytes() / 1e6, 4) + " | "
                                                + Numbers.significant(point.heapBytes() / 1e6, 4)
                                        : "not measured: " + escape(point.failure()) + " | ") + " |\n"));
            }
        }
        if (!memoryRows.isEmpty()) {
            out.append("\n### Memory of one forward pass at T=").append(longest).append(", batch ")
                    .append(config.memoryBatch()).append("\n\n| backend | kind | resident MB | heap MB |\n"
                            + "|---|---|---|---|\n");
            memoryRows.forEach(out::append);
        }
        return out.toString();
    }

    private static void rhoRow(List<String> rows, ModelKind kind, String start, Optional<GradientProfile> profile) {
        if (profile.isEmpty()) {
            return;
        }
        String figures;
        try {
            RhoFit fit = profile.get().fit();
            figures = Numbers.significant(fit.rho(), 4) + " [" + Numbers.significant(fit.lower(), 4) + "–"
                    + Numbers.significant(fit.upper(), 4) + "] | " + Numbers.significant(
                            fit.over(Claims.ILLUSTRATION_STEPS), 3) + " | " + String.format(Locale.ROOT, "%.3f",
                            fit.rSquared()) + " | " + fit.points();
        } catch (IllegalArgumentException tooFew) {
            figures = escape(tooFew.getMessage()) + " | | |";
        }
        rows.add("| " + kind.id() + " | " + start + " | " + figures + " |\n");
    }

    static String escape(String text) {
        return Markdown.text(text);
    }
}
