package org.seqbench.study.training;

import java.util.Collection;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

/**
 * A figure's spread over seeds.
 *
 * @param seeds how many values it summarises
 */
public record Spread(double mean, double min, double max, int seeds) {

    /**
     * @throws IllegalArgumentException if there are no values
     */
    public static Spread of(Collection<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a spread needs at least one value, got none");
        }
        DescriptiveStatistics statistics = new DescriptiveStatistics();
        values.forEach(statistics::addValue);
        return new Spread(statistics.getMean(), statistics.getMin(), statistics.getMax(), values.size());
    }
}
