package org.seqbench.results.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ModalityTest {

    @Test
    void twoSeparateGroupsOfTrialsAreTwoClusters() {
        Modality modality = Modality.of(new double[] {1.31, 1.00, 1.02, 1.30, 0.99, 1.29, 1.01, 1.32});
        assertTrue(modality.multiModal());
        assertEquals(List.of(List.of(0.99, 1.00, 1.01, 1.02), List.of(1.29, 1.30, 1.31, 1.32)), modality.clusters());
    }

    @Test
    void aCellsTrialsAreClusteredByTheirMedians() {
        java.util.List<org.seqbench.results.CellResult.Trial> trials = new java.util.ArrayList<>();
        double[] medians = {2.0, 2.02, 2.01, 3.0, 3.02, 3.01};
        for (int i = 0; i < medians.length; i++) {
            trials.add(new org.seqbench.results.CellResult.Trial(i, "2026-12-01T00:00:00Z", 100, 1.0, null,
                    medians[i], 2.5, 4.0, null, null, null, null, null, null, 1.0));
        }
        assertEquals(List.of(List.of(2.0, 2.01, 2.02), List.of(3.0, 3.01, 3.02)), Modality.of(trials).clusters());
    }

    @Test
    void evenlySpreadTrialsAreOneCluster() {
        Modality modality = Modality.of(new double[] {1.00, 1.01, 1.02, 1.03, 1.04, 1.05, 1.06, 1.07});
        assertFalse(modality.multiModal());
        assertEquals(8, modality.clusters().getFirst().size());
    }

    @Test
    void oneSlowTrialIsAnOutlierNotAMode() {
        assertFalse(Modality.of(new double[] {1.00, 1.01, 1.02, 1.01, 1.50}).multiModal());
    }

    @Test
    void threeGroupsAreThreeClusters() {
        Modality modality = Modality.of(new double[] {1.0, 1.01, 1.02, 2.0, 2.01, 2.02, 5.0, 5.02});
        assertEquals(List.of(List.of(1.0, 1.01, 1.02), List.of(2.0, 2.01, 2.02), List.of(5.0, 5.02)),
                modality.clusters());
    }

    @Test
    void aGapBelowTwoPercentIsNoModeHoweverSteadyTheClusters() {
        // Timer-resolution steps: two tight groups a hundredth apart.
        assertFalse(Modality.of(new double[] {1.000, 1.0001, 1.0100, 1.0101}).multiModal());
    }

    @Test
    void unimodalTrialsAreRarelySplitAndBimodalOnesAlmostAlwaysAre() {
        SplittableRandom random = new SplittableRandom(21);
        int repetitions = 1000;
        int falseSplits = 0;
        int found = 0;
        int exactlyTwo = 0;
        for (int r = 0; r < repetitions; r++) {
            double[] unimodal = new double[10];
            double[] bimodal = new double[10];
            for (int i = 0; i < 10; i++) {
                unimodal[i] = 10 * Math.exp(0.05 * random.nextGaussian());
                bimodal[i] = (i < 5 ? 10 : 13) * Math.exp(0.02 * random.nextGaussian());
            }
            falseSplits += Modality.of(unimodal).multiModal() ? 1 : 0;
            Modality two = Modality.of(bimodal);
            boolean apart = two.clusters().stream().allMatch(c -> c.getLast() < 11.5 || c.getFirst() > 11.5);
            found += two.multiModal() && apart ? 1 : 0;
            exactlyTwo += two.clusters().size() == 2 ? 1 : 0;
        }
        // A cluster of five is itself sometimes split again (see Modality): the count is indicative.
        assertTrue(exactlyTwo >= 0.75 * repetitions, "bimodal cells in exactly two clusters: " + exactlyTwo);
        assertTrue(falseSplits <= 0.02 * repetitions, "unimodal cells split: " + falseSplits);
        assertTrue(found >= 0.99 * repetitions, "bimodal cells found: " + found);
    }
}
