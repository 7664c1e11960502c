package org.seqbench.results.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.seqbench.results.Cell;
import org.seqbench.results.CellResult;
import org.seqbench.results.Numbers;
import org.seqbench.results.analysis.Recommendation.Candidate;
import org.seqbench.results.analysis.Recommendation.Excluded;
import org.seqbench.results.analysis.Recommendation.Provenance;

/**
 * One candidate's figures at a length and batch, from its measured cells ({@link Recommendation} says the rules):
 * the cell where it was measured; else along T, the kind's law fitted over its undisturbed cells at the batch; else
 * along batch, the power law through the two measured batches around it. Cells that missed their accuracy tolerance
 * are never used, and a prediction whose cells enclose one is refused: the function is not computed there.
 */
final class CandidatePredictor {
    private static final double FACTOR = Recommendation.EXTRAPOLATION_FACTOR;

    private final String runId;
    private final Cell setting;
    /** Every ok cell of the candidate, within its tolerance or not. */
    private final List<CellResult> cells;

    CandidatePredictor(String runId, Cell setting, List<CellResult> cells) {
        this.runId = runId;
        this.setting = setting;
        this.cells = List.copyOf(cells);
    }

    /**
     * The figures at one batch: measured, or fitted along T.
     *
     * @param problem why there are none (the rest then null); null where there are
     */
    private record AtBatch(PredictedLatency headline, PredictedLatency p50, List<CellResult> restsOn, boolean measured,
            boolean beyond, String how, Excluded problem) {
    }

    Recommendation.Assessment predict(int seqLen, int batch) {
        List<CellResult> passing = cells.stream().filter(CandidatePredictor::passed).toList();
        if (passing.isEmpty()) {
            return new Excluded(setting, "missed its accuracy tolerance in every measured cell ("
                    + failure(cells.getFirst()) + ")", null, null);
        }
        Optional<CellResult> measuredHere = cells.stream().filter(result -> result.cell().seqLen() == seqLen
                && result.cell().batch() == batch && !passed(result)).findFirst();
        if (measuredHere.isPresent()) {
            return new Excluded(setting, "missed its accuracy tolerance in this very cell ("
                    + failure(measuredHere.get()) + ")", null, null);
        }
        List<Integer> batches = passing.stream().map(result -> result.cell().batch()).distinct().sorted().toList();
        Recommendation.Assessment assessment = batches.contains(batch) ? single(seqLen, batch, passing)
                : alongBatch(seqLen, batch, batches, passing);
        if (assessment instanceof Candidate candidate) {
            Optional<CellResult> failed = enclosedFailure(candidate, seqLen, batch);
            if (failed.isPresent()) {
                return new Excluded(setting, "missed its accuracy tolerance at T = " + failed.get().cell().seqLen()
                        + ", B = " + failed.get().cell().batch() + " (" + failure(failed.get()) + "), among the cells "
                        + "a prediction would rest on", null, null);
            }
        }
        return assessment;
    }

    private Recommendation.Assessment single(int seqLen, int batch, List<CellResult> passing) {
        AtBatch at = atBatch(seqLen, batch, passing);
        if (at.problem() != null) {
            return at.problem();
        }
        String how = at.measured() ? at.how() : "at B = " + batch + ", " + at.how();
        return new Candidate(setting, seqLen, batch, at.headline(), at.p50(), at.measured() ? Provenance.MEASURED
                : Provenance.ALONG_LENGTH, how, at.restsOn(), at.beyond());
    }

    private Recommendation.Assessment alongBatch(int seqLen, int batch, List<Integer> batches,
            List<CellResult> passing) {
        int lowest = batches.getFirst();
        int highest = batches.getLast();
        // Where the batch is out of reach, the length may be too: the answer names both, so one more run suffices.
        Integer length = lengthInReach(seqLen, passing) ? null : seqLen;
        if (batches.size() < 2) {
            return new Excluded(setting, "one batch measured (B = " + lowest + "); interpolating along batch needs "
                    + "two", length, batch);
        }
        if (batch < lowest / FACTOR || batch > highest * FACTOR) {
            return new Excluded(setting, "B = " + batch + " is outside its measured batches (B = " + lowest + " to "
                    + highest + "; a prediction reaches " + Recommendation.past(FACTOR) + " past them)", length,
                    batch);
        }
        int lower;
        int upper;
        if (batch < lowest) {
            lower = lowest;
            upper = batches.get(1);
        } else if (batch > highest) {
            lower = batches.get(batches.size() - 2);
            upper = highest;
        } else {
            lower = batches.stream().filter(measured -> measured < batch).max(Integer::compare).orElseThrow();
            upper = batches.stream().filter(measured -> measured > batch).min(Integer::compare).orElseThrow();
        }
        AtBatch below = atBatch(seqLen, lower, passing);
        if (below.problem() != null) {
            return below.problem();
        }
        AtBatch above = atBatch(seqLen, upper, passing);
        if (above.problem() != null) {
            return above.problem();
        }
        List<CellResult> restsOn = new ArrayList<>(below.restsOn());
        restsOn.addAll(above.restsOn());
        boolean measured = below.measured() && above.measured();
        String how;
        if (measured) {
            how = "the power law along batch through the cells measured at B = " + lower + " and " + upper;
        } else if (below.how().equals(above.how())) {
            how = "at B = " + lower + " and " + upper + " each, " + below.how()
                    + "; then the power law along batch through the two";
        } else {
            how = "at B = " + lower + ", " + below.how() + "; at B = " + upper + ", " + above.how()
                    + "; then the power law along batch through the two";
        }
        how += beyondNote(batch, lowest, highest, "B");
        return new Candidate(setting, seqLen, batch,
                PredictedLatency.alongBatch(below.headline(), lower, above.headline(), upper, batch),
                PredictedLatency.alongBatch(below.p50(), lower, above.p50(), upper, batch),
                measured ? Provenance.ALONG_BATCH : Provenance.ALONG_BOTH, how, restsOn,
                batch < lowest || batch > highest || below.beyond() || above.beyond());
    }

    /**
     * The figures at {@code seqLen} and batch {@code batch}, a batch the candidate measured; their {@code how} does
     * not name the batch.
     */
    private AtBatch atBatch(int seqLen, int batch, List<CellResult> passing) {
        List<CellResult> curve = passing.stream().filter(result -> result.cell().batch() == batch)
                .sorted(Comparator.comparingInt(result -> result.cell().seqLen())).toList();
        Optional<CellResult> exact = curve.stream().filter(result -> result.cell().seqLen() == seqLen).findFirst();
        if (exact.isPresent()) {
            return new AtBatch(PredictedLatency.headline(exact.get()), PredictedLatency.p50(exact.get()),
                    List.of(exact.get()), true, false, "measured", null);
        }
        List<Observation> clean = curve.stream().filter(result -> !result.disturbed())
                .map(result -> new Observation(runId, result)).toList();
        List<CellResult> fitted = clean.stream().map(Observation::result).toList();
        if (clean.size() < SeqScaling.MIN_POINTS) {
            return problem(new Excluded(setting, "at B = " + batch + ", " + clean.size() + " length"
                    + (clean.size() == 1 ? "" : "s") + " measured undisturbed" + (clean.isEmpty() ? ""
                            : " (" + Recommendation.listed("T", fitted, Cell::seqLen) + ")")
                    + "; interpolating along T needs " + SeqScaling.MIN_POINTS, seqLen, null));
        }
        int lowest = fitted.getFirst().cell().seqLen();
        int highest = fitted.getLast().cell().seqLen();
        if (seqLen < lowest / FACTOR || seqLen > highest * FACTOR) {
            return problem(new Excluded(setting, "T = " + seqLen + " is outside its measured lengths at B = " + batch
                    + " (T = " + lowest + " to " + highest + "; a prediction reaches " + Recommendation.past(FACTOR)
                    + " past them)", seqLen, null));
        }
        LatencyModel headline = SeqScaling.decomposition(setting.kind(), clean, Observation::latencyMs);
        LatencyModel p50 = SeqScaling.decomposition(setting.kind(), clean,
                observation -> PredictedLatency.p50Ms(observation.result()));
        Cell at = at(seqLen, batch);
        String law = setting.kind().isRecurrent() ? "the step cost (overhead + cost per step x steps)"
                : "latency = a + b·T + c·T²";
        return new AtBatch(headline.at(at), p50.at(at), fitted, false, seqLen < lowest || seqLen > highest,
                law + " fitted over " + Recommendation.listed("T", fitted, Cell::seqLen)
                        + beyondNote(seqLen, lowest, highest, "T"), null);
    }

    /** Whether {@code seqLen} was measured, or lies within reach of the lengths measured, at some batch. */
    private static boolean lengthInReach(int seqLen, List<CellResult> passing) {
        int shortest = passing.stream().mapToInt(result -> result.cell().seqLen()).min().orElseThrow();
        int longest = passing.stream().mapToInt(result -> result.cell().seqLen()).max().orElseThrow();
        return seqLen >= shortest / FACTOR && seqLen <= longest * FACTOR;
    }

    /**
     * A cell that missed its tolerance within the lengths and batches the prediction spans (the cells it rests on and
     * the workload itself): between two cells that compute the function, one that does not says the function is
     * not computed in that stretch.
     */
    private Optional<CellResult> enclosedFailure(Candidate candidate, int seqLen, int batch) {
        List<Cell> spanned = new ArrayList<>(candidate.restsOn().stream().map(CellResult::cell).toList());
        spanned.add(at(seqLen, batch));
        int shortest = spanned.stream().mapToInt(Cell::seqLen).min().orElseThrow();
        int longest = spanned.stream().mapToInt(Cell::seqLen).max().orElseThrow();
        int smallest = spanned.stream().mapToInt(Cell::batch).min().orElseThrow();
        int largest = spanned.stream().mapToInt(Cell::batch).max().orElseThrow();
        return cells.stream().filter(result -> !passed(result))
                .filter(result -> result.cell().seqLen() >= shortest && result.cell().seqLen() <= longest
                        && result.cell().batch() >= smallest && result.cell().batch() <= largest)
                .findFirst();
    }

    /** The candidate's cell at {@code seqLen} and {@code batch}, measured or not. */
    private Cell at(int seqLen, int batch) {
        return new Cell(setting.backend(), setting.variant(), setting.device(), setting.precision(), setting.kind(),
                seqLen, batch, setting.hiddenSize(), setting.layers(), setting.threads(), setting.inputSize(),
                setting.heads(), setting.ffnSize(), setting.outputSize(), setting.bidirectional());
    }

    private static AtBatch problem(Excluded excluded) {
        return new AtBatch(null, null, List.of(), false, false, null, excluded);
    }

    /** ", 1.2x past T = 256" where {@code value} lies past the measured range, else empty. */
    private static String beyondNote(int value, int lowest, int highest, String name) {
        if (value > highest) {
            return ", " + Recommendation.past((double) value / highest) + " past " + name + " = " + highest;
        }
        if (value < lowest) {
            return ", " + Recommendation.past((double) lowest / value) + " below " + name + " = " + lowest;
        }
        return "";
    }

    /**
     * Whether the cell was checked and missed its tolerance: the harness records such a cell as failed, its accuracy
     * figures kept, so that it still rules out its backend at that point and predictions across it.
     */
    static boolean missedTolerance(CellResult result) {
        return result.accuracy() != null && !result.accuracy().passed();
    }

    /** Whether the cell computed the function within its tolerance; a cell without accuracy figures did not show it. */
    static boolean passed(CellResult result) {
        return result.accuracy() != null && result.accuracy().passed();
    }

    private static String failure(CellResult result) {
        return result.accuracy() == null ? "no accuracy figures"
                : "max abs error " + Numbers.error(result.accuracy().maxAbsError()) + " > tolerance "
                        + Numbers.error(result.accuracy().tolerance());
    }
}
