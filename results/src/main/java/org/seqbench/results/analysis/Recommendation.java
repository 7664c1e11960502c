package org.seqbench.results.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.seqbench.core.ModelKind;
import org.seqbench.results.Cell;
import org.seqbench.results.CellResult;
import org.seqbench.results.Numbers;
import org.seqbench.results.RunRecord;

/**
 * The answer to "which backend should I use for this workload?", from one run's measured cells: every candidate
 * (backend and variant, and kind where any kind may win) that computes the function within its accuracy tolerance,
 * ranked by its predicted headline, with its predicted p50 and throughput; the winner's margin over the runner-up
 * and whether it is significant; and what could not be predicted, and why.
 *
 * <p>Where the workload was measured, a candidate's figures are the cell's. Between measured lengths, the kind's law
 * fitted over the candidate's cells at that batch gives them (the report's {@link StepCost} or
 * {@link QuadraticLatency}), with the law's prediction interval; between measured batches, the power law through the
 * two batches around the asked one, with their intervals carried along. A prediction reaches at most
 * {@link #EXTRAPOLATION_FACTOR} times past the measured lengths or batches: beyond, the answer is to measure there.
 *
 * @param workload what was asked, its hidden size, layers and threads resolved against the run (as asked where the
 *     outcome is {@link NotInRun})
 * @param runId the run the answer comes from
 * @param ranked the candidates predicted, by predicted headline, fastest first
 * @param excluded the candidates that could not be predicted, each with why
 * @param outcome the answer
 */
public record Recommendation(Workload workload, String runId, List<Candidate> ranked, List<Excluded> excluded,
        Outcome outcome) {

    /**
     * How far past the measured lengths or batches a prediction may reach, as a factor of the nearest measured one:
     * a quarter. The sweeps measure lengths and batches 2 to 8 times apart, so a prediction at most 1.25 times past
     * the last stays far closer to it than the next step of the grid would be, where the fitted law was seen to hold;
     * further out, a law fitted at short lengths says little (caches fill, attention's quadratic part takes over).
     */
    public static final double EXTRAPOLATION_FACTOR = 1.25;

    public Recommendation {
        ranked = List.copyOf(ranked);
        excluded = List.copyOf(excluded);
    }

    /** How a candidate's figures were obtained. */
    public enum Provenance {
        MEASURED("measured"),
        ALONG_LENGTH("interpolated along T"),
        ALONG_BATCH("interpolated along batch"),
        ALONG_BOTH("interpolated along T and batch");

        private final String description;

        Provenance(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }

        /** The id in machine-readable output: "along-length". */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** A candidate predicted, or left out. */
    public sealed interface Assessment permits Candidate, Excluded {
    }

    /**
     * One backend and variant (and kind) at the workload.
     *
     * @param setting the coordinates of the candidate's cells but the length and batch (both 0)
     * @param seqLen the workload's length
     * @param batch the workload's batch
     * @param headline the predicted headline latency, which candidates are ranked by
     * @param p50 the predicted p50 (the median of trial medians), which a goal is judged on and throughput comes from
     * @param provenance how the figures were obtained
     * @param how the same in a sentence, naming the law and the lengths and batches it was made from
     * @param restsOn the measured cells the figures rest on, in length order per batch, batch by batch
     * @param beyondMeasured whether the workload lies past the measured lengths or batches, within the factor
     */
    public record Candidate(Cell setting, int seqLen, int batch, PredictedLatency headline, PredictedLatency p50,
            Provenance provenance, String how, List<CellResult> restsOn, boolean beyondMeasured)
            implements Assessment {

        public Candidate {
            restsOn = List.copyOf(restsOn);
        }

        /** The keys ({@link Cell#key()}) of the cells the figures rest on. */
        public List<String> restsOnKeys() {
            return restsOn.stream().map(result -> result.cell().key()).toList();
        }

        /** Whether a measured cell it rests on was disturbed (contended or on a slow host). */
        public boolean disturbed() {
            return restsOn.stream().anyMatch(CellResult::disturbed);
        }

        /** {@code onnx[fused-op]}, with its kind where any kind may win: {@code onnx[fused-op] lstm}. */
        public String label(boolean withKind) {
            return Recommendation.label(setting, withKind);
        }

        /** Sequences (or tokens) per second at the predicted p50. */
        public double perSecond(boolean tokens) {
            return items(tokens) / (p50.ms() / 1000);
        }

        /** The interval of {@link #perSecond}, from the p50's; null where the p50 has none. */
        public Interval perSecondInterval(boolean tokens) {
            if (!p50.hasInterval()) {
                return null;
            }
            return new Interval(items(tokens) / (p50.interval().high() / 1000),
                    items(tokens) / (p50.interval().low() / 1000), p50.interval().confidence(),
                    p50.interval().method());
        }

        private double items(boolean tokens) {
            return tokens ? (double) seqLen * batch : batch;
        }
    }

    /**
     * A candidate that could not be predicted.
     *
     * @param setting its cells' coordinates but the length and batch
     * @param reason why, in words
     * @param measureSeqLen the length to measure to predict it, where the length was out of reach; else null
     * @param measureBatch the batch to measure, where the batch was out of reach; else null
     */
    public record Excluded(Cell setting, String reason, Integer measureSeqLen, Integer measureBatch)
            implements Assessment {

        /** Whether measuring more (a length or a batch) would let it be predicted. */
        public boolean outsideRange() {
            return measureSeqLen != null || measureBatch != null;
        }

        public String label(boolean withKind) {
            return Recommendation.label(setting, withKind);
        }
    }

    /** The answer. */
    public sealed interface Outcome permits Recommended, NoneMeetsGoal, OutsideRange, NoneAccurate, NotInRun {
    }

    /**
     * The fastest candidate (that meets the goal, where there is one).
     *
     * @param winner the candidate
     * @param runnerUp the fastest of the others; null where there is none
     * @param margin the runner-up's headline over the winner's; null without a runner-up
     */
    public record Recommended(Candidate winner, Candidate runnerUp, Margin margin) implements Outcome {
    }

    /** No candidate meets the goal; {@code closest} has the lowest predicted p50. */
    public record NoneMeetsGoal(Candidate closest) implements Outcome {
    }

    /**
     * No candidate could be predicted, and measuring more would let some be: the length and/or batch to measure.
     *
     * @param seqLen the length to measure; null where the lengths reach
     * @param batch the batch to measure; null where the batches reach
     */
    public record OutsideRange(Integer seqLen, Integer batch) implements Outcome {
        /** "measure T = 512", "measure B = 64", "measure T = 512, B = 64". */
        public String measure() {
            List<String> parts = new ArrayList<>();
            if (seqLen != null) {
                parts.add("T = " + seqLen);
            }
            if (batch != null) {
                parts.add("B = " + batch);
            }
            return "measure " + String.join(", ", parts);
        }
    }

    /** Every candidate misses its accuracy tolerance where the prediction would rest. */
    public record NoneAccurate() implements Outcome {
    }

    /**
     * The workload names a kind, hidden size, layer count or thread count the run has no measured cell of, or leaves
     * one open where the run measured several.
     *
     * @param coordinate what: "kind", "hidden size", "layers" or "threads"
     * @param asked the value asked for; null where none was and the run measured several
     * @param measured the values the run measured, for the kinds asked
     */
    public record NotInRun(String coordinate, String asked, List<String> measured) implements Outcome {
        public NotInRun {
            measured = List.copyOf(measured);
        }
    }

    /** Whether the answer names a winner. */
    public boolean recommended() {
        return outcome instanceof Recommended;
    }

    /**
     * The recommendation for {@code asked} from {@code run}'s cells: only cells measured ok and within their accuracy
     * tolerance are candidates; the run's other cells are what it says it could not use.
     */
    public static Recommendation of(RunRecord run, Workload asked) {
        List<CellResult> measured = run.cells().stream().filter(CellResult::ok).toList();
        List<CellResult> cells = asked.anyKind() ? measured
                : measured.stream().filter(result -> result.cell().kind() == asked.kind()).toList();
        if (cells.isEmpty()) {
            return notInRun(run, asked, new NotInRun("kind", asked.anyKind() ? "any" : asked.kind().id(),
                    measured.stream().map(result -> result.cell().kind()).distinct().sorted()
                            .map(ModelKind::id).toList()));
        }
        Resolution hidden = resolve(cells, Cell::hiddenSize, asked.hiddenSize(), "hidden size");
        if (hidden.missing() != null) {
            return notInRun(run, asked, hidden.missing());
        }
        Resolution layers = resolve(hidden.cells(), Cell::layers, asked.layers(), "layers");
        if (layers.missing() != null) {
            return notInRun(run, asked, layers.missing());
        }
        Resolution threads = resolve(layers.cells(), Cell::threads, asked.threads(), "threads");
        if (threads.missing() != null) {
            return notInRun(run, asked, threads.missing());
        }
        Workload workload = asked.at(hidden.value(), layers.value(), threads.value());

        Map<Cell, List<CellResult>> bySetting = new LinkedHashMap<>();
        for (CellResult result : threads.cells()) {
            bySetting.computeIfAbsent(setting(result.cell()), key -> new ArrayList<>()).add(result);
        }
        // The harness records a cell that missed its tolerance as failed, with its accuracy figures: it still rules
        // its backend out there and any prediction across it.
        for (CellResult result : run.cells()) {
            Cell cell = result.cell();
            if (!result.ok() && CandidatePredictor.missedTolerance(result) && bySetting.containsKey(setting(cell))
                    && cell.hiddenSize() == workload.hiddenSize() && cell.layers() == workload.layers()
                    && cell.threads() == workload.threads()) {
                bySetting.get(setting(cell)).add(result);
            }
        }
        List<Candidate> candidates = new ArrayList<>();
        List<Excluded> excluded = new ArrayList<>();
        bySetting.forEach((setting, results) -> {
            switch (new CandidatePredictor(run.runId(), setting, results).predict(workload.seqLen(),
                    workload.batch())) {
                case Candidate candidate -> candidates.add(candidate);
                case Excluded left -> excluded.add(left);
            }
        });
        boolean withKind = workload.anyKind();
        candidates.sort(Comparator.comparingDouble((Candidate candidate) -> candidate.headline().ms())
                .thenComparing(candidate -> candidate.label(withKind)));
        return new Recommendation(workload, run.runId(), candidates, excluded, outcome(workload, candidates,
                excluded));
    }

    private static Outcome outcome(Workload workload, List<Candidate> ranked, List<Excluded> excluded) {
        if (ranked.isEmpty()) {
            List<Excluded> reachable = excluded.stream().filter(Excluded::outsideRange).toList();
            if (reachable.isEmpty()) {
                return new NoneAccurate();
            }
            return new OutsideRange(
                    reachable.stream().map(Excluded::measureSeqLen).filter(Objects::nonNull).findFirst().orElse(null),
                    reachable.stream().map(Excluded::measureBatch).filter(Objects::nonNull).findFirst().orElse(null));
        }
        Goal goal = workload.goal();
        Candidate winner = goal == null ? ranked.getFirst()
                : ranked.stream().filter(goal::metBy).findFirst().orElse(null);
        if (winner == null) {
            return new NoneMeetsGoal(ranked.stream().min(Comparator.comparingDouble(candidate -> candidate.p50().ms()))
                    .orElseThrow());
        }
        // With a goal, the runner-up meets it too: a faster candidate that misses it is no alternative to the winner.
        Candidate runnerUp = ranked.stream().filter(candidate -> candidate != winner)
                .filter(candidate -> goal == null || goal.metBy(candidate)).findFirst().orElse(null);
        return new Recommended(winner, runnerUp, runnerUp == null ? null : margin(winner, runnerUp));
    }

    /**
     * The runner-up's headline over the winner's: from their trials where both were measured there; between two
     * batches both measured at, the power law through the margins measured at each; else from the two latencies'
     * intervals.
     */
    static Margin margin(Candidate winner, Candidate runnerUp) {
        if (winner.provenance() == Provenance.MEASURED && runnerUp.provenance() == Provenance.MEASURED) {
            return Margin.measured(winner.restsOn().getFirst(), runnerUp.restsOn().getFirst());
        }
        if (winner.provenance() == Provenance.ALONG_BATCH && runnerUp.provenance() == Provenance.ALONG_BATCH) {
            CellResult winnerLow = winner.restsOn().getFirst();
            CellResult winnerHigh = winner.restsOn().getLast();
            CellResult otherLow = runnerUp.restsOn().getFirst();
            CellResult otherHigh = runnerUp.restsOn().getLast();
            if (winnerLow.cell().batch() == otherLow.cell().batch()
                    && winnerHigh.cell().batch() == otherHigh.cell().batch()) {
                return Margin.alongBatch(Margin.measured(winnerLow, otherLow), winnerLow.cell().batch(),
                        Margin.measured(winnerHigh, otherHigh), winnerHigh.cell().batch(), winner.batch());
            }
        }
        return Margin.predicted(winner.headline(), runnerUp.headline());
    }

    private static Recommendation notInRun(RunRecord run, Workload asked, NotInRun missing) {
        return new Recommendation(asked, run.runId(), List.of(), List.of(), missing);
    }

    /**
     * The cells at the asked value of a coordinate, or at the one value the run measured; or what is missing.
     *
     * @param value the value resolved
     * @param cells the cells at it
     * @param missing why none could be resolved; null where one was
     */
    private record Resolution(int value, List<CellResult> cells, NotInRun missing) {
    }

    private static Resolution resolve(List<CellResult> cells, ToIntFunction<Cell> coordinate, Integer asked,
            String name) {
        List<Integer> values = cells.stream().map(result -> coordinate.applyAsInt(result.cell())).distinct().sorted()
                .toList();
        List<String> measured = values.stream().map(String::valueOf).toList();
        if (asked == null && values.size() > 1) {
            return new Resolution(0, List.of(), new NotInRun(name, null, measured));
        }
        int value = asked == null ? values.getFirst() : asked;
        if (!values.contains(value)) {
            return new Resolution(0, List.of(), new NotInRun(name, String.valueOf(value), measured));
        }
        return new Resolution(value, cells.stream().filter(result -> coordinate.applyAsInt(result.cell()) == value)
                .toList(), null);
    }

    /** A cell's coordinates but its length and batch: what one candidate's cells share. */
    static Cell setting(Cell cell) {
        return Coordinate.SEQ_LEN.without(Coordinate.BATCH.without(cell));
    }

    static String label(Cell setting, boolean withKind) {
        return setting.backend() + (setting.variant().isEmpty() ? "" : "[" + setting.variant() + "]")
                + (withKind ? " " + setting.kind().id() : "");
    }

    /** "T = 16, 64, 256" for the lengths (or batches) of {@code results}. */
    static String listed(String name, List<CellResult> results, Function<Cell, Integer> coordinate) {
        return name + " = " + String.join(", ", results.stream().map(result -> coordinate.apply(result.cell()))
                .distinct().sorted().map(String::valueOf).toList());
    }

    /** "1.25x" for a factor past the measured range. */
    static String past(double factor) {
        return Numbers.significant(factor, 3) + "x";
    }
}
