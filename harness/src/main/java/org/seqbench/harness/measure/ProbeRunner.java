package org.seqbench.harness.measure;

import java.util.List;
import java.util.Map;

/**
 * Runs one of the machine probes ({@link FmaBenchmark}, {@link TriadBenchmark}) and hands back its measurement
 * iterations. The probes take the figures from here, so a test can give them iterations of known answer.
 */
public interface ProbeRunner {

    /**
     * Runs {@code benchmark} with {@code params} on {@code threads} threads.
     *
     * @return each measurement iteration's score (operations per second, all threads together) and what the
     *     benchmark's fork reported about itself through {@link ProbeFacts}
     * @throws ProbeException if the probe could not run
     */
    Outcome run(Class<?> benchmark, Map<String, String> params, int threads);

    /**
     * @param scores operations per second of each measurement iteration, all threads together, in order
     * @param facts what the fork reported (the vector species, other processes' CPU), by name
     */
    record Outcome(List<Double> scores, Map<String, String> facts) {
        public Outcome {
            if (scores.isEmpty()) {
                throw new IllegalArgumentException("a probe outcome needs at least one iteration's score");
            }
            scores = List.copyOf(scores);
            facts = Map.copyOf(facts);
        }

        /** The fastest iteration: a probe measures a bound, which interference can only lower. */
        public double best() {
            return scores.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        }

        /** The median iteration, which shows how steady the machine was. */
        public double median() {
            double[] sorted = scores.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int middle = sorted.length / 2;
            return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }

        /** The fact named {@code name}, or null when the fork did not report it. */
        public String fact(String name) {
            return facts.get(name);
        }
    }

    /** A probe that could not run: the JMH fork failed or reported nothing. */
    final class ProbeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ProbeException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
