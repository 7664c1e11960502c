package org.seqbench.results.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.seqbench.results.Numbers;
import org.seqbench.results.analysis.Analysis;
import org.seqbench.results.analysis.Coordinate;
import org.seqbench.results.analysis.Decision;
import org.seqbench.results.analysis.Margin;
import org.seqbench.results.analysis.Observation;
import org.seqbench.results.analysis.SeriesNames;
import org.seqbench.results.analysis.Shapes;

/**
 * The decision table's rows, as text, for report.html and summary.md alike: per measured point the winner, its
 * headline, the runner-up, the margin with its interval, and whether it is significant.
 */
final class DecisionRows {
    /** The table's order: run, kind, model size and threads, then batch and length. */
    private static final Comparator<Decision> ORDER = Comparator
            .comparing((Decision decision) -> decision.point().kind())
            .thenComparingInt(decision -> decision.point().hiddenSize())
            .thenComparingInt(decision -> decision.point().layers())
            .thenComparing(decision -> decision.point().bidirectional())
            .thenComparingInt(decision -> decision.point().threads() == 0 ? Integer.MAX_VALUE
                    : decision.point().threads())
            .thenComparingInt(decision -> decision.point().batch())
            .thenComparingInt(decision -> decision.point().seqLen());

    private final Analysis analysis;
    private final SeriesNames names;
    private final Shapes shapes;
    private final boolean settingVaries;

    DecisionRows(Analysis analysis) {
        this.analysis = analysis;
        this.names = analysis.names();
        this.shapes = analysis.shapes();
        this.settingVaries = analysis.decisions().stream().anyMatch(decision -> !setting(decision).isEmpty());
    }

    /** Every decision, runs in the order given, each run's in {@link #ORDER}. */
    List<Decision> ordered() {
        List<Decision> ordered = new ArrayList<>();
        analysis.runs().forEach(run -> analysis.decisions().stream()
                .filter(decision -> decision.runId().equals(run.runId())).sorted(ORDER).forEach(ordered::add));
        return ordered;
    }

    List<String> header() {
        List<String> header = new ArrayList<>(List.of("kind"));
        if (settingVaries) {
            header.add("setting");
        }
        header.addAll(List.of("seq", "batch", "winner", "latency ms", "runner-up", "margin", "significant"));
        return header;
    }

    List<String> fields(Decision decision) {
        List<String> row = new ArrayList<>(List.of(Shapes.kind(decision.point().kind())));
        if (settingVaries) {
            row.add(setting(decision));
        }
        row.add(String.valueOf(decision.point().seqLen()));
        row.add(String.valueOf(decision.point().batch()));
        Observation winner = decision.winner();
        if (winner == null) {
            row.addAll(List.of("none within its accuracy tolerance", "", "", "", ""));
            return row;
        }
        row.add(series(winner));
        row.add(CellLatency.text(winner.result()));
        Observation runnerUp = decision.runnerUp();
        row.add(runnerUp == null ? "none" : series(runnerUp));
        row.add(decision.margin() == null ? "" : margin(decision.margin()));
        row.add(decision.margin() == null ? "" : significance(decision.margin()));
        return row;
    }

    /** The varying coordinates of the point but its length and batch: "hidden 64, 2 threads"; empty if none vary. */
    String setting(Decision decision) {
        return shapes.describe(decision.point(), Coordinate.BATCH);
    }

    /** A cell's series, marked where it was disturbed. */
    String series(Observation observation) {
        return name(observation) + (observation.disturbed() ? " " + Findings.CONTENDED : "");
    }

    /** A cell's series, unmarked: the same for every cell of the series, as a chart's legend needs. */
    String name(Observation observation) {
        return names.of(observation.runId(), observation.cell());
    }

    /** "1.31x (1.22 to 1.4)", or the ratio alone where it has no interval; three digits, as 1.01x matters here. */
    static String margin(Margin margin) {
        return Numbers.significant(margin.ratio(), 3) + "x" + (margin.interval() == null ? "" : " ("
                + Numbers.significant(margin.interval().low(), 3) + " to "
                + Numbers.significant(margin.interval().high(), 3) + ")");
    }

    /** "yes", "no", or "unknown" where the margin has no interval ({@link #unknownBecause} says why). */
    static String significance(Margin margin) {
        return margin.interval() == null ? "unknown" : margin.significant() ? "yes" : "no";
    }

    /**
     * Why some margins' significance is unknown, one sentence for the table's foot ("Significance unknown: a record
     * without trials has no interval across trials."); empty where every margin has an interval.
     */
    String unknownBecause() {
        List<String> reasons = analysis.decisions().stream().map(Decision::margin)
                .filter(margin -> margin != null && margin.interval() == null).map(Margin::noInterval).distinct()
                .toList();
        return reasons.isEmpty() ? "" : "Significance unknown: " + String.join("; ", reasons) + ".";
    }
}
