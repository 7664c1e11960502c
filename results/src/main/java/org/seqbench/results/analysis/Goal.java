package org.seqbench.results.analysis;

import org.seqbench.results.Numbers;

/**
 * What a recommendation must meet beside being the fastest, judged on the predicted p50 (the latency a user sees,
 * not the headline the candidates are ranked by): a latency budget, or a throughput target in sequences or tokens
 * per second at that p50.
 */
public sealed interface Goal {

    /** Whether {@code candidate}'s predicted p50 meets the goal (its interval may still reach past it). */
    boolean metBy(Recommendation.Candidate candidate);

    /** Whether the goal lies inside {@code candidate}'s interval, so that meeting it or not is uncertain. */
    boolean withinInterval(Recommendation.Candidate candidate);

    /** In words: "a latency budget of 20 ms", "a throughput target of 5,000 sequences/s". */
    String describe();

    /** @param ms the most the predicted p50 may take, in milliseconds */
    record LatencyBudget(double ms) implements Goal {
        public LatencyBudget {
            if (!(ms > 0) || Double.isInfinite(ms)) {
                throw new IllegalArgumentException("a latency budget must be a positive time, got " + ms + " ms");
            }
        }

        @Override
        public boolean metBy(Recommendation.Candidate candidate) {
            return candidate.p50().ms() <= ms;
        }

        @Override
        public boolean withinInterval(Recommendation.Candidate candidate) {
            return candidate.p50().hasInterval() && candidate.p50().interval().contains(ms);
        }

        @Override
        public String describe() {
            return "a latency budget of " + Numbers.time(ms);
        }
    }

    /**
     * @param perSecond the fewest sequences (or tokens) per second, at the predicted p50
     * @param tokens whether {@code perSecond} counts tokens (positions) rather than sequences
     */
    record ThroughputTarget(double perSecond, boolean tokens) implements Goal {
        public ThroughputTarget {
            if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
                throw new IllegalArgumentException("a throughput target must be a positive rate, got " + perSecond);
            }
        }

        @Override
        public boolean metBy(Recommendation.Candidate candidate) {
            return candidate.perSecond(tokens) >= perSecond;
        }

        @Override
        public boolean withinInterval(Recommendation.Candidate candidate) {
            Interval interval = candidate.perSecondInterval(tokens);
            return interval != null && interval.contains(perSecond);
        }

        @Override
        public String describe() {
            return "a throughput target of " + Numbers.rate(perSecond) + (tokens ? " tokens/s" : " sequences/s");
        }
    }
}
