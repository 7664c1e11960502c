package org.seqbench.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.seqbench.conformance.ReferenceTrainer.Defect;

/**
 * Runs the training kit's gradient and step checks against the float64 finite-difference trainer, sound and with
 * the bugs real trainers have, and checks that the kit passes the first and fails the others: a kit that cannot
 * fail proves nothing. (The toy-task check is left out: the reference trainer is far too slow for it.)
 */
class TrainingKitCatchesDefectsTest {

    static class Sound extends TrainingConformanceKit {
        @Override
        protected ReferenceBackendProvider provider() {
            return trainer(Defect.NONE);
        }
    }

    static class InputGradientWithoutFirstStep extends TrainingConformanceKit {
        @Override
        protected ReferenceBackendProvider provider() {
            return trainer(Defect.INPUT_GRADIENT_WITHOUT_FIRST_STEP);
        }
    }

    static class HalfRate extends TrainingConformanceKit {
        @Override
        protected ReferenceBackendProvider provider() {
            return trainer(Defect.HALF_RATE);
        }
    }

    static class LastTensorFrozen extends TrainingConformanceKit {
        @Override
        protected ReferenceBackendProvider provider() {
            return trainer(Defect.LAST_TENSOR_FROZEN);
        }
    }

    private static final String GRADIENT_CHECK = "inputGradientAgreesWithFiniteDifferences";
    private static final String STEP_CHECK = "sgdStepMovesEveryWeightByMinusRateTimesItsGradient";

    @Test
    void soundTrainerPassesTheGradientAndStepChecks() {
        for (String check : new String[] {GRADIENT_CHECK, STEP_CHECK}) {
            Events tests = run(Sound.class, check);
            assertEquals(0, tests.failed().count(), check + ": " + tests.failed().list());
            assertTrue(tests.succeeded().count() > 0, check + " ran nothing");
        }
    }

    @Test
    void kitFailsAnInputGradientThatMissesTheFirstTimeStep() {
        assertTrue(run(InputGradientWithoutFirstStep.class, GRADIENT_CHECK).failed().count() > 0);
    }

    @Test
    void kitFailsAStepWithHalfTheLearningRate() {
        assertTrue(run(HalfRate.class, STEP_CHECK).failed().count() > 0);
    }

    @Test
    void kitFailsAStepThatForgetsATensor() {
        assertTrue(run(LastTensorFrozen.class, STEP_CHECK).failed().count() > 0);
    }

    private static ReferenceBackendProvider trainer(Defect defect) {
        return ReferenceBackendProvider.builder("reference-training").name("float64 reference trainer (test)")
                .training(defect).build();
    }

    private static Events run(Class<?> kit, String method) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectMethod(kit, method)).execute().testEvents();
    }
}
