package org.seqbench.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.seqbench.core.Inputs;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Weights;
import org.seqbench.spi.BackendModel;
import org.seqbench.spi.PreparedInput;
import org.seqbench.spi.RunOptions;

/** {@code djl.onednn}: libtorch's oneDNN switch follows the setting of the model that runs. */
class OneDnnTest {
    private final DjlBackendProvider provider = new DjlBackendProvider();

    @Test
    void theSwitchIsFoundAndEachCallSetsItToItsModelsValue() {
        assumeTrue(provider.availability().available(), provider.availability().reason());
        ModelSpec spec = ModelSpec.recurrent(org.seqbench.core.ModelKind.LSTM, 4, 6, 1, false, 2);
        Weights weights = Weights.initialise(spec, 7);
        try (BackendModel without = provider.load(spec, weights,
                RunOptions.threads(1).withSettings(Map.of("onednn", "disabled")));
                BackendModel with = provider.load(spec, weights, RunOptions.threads(1));
                PreparedInput first = without.prepare(Inputs.generate(1, 5, 4, 7));
                PreparedInput second = with.prepare(Inputs.generate(1, 5, 4, 7))) {
            without.forward(first);
            assertEquals(Optional.of(false), OneDnn.enabled());
            with.forward(second);
            assertEquals(Optional.of(true), OneDnn.enabled());
            without.forward(first);
            assertEquals(Optional.of(false), OneDnn.enabled());
        }
    }
}
