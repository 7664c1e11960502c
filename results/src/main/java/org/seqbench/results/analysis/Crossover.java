package org.seqbench.results.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seqbench.core.ModelKind;
import org.seqbench.results.Cell;

/**
 * Where the Transformer's latency crosses a recurrent kind's on one backend, batch and thread count: the sequence
 * lengths at which {@code log(transformer) - log(recurrent)} changes sign, interpolated linearly on log-log axes
 * between the two measured lengths around the change.
 * Only lengths both measured undisturbed (no contention, no slow host) count.
 *
 * @param runId the run
 * @param transformer the Transformer curve's shape (its sequence length is 0)
 * @param recurrent the recurrent curve's shape
 * @param comparedLengths the lengths both were measured at without contention
 * @param contendedLeftOut lengths left out because one of the two was disturbed (contended or on a slow host)
 * @param crossings the crossings in the measured range, or why none could be looked for
 * @param transformerFasterAtShortest whether the Transformer is the faster at the shortest compared length
 */
public record Crossover(String runId, Cell transformer, Cell recurrent, List<Integer> comparedLengths,
        int contendedLeftOut, Fit<List<Crossing>> crossings, boolean transformerFasterAtShortest) {

    public Crossover {
        comparedLengths = List.copyOf(comparedLengths);
    }

    /**
     * One crossing.
     *
     * @param length the interpolated sequence length
     * @param lower the measured length below it
     * @param upper the measured length above it
     * @param transformerBecomesSlower true when the Transformer is the slower beyond {@code length}
     */
    public record Crossing(double length, int lower, int upper, boolean transformerBecomesSlower) {
    }

    /** Every Transformer curve against every recurrent curve of the same run, backend, batch, threads and size. */
    public static List<Crossover> of(List<Observation> observations) {
        record Pairing(String runId, String backend, String device, String precision, int batch, int hidden,
                int layers, int threads, int inputSize, int outputSize) {
        }
        Map<Pairing, List<Curve>> transformers = new LinkedHashMap<>();
        Map<Pairing, List<Curve>> recurrents = new LinkedHashMap<>();
        for (Curve curve : Curve.along(Coordinate.SEQ_LEN, observations)) {
            Cell shape = curve.shape();
            Pairing pairing = new Pairing(curve.runId(), shape.backend(), shape.device(), shape.precision(),
                    shape.batch(), shape.hiddenSize(), shape.layers(), shape.threads(), shape.inputSize(),
                    shape.outputSize());
            (shape.kind() == ModelKind.TRANSFORMER ? transformers : recurrents)
                    .computeIfAbsent(pairing, key -> new ArrayList<>()).add(curve);
        }
        List<Crossover> crossovers = new ArrayList<>();
        transformers.forEach((pairing, attention) -> {
            for (Curve transformer : attention) {
                for (Curve recurrent : recurrents.getOrDefault(pairing, List.of())) {
                    crossovers.add(between(transformer, recurrent));
                }
            }
        });
        return crossovers;
    }

    static Crossover between(Curve transformer, Curve recurrent) {
        Map<Integer, Observation> recurrentAt = new LinkedHashMap<>();
        recurrent.points().forEach(point -> recurrentAt.put(point.cell().seqLen(), point));
        List<Integer> lengths = new ArrayList<>();
        List<Double> logRatios = new ArrayList<>();
        int contended = 0;
        for (Observation point : transformer.points()) {
            Observation other = recurrentAt.get(point.cell().seqLen());
            if (other == null) {
                continue;
            }
            if (point.disturbed() || other.disturbed()) {
                contended++;
                continue;
            }
            lengths.add(point.cell().seqLen());
            logRatios.add(Math.log(point.latencyMs()) - Math.log(other.latencyMs()));
        }
        if (lengths.size() < 2) {
            return new Crossover(transformer.runId(), transformer.shape(), recurrent.shape(), lengths, contended,
                    Fit.none("fewer than 2 lengths measured for both without contention"),
                    !logRatios.isEmpty() && logRatios.getFirst() < 0);
        }
        // The Transformer is "faster" where its latency is strictly lower; a crossing is where that changes. An exact
        // tie counts as not faster, so it is crossed once, not twice.
        List<Crossing> crossings = new ArrayList<>();
        for (int i = 0; i + 1 < lengths.size(); i++) {
            double here = logRatios.get(i);
            double next = logRatios.get(i + 1);
            if ((here < 0) == (next < 0)) {
                continue;
            }
            double logLower = Math.log(lengths.get(i));
            double logUpper = Math.log(lengths.get(i + 1));
            double position = logLower + here / (here - next) * (logUpper - logLower);
            crossings.add(new Crossing(Math.exp(position), lengths.get(i), lengths.get(i + 1), here < 0));
        }
        return new Crossover(transformer.runId(), transformer.shape(), recurrent.shape(), lengths, contended,
                Fit.of(List.copyOf(crossings)), logRatios.getFirst() < 0);
    }
}
