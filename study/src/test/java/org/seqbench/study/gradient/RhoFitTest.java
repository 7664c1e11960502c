package org.seqbench.study.gradient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.seqbench.core.SplitMix64;

class RhoFitTest {

    @Test
    void anExactGeometricDecayGivesItsRhoWithANullInterval() {
        double[] norms = new double[40];
        for (int distance = 0; distance < norms.length; distance++) {
            norms[distance] = 3.0 * Math.pow(0.9, distance);
        }
        RhoFit fit = RhoFit.fit(norms);
        assertEquals(0.9, fit.rho(), 1e-12);
        assertEquals(0.9, fit.lower(), 1e-9);
        assertEquals(0.9, fit.upper(), 1e-9);
        assertEquals(40, fit.points());
        // The illustration: 0.9^100 is about 0.0000266, 1.1^100 about 13780.
        assertEquals(2.656e-5, fit.over(100), 1e-8);
        assertEquals(13780.6, Math.pow(1.1, 100), 0.1);
    }

    /** Noisy growth at rho 1.1: the 95% interval holds the true rho and the product over 100 steps brackets it. */
    @Test
    void aNoisyGeometricGrowthIsBracketedByTheInterval() {
        SplitMix64 random = new SplitMix64(17);
        double[] norms = new double[60];
        for (int distance = 0; distance < norms.length; distance++) {
            norms[distance] = Math.pow(1.1, distance) * Math.exp(0.2 * random.nextGaussian());
        }
        RhoFit fit = RhoFit.fit(norms);
        assertTrue(fit.lower() < 1.1 && 1.1 < fit.upper(), fit.toString());
        assertTrue(fit.upper() - fit.lower() < 0.02, "60 points at 20% noise pin rho down: " + fit);
        assertTrue(fit.lowerOver(100) < Math.pow(1.1, 100) && Math.pow(1.1, 100) < fit.upperOver(100));
        assertTrue(fit.rSquared() > 0.95, fit.toString());
    }

    @Test
    void underflowedNormsAreLeftOutOfTheFit() {
        double[] norms = {1.0, 0.5, 0.25, 0.125, 0.0, 1e-45, Double.NaN};
        RhoFit fit = RhoFit.fit(norms);
        assertEquals(4, fit.points());
        assertEquals(0.5, fit.rho(), 1e-12);
    }

    @Test
    void fewerThanThreeUsableNormsAreRefused() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> RhoFit.fit(new double[] {1.0, 0.5, 0.0}));
        assertEquals("a rho fit needs at least 3 distances with a positive gradient norm, got 2", error.getMessage());
    }
}
