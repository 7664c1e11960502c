package org.seqbench.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.seqbench.conformance.ReferenceTrainer.Defect;
import org.seqbench.core.Loss;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Weights;
import org.seqbench.core.WeightsMismatchException;
import org.seqbench.spi.TrainingOptions.Optimizer;

class TrainingTest {
    private static final ModelSpec LSTM = ModelSpec.recurrent(ModelKind.LSTM, 3, 4, 1, false, 2);
    private static final ModelSpec GRU = ModelSpec.recurrent(ModelKind.GRU, 3, 4, 1, false, 2);
    private static final TrainingOptions OPTIONS = TrainingOptions.of(Loss.CROSS_ENTROPY, Optimizer.SGD, 0.1);

    /** A backend that can train LSTMs only (the kinds it runs). */
    private static BackendProvider lstmTrainer(Availability availability) {
        return BackendsTest.lstmOnly().availability(availability).training(Defect.NONE).build();
    }

    @Test
    void backendsTrainNothingUnlessTheySaySo() {
        assertFalse(new BackendsTest.LstmOnly().training().isPresent());
    }

    @Test
    void inferenceOnlyBackendIsRefusedByName() {
        UnsupportedModelException error = assertThrows(UnsupportedModelException.class, () -> Training
                .checkCreatable(new BackendsTest.LstmOnly(), LSTM, Weights.initialise(LSTM, 1), OPTIONS));
        assertEquals("lstm-only cannot train models; it runs inference only", error.getMessage());
    }

    @Test
    void kindTheBackendCannotTrainIsRefusedListingTheOnesItCan() {
        UnsupportedModelException error = assertThrows(UnsupportedModelException.class, () -> Training
                .checkCreatable(lstmTrainer(Availability.yes()), GRU, Weights.initialise(GRU, 1), OPTIONS));
        assertEquals("lstm-only cannot train gru; it trains lstm", error.getMessage());
    }

    @Test
    void unavailableBackendIsRefusedWithItsReason() {
        BackendException error = assertThrows(BackendException.class, () -> Training.checkCreatable(
                lstmTrainer(Availability.no("no libtorch here")), LSTM, Weights.initialise(LSTM, 1), OPTIONS));
        assertEquals("lstm-only is unavailable: no libtorch here", error.getMessage());
    }

    @Test
    void crossEntropyWithoutHeadAndMismatchedWeightsAreRefused() {
        ModelSpec headless = ModelSpec.recurrent(ModelKind.LSTM, 3, 4, 1, false, 0);
        BackendProvider trainer = lstmTrainer(Availability.yes());
        assertThrows(IllegalArgumentException.class,
                () -> Training.checkCreatable(trainer, headless, Weights.initialise(headless, 1), OPTIONS));
        assertThrows(WeightsMismatchException.class,
                () -> Training.checkCreatable(trainer, LSTM, Weights.initialise(headless, 1), OPTIONS));
        Training.checkCreatable(trainer, LSTM, Weights.initialise(LSTM, 1), OPTIONS);
    }
}
