package org.seqbench.study.gradient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Weights;
import org.seqbench.djl.DjlBackendProvider;
import org.seqbench.spi.TrainingSupport;
import org.seqbench.study.task.AddingTask;
import org.seqbench.study.task.RecallTask;
import org.seqbench.study.training.StudyModel;
import org.seqbench.study.training.TrainingOutcome;
import org.seqbench.study.training.TrainingPlan;
import org.seqbench.study.training.TrainingRun;

/** Input gradients from libtorch's autograd through DJL. */
class GradientFlowTest {
    private final TrainingSupport djl = new DjlBackendProvider().training().orElseThrow();
    private final RecallTask recall = new RecallTask();

    /**
     * PyTorch's initial recurrent weights, U(-1/sqrt(H), 1/sqrt(H)), give the RNN's recurrence a spectral radius
     * near 1/sqrt(3) and tanh' shrinks it further: the gradient loses most of itself at every step back.
     */
    @Test
    void anRnnAtInitialisationLosesItsGradientGeometricallyWithDistance() {
        ModelSpec spec = StudyModel.spec(ModelKind.RNN, recall, 32);
        GradientProfile profile = GradientFlow.atInitialisation(djl, recall, spec, 40, 16, List.of(1L, 2L, 3L), 1);
        assertEquals(40, profile.norms().size());
        assertEquals(48, profile.sequences());
        assertTrue(profile.normAt(20) < profile.normAt(0) * 1e-3,
                "distance 20: " + profile.normAt(20) + ", distance 0: " + profile.normAt(0));
        RhoFit fit = profile.fit();
        assertTrue(fit.upper() < 0.8, "rho " + fit);
        assertTrue(fit.lower() <= fit.rho() && fit.rho() <= fit.upper(), fit.toString());
        assertTrue(fit.over(100) < 1e-9, "rho^100 " + fit.over(100));
    }

    @Test
    void trainedWeightsAreMeasuredOnTheirOwnSeedsHeldOutBatch() {
        TrainingPlan plan = new TrainingPlan(recall, ModelKind.LSTM, 8, 16, 3200, 32, 0.01, 4, 64, 1);
        TrainingOutcome outcome = TrainingRun.train(djl, plan);
        GradientProfile trained = GradientFlow.measure(djl, recall, plan.spec(), 8, 16,
                Map.of(4L, outcome.trained()), 1);
        GradientProfile initial = GradientFlow.measure(djl, recall, plan.spec(), 8, 16,
                Map.of(4L, Weights.initialise(plan.spec(), 4)), 1);
        assertEquals(initial, GradientFlow.atInitialisation(djl, recall, plan.spec(), 8, 16, List.of(4L), 1));
        assertTrue(!trained.norms().equals(initial.norms()), "training changed the gradient's flow");
    }

    @Test
    void badArgumentsAreRefusedByName() {
        ModelSpec spec = StudyModel.spec(ModelKind.RNN, recall, 8);
        assertEquals("seeds must list at least one seed, got none", assertThrows(IllegalArgumentException.class,
                () -> GradientFlow.atInitialisation(djl, recall, spec, 8, 4, List.of(), 1)).getMessage());
        assertEquals("recall needs a sequence length of at least 1, got 0", assertThrows(
                IllegalArgumentException.class,
                () -> GradientFlow.atInitialisation(djl, recall, spec, 0, 4, List.of(1L), 1)).getMessage());
        assertEquals("count must be a positive number of sequences, got 0", assertThrows(
                IllegalArgumentException.class,
                () -> GradientFlow.atInitialisation(djl, recall, spec, 8, 0, List.of(1L), 1)).getMessage());
        assertEquals("weightsBySeed must hold the weights of at least one seed, got none", assertThrows(
                IllegalArgumentException.class,
                () -> GradientFlow.measure(djl, recall, spec, 8, 4, Map.of(), 1)).getMessage());
        assertEquals("adding needs a model with input size 2 and output size 1, got rnn I=8 H=8 L=1 O=8",
                assertThrows(IllegalArgumentException.class, () -> GradientFlow.atInitialisation(djl,
                        new AddingTask(), spec, 8, 4, List.of(1L), 1)).getMessage());
    }
}
