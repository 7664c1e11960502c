package org.seqbench.results.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.seqbench.core.ModelKind;

/**
 * How one curve's latency grows with sequence length: the log-log exponent, and the split of the latency into
 * parts with a meaning ({@link StepCost} for recurrent kinds, {@link QuadraticLatency} for the Transformer). Fits
 * use the mean latency of the cells measured undisturbed (no contention, no slow host); the others are counted,
 * not fitted.
 *
 * @param curve the cells, along the sequence length
 * @param fittedLengths the lengths the fits used
 * @param powerLaw the exponent, or why there is none
 * @param decomposition the kind's latency model, or why there is none
 */
public record SeqScaling(Curve curve, List<Integer> fittedLengths, Fit<PowerLaw> powerLaw,
        Fit<LatencyModel> decomposition) {

    /** Fewest lengths a fit is made on: two points always lie on a line, and say nothing about its shape. */
    public static final int MIN_POINTS = 3;

    public SeqScaling {
        fittedLengths = List.copyOf(fittedLengths);
    }

    public ModelKind kind() {
        return curve.shape().kind();
    }

    /** Fits every curve along the sequence length that has at least two lengths. */
    public static List<SeqScaling> of(List<Observation> observations) {
        List<SeqScaling> scalings = new ArrayList<>();
        for (Curve curve : Curve.along(Coordinate.SEQ_LEN, observations)) {
            if (curve.points().size() >= 2) {
                scalings.add(fit(curve));
            }
        }
        return scalings;
    }

    static SeqScaling fit(Curve curve) {
        List<Observation> clean = curve.clean();
        List<Integer> lengths = clean.stream().map(point -> point.cell().seqLen()).toList();
        if (clean.size() < MIN_POINTS) {
            String reason = tooFew(curve, lengths);
            return new SeqScaling(curve, lengths, Fit.none(reason), Fit.none(reason));
        }
        double[] t = clean.stream().mapToDouble(point -> point.cell().seqLen()).toArray();
        double[] latency = clean.stream().mapToDouble(Observation::latencyMs).toArray();
        return new SeqScaling(curve, lengths, Fit.of(PowerLaw.fit(t, latency)),
                Fit.of(decomposition(curve.shape().kind(), clean, Observation::latencyMs)));
    }

    /**
     * The kind's latency model ({@link StepCost} for a recurrent kind, {@link QuadraticLatency} for the Transformer)
     * fitted to {@code points} of one curve along the sequence length, ascending, at least {@link #MIN_POINTS}, on
     * {@code figure} of each (the headline, or another latency figure of the cells).
     */
    static LatencyModel decomposition(ModelKind kind, List<Observation> points, ToDoubleFunction<Observation> figure) {
        double[] t = points.stream().mapToDouble(point -> point.cell().seqLen()).toArray();
        double[] latency = points.stream().mapToDouble(figure).toArray();
        if (kind.isRecurrent()) {
            double[] steps = points.stream().mapToDouble(point -> point.result().work().sequentialSteps()).toArray();
            return StepCost.fit(t, steps, latency);
        }
        return QuadraticLatency.fit(t, latency);
    }

    private static String tooFew(Curve curve, List<Integer> lengths) {
        String measured = lengths.isEmpty() ? "no length" : lengths.size() + " length" + (lengths.size() == 1 ? "" : "s")
                + " (" + lengths.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")";
        int disturbed = curve.disturbedCount();
        // Records without a canary verdict keep the sentence they have always had.
        boolean slowHostSeen = curve.points().stream()
                .anyMatch(point -> Boolean.TRUE.equals(point.result().slowHost()));
        if (!slowHostSeen) {
            return "too few points: " + measured + " measured without contention"
                    + (disturbed > 0 ? ", " + disturbed + " left out as contended" : "") + "; a fit needs " + MIN_POINTS;
        }
        return "too few points: " + measured + " measured undisturbed, " + disturbed
                + " left out as contended or on a slow host; a fit needs " + MIN_POINTS;
    }
}
