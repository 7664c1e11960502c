package org.seqbench.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.seqbench.core.Loss;
import org.seqbench.spi.TrainingOptions.Optimizer;

class TrainingOptionsTest {

    @Test
    void keepsWhatItIsGiven() {
        TrainingOptions options = TrainingOptions.of(Loss.CROSS_ENTROPY, Optimizer.ADAM, 1e-3).withThreads(2);
        assertEquals(new TrainingOptions(Loss.CROSS_ENTROPY, Optimizer.ADAM, 1e-3, 2), options);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -0.1, Double.NaN, Double.POSITIVE_INFINITY})
    void learningRateMustBePositiveAndFinite(double rate) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> TrainingOptions.of(Loss.CROSS_ENTROPY, Optimizer.SGD, rate));
        assertEquals("learning rate must be a positive finite number, got " + rate, error.getMessage());
    }

    @Test
    void missingLossOrOptimizerAndNegativeThreadsAreRefusedListingWhatIsAccepted() {
        assertEquals("loss is missing; accepted: cross-entropy, mean-squared-error",
                assertThrows(IllegalArgumentException.class, () -> TrainingOptions.of(null, Optimizer.SGD, 0.1))
                        .getMessage());
        assertEquals("optimizer is missing; accepted: sgd, adam",
                assertThrows(IllegalArgumentException.class, () -> TrainingOptions.of(Loss.CROSS_ENTROPY, null, 0.1))
                        .getMessage());
        assertEquals("threads must be 0 (engine default) or positive, got -1",
                assertThrows(IllegalArgumentException.class,
                        () -> TrainingOptions.of(Loss.CROSS_ENTROPY, Optimizer.SGD, 0.1).withThreads(-1))
                        .getMessage());
    }

    @Test
    void optimizersParseFromTheirIds() {
        assertEquals(Optimizer.ADAM, Optimizer.parse("Adam"));
        assertEquals("unknown optimizer 'rmsprop'; accepted: sgd, adam",
                assertThrows(IllegalArgumentException.class, () -> Optimizer.parse("rmsprop")).getMessage());
    }
}
