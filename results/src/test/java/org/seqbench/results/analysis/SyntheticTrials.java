package org.seqbench.results.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.seqbench.results.CellResult;

/**
 * Trials of known distribution: every figure log-normal with log-sd {@code sigma} around its own centre, drawn
 * independently, so each estimator's population value is known in closed form.
 */
final class SyntheticTrials {
    private SyntheticTrials() {
    }

    static List<CellResult.Trial> lognormal(SplittableRandom random, int n, double minCentre, double medianCentre,
            double meanCentre, double sigma) {
        List<CellResult.Trial> trials = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double median = medianCentre * Math.exp(sigma * random.nextGaussian());
            trials.add(new CellResult.Trial(i, "2026-12-01T00:00:00Z", 1000,
                    minCentre * Math.exp(sigma * random.nextGaussian()), null, median,
                    meanCentre * Math.exp(sigma * random.nextGaussian()), median * 1.2, null, null, null, null, null, null,
                    1.0));
        }
        return trials;
    }

    /** Trials whose minimum, median and mean all centre on {@code centre}. */
    static List<CellResult.Trial> around(SplittableRandom random, int n, double centre, double sigma) {
        return lognormal(random, n, centre, centre, centre, sigma);
    }
}
