package org.seqbench.results.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.seqbench.results.CellResult;
import org.seqbench.results.Numbers;
import org.seqbench.results.RunRecord;
import org.seqbench.results.analysis.Modality;
import org.seqbench.results.analysis.TrialEstimator;

/**
 * The central latency every report shows for a cell, with its error, and the rates at it. A cell with a headline
 * shows the headline and its 95% interval across trials, the figure the analysis is made on; a cell without one (a
 * record written before trials) shows its mean with JMH's interval over samples, exactly as before trials, so that
 * old records read as they always did.
 */
final class CellLatency {
    private CellLatency() {
    }

    static boolean headlined(CellResult result) {
        return result.headline() != null;
    }

    /** Whether {@code result} is an ok cell with a finite latency to show: what an export of a run holds. */
    static boolean measured(CellResult result) {
        return result.ok() && (headlined(result) || result.latency() != null)
                && Double.isFinite(result.headlineMs()) && result.headlineMs() > 0;
    }

    static boolean anyHeadlined(Collection<CellResult> results) {
        return results.stream().anyMatch(CellLatency::headlined);
    }

    static boolean anyHeadlinedIn(Collection<RunRecord> runs) {
        return runs.stream().anyMatch(run -> anyHeadlined(run.cells()));
    }

    /** The latency and its error in ms, three digits: {@code 0.912 (0.905 to 0.931)}, or {@code 0.95 ± 0.0095}. */
    static String text(CellResult result) {
        CellResult.Headline headline = result.headline();
        if (headline == null) {
            CellResult.Latency latency = result.latency();
            return Numbers.significant(latency.mean(), 3) + " ± "
                    + Numbers.significant((latency.ciHigh() - latency.ciLow()) / 2, 2);
        }
        String value = Numbers.significant(headline.value(), 3);
        return (headline.hasInterval() ? value + " (" + Numbers.significant(headline.low(), 3) + " to "
                + Numbers.significant(headline.high(), 3) + ")" : value) + modes(result);
    }

    /** The same in the unit that suits it: {@code 912 (905 to 931) µs}, or {@code 950 ± 9.5 µs}. */
    static String time(CellResult result) {
        CellResult.Headline headline = result.headline();
        if (headline == null) {
            CellResult.Latency latency = result.latency();
            return Numbers.timeWithError(latency.mean(), (latency.ciHigh() - latency.ciLow()) / 2);
        }
        return (headline.hasInterval() ? Numbers.timeWithInterval(headline.value(), headline.low(), headline.high())
                : Numbers.time(headline.value())) + modes(result);
    }

    /** Whether any of {@code results} has a device time: only a backend that times its device records one. */
    static boolean anyDeviceTimed(Collection<CellResult> results) {
        return results.stream().anyMatch(result -> result.deviceMs() != null);
    }

    /** The device time in the unit that suits it ({@code 212 µs}), empty where the cell has none. */
    static String deviceTime(CellResult result) {
        return result.deviceMs() == null ? "" : Numbers.time(result.deviceMs());
    }

    /** The device time in ms, three digits, empty where the cell has none. */
    static String deviceText(CellResult result) {
        return result.deviceMs() == null ? "" : Numbers.significant(result.deviceMs(), 3);
    }

    /** What the device column is, for a note beside a table that shows it. */
    static final String DEVICE_NOTE = "device time: the device-side time of one forward pass (the fastest of a few "
            + "passes timed on the device after the measured iterations); the latency minus it is what the host "
            + "adds: launches, transfers and synchronisation";

    /** A multimodal cell's mark beside its figure: {@code , 2 modes}. */
    private static String modes(CellResult result) {
        return result.headline().multiModal() ? ", " + result.headline().modes() + " modes" : "";
    }

    /** The lower end of the shown interval, in ms; null where the cell has none. */
    static Double low(CellResult result) {
        return headlined(result) ? result.headline().low() : Double.valueOf(result.latency().ciLow());
    }

    /** The upper end of the shown interval, in ms; null where the cell has none. */
    static Double high(CellResult result) {
        return headlined(result) ? result.headline().high() : Double.valueOf(result.latency().ciHigh());
    }

    /**
     * The throughput at the shown latency: at the headline for a cell with one, as the gains are, else the record's
     * (at the mean).
     */
    static CellResult.Throughput throughput(CellResult result) {
        if (!headlined(result)) {
            return result.throughput();
        }
        double seconds = result.headlineMs() / 1000;
        return new CellResult.Throughput(result.cell().batch() / seconds, result.cell().tokens() / seconds);
    }

    /** GFLOP/s at the shown latency, as the analysis computes it; the record's own for a cell without a headline. */
    static Double gflops(CellResult result) {
        return headlined(result) ? result.work().flops() / (result.headlineMs() / 1000) / 1e9 : result.gflops();
    }

    /** {@code " (3 of 10 trials disturbed)"} where some of the cell's trials were, else empty. */
    static String disturbedTrials(CellResult result) {
        long disturbed = result.trials().stream().filter(CellResult.Trial::disturbed).count();
        return disturbed == 0 ? "" : " (" + disturbed + " of " + result.trials().size() + " trials disturbed)";
    }

    /** The estimators' labels of the headlined cells, in words; normally the one {@link TrialEstimator#HEADLINE}. */
    static String estimators(Collection<CellResult> results) {
        Set<String> labels = new TreeSet<>();
        results.stream().filter(CellLatency::headlined).forEach(result -> labels.add(label(result.headline())));
        return labels.isEmpty() ? TrialEstimator.HEADLINE.label() : String.join(" or ", labels);
    }

    private static String label(CellResult.Headline headline) {
        return TrialEstimator.byId(headline.estimator()).map(TrialEstimator::label).orElse(headline.estimator());
    }

    /**
     * The sentence under a table of {@code shown} cells saying what its latency column holds; empty where no cell
     * has a headline, whose table reads as before trials.
     */
    static String legend(Collection<CellResult> shown) {
        if (!anyHeadlined(shown)) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        parts.add("Latency: each cell's headline, the " + estimators(shown) + ", with its 95% interval across trials"
                + " (low to high)");
        Set<Integer> fewTrials = new TreeSet<>();
        Set<Integer> fewest = new TreeSet<>();
        Set<String> noRunInterval = new TreeSet<>();
        shown.stream().filter(result -> headlined(result) && !result.headline().hasInterval()).forEach(result -> {
            java.util.Optional<TrialEstimator> estimator = TrialEstimator.byId(result.headline().estimator());
            if (estimator.isPresent() && !estimator.get().intervalWithinRun()) {
                noRunInterval.add(estimator.get().label());
                return;
            }
            fewTrials.add(result.headline().trials());
            estimator.ifPresent(e -> fewest.add(e.fewestTrials()));
        });
        if (!noRunInterval.isEmpty()) {
            parts.add("the " + String.join(" or ", noRunInterval) + " has no interval within one run (no resample "
                    + "goes below it); between two runs its ratio has one (seqbench reproducibility)");
        }
        if (!fewTrials.isEmpty()) {
            parts.add("a value alone had " + fewTrials.stream().map(String::valueOf).collect(Collectors.joining(" or "))
                    + " trials, too few for an interval" + (fewest.isEmpty() ? ""
                            : " (it needs at least " + fewest.stream().map(String::valueOf)
                                    .collect(Collectors.joining(" or ")) + ")"));
        }
        if (shown.stream().anyMatch(result -> headlined(result) && result.headline().multiModal())) {
            parts.add("\"n modes\": the trials fall into separate clusters, which no single figure describes");
        }
        if (!shown.stream().allMatch(CellLatency::headlined)) {
            parts.add("a cell without trials (an older record) shows its mean ± half JMH's interval over samples");
        }
        return String.join("; ", parts) + ". The percentiles are every trial's samples pooled; the rates are at the "
                + "latency shown.";
    }

    /**
     * "Which figure drives what", in sentences, for runs whose cells have headlines; empty for runs without, whose
     * reports read as before trials.
     */
    static String whichFigureDrivesWhat(Collection<RunRecord> runs) {
        List<CellResult> headlined = runs.stream().flatMap(run -> run.cells().stream())
                .filter(CellLatency::headlined).toList();
        if (headlined.isEmpty()) {
            return "";
        }
        TreeSet<Integer> counts = new TreeSet<>();
        headlined.forEach(result -> counts.add(result.headline().trials()));
        String trials = counts.size() == 1 ? "Each cell was measured as " + counts.first()
                + (counts.first() == 1 ? " trial" : " trials")
                : "Cells were measured as " + counts.first() + " to " + counts.last() + " trials";
        boolean mixed = runs.stream().flatMap(run -> run.cells().stream())
                .anyMatch(result -> result.ok() && !headlined(result));
        return "Fits, crossovers, gains and comparisons are made on each cell's headline, the " + estimators(headlined)
                + (mixed ? " (the mean, for a cell without trials)" : "") + ": it is robust to noise that only slows "
                + "a program down, and it reproduced best between identical runs (A/A) on the project's machine (see "
                + "the README). The p50, p90 and p99 are every trial's samples pooled: the distribution a user sees. "
                + "Intervals are 95% and across trials, the independent unit, not across samples. " + trials
                + ", interleaved across the run in a seeded random order, each in a fresh JVM per round.";
    }

    /** A multimodal cell of one run: its recorded mode count and the clusters of its trials' medians. */
    record MultiModal(String runId, CellResult result, Modality modality) {
        /** Each cluster's median in ms with its trial count: {@code 0.912 ms (6 trials), 1.21 ms (4 trials)}. */
        String clusters() {
            return modality.clusters().stream().map(cluster -> Numbers.time(median(cluster)) + " (" + cluster.size()
                    + (cluster.size() == 1 ? " trial)" : " trials)")).collect(Collectors.joining(", "));
        }

        private static double median(List<Double> sorted) {
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }
    }

    /** The measured cells of {@code runs} whose headline found more than one mode, in record order. */
    static List<MultiModal> multiModal(Collection<RunRecord> runs) {
        List<MultiModal> found = new ArrayList<>();
        for (RunRecord run : runs) {
            for (CellResult result : run.cells()) {
                if (result.ok() && headlined(result) && result.headline().multiModal()) {
                    found.add(new MultiModal(run.runId(), result, Modality.of(result.trials())));
                }
            }
        }
        return found;
    }

    /** The sentence above the list of multimodal cells. */
    static final String MULTIMODAL_NOTE = "These cells' trial medians fall into separate clusters (a JIT that chose "
            + "differently in some JVMs, a neighbour present for part of the run): no single figure describes such a "
            + "cell. Its headline is shown and used like any other's; compare the clusters before trusting it (their "
            + "being several is the signal, their count indicative).";
}
