package org.seqbench.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Locale;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ParametersTest {

    /** Input, hidden (d_model) and output sizes, small and odd ones among them so no formula fits by coincidence. */
    private static final int[][] SIZES = {{1, 2, 1}, {3, 8, 0}, {7, 12, 5}, {64, 128, 10}, {17, 30, 3}};
    private static final int[] LAYERS = {1, 2, 3};

    static Stream<ModelSpec> specs() {
        List<ModelSpec> specs = new ArrayList<>();
        for (int[] size : SIZES) {
            for (int layers : LAYERS) {
                for (ModelKind kind : ModelKind.values()) {
                    if (kind.isRecurrent()) {
                        specs.add(ModelSpec.recurrent(kind, size[0], size[1], layers, false, size[2]));
                        specs.add(ModelSpec.recurrent(kind, size[0], size[1], layers, true, size[2]));
                    } else {
                        specs.add(ModelSpec.transformer(size[0], size[1], layers, 2, 3 * size[1], size[2]));
                        specs.add(ModelSpec.transformer(size[0], size[1], layers, 1, size[1] + 6, size[2]));
                    }
                }
            }
        }
        return specs.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void analyticCountIsTheElementCountOfTheGeneratedWeights(ModelSpec spec) {
        Weights weights = Weights.initialise(spec, 11);
        assertEquals(weights.parameterCount(), Parameters.of(spec).total(), spec.describe());
        long head = spec.hasHead() ? weights.get(WeightNames.HEAD_WEIGHT).size()
                + weights.get(WeightNames.HEAD_BIAS).size() : 0;
        assertEquals(head, Parameters.of(spec).head(), spec.describe());
    }

    static Stream<ModelSpec> recurrentSpecs() {
        return specs().filter(spec -> spec.kind().isRecurrent());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recurrentSpecs")
    void gruHasExactlyThreeQuartersOfAnLstmsRecurrentParametersTwentyFivePercentFewerNotThirty(ModelSpec spec) {
        Parameters gru = Parameters.of(ModelSpec.recurrent(ModelKind.GRU, spec.inputSize(), spec.hiddenSize(),
                spec.layers(), spec.bidirectional(), spec.outputSize()));
        Parameters lstm = Parameters.of(ModelSpec.recurrent(ModelKind.LSTM, spec.inputSize(), spec.hiddenSize(),
                spec.layers(), spec.bidirectional(), spec.outputSize()));
        Parameters rnn = Parameters.of(ModelSpec.recurrent(ModelKind.RNN, spec.inputSize(), spec.hiddenSize(),
                spec.layers(), spec.bidirectional(), spec.outputSize()));
        assertEquals(3 * lstm.encoder(), 4 * gru.encoder(), spec.describe());
        assertEquals(lstm.encoder(), 4 * rnn.encoder(), spec.describe());
        assertEquals(lstm.head(), gru.head(), "the head does not depend on the kind");
    }

    @Test
    void theHeadMakesTheWholeModelsRatioCloserToOneThanThreeQuarters() {
        Parameters gru = Parameters.of(ModelSpec.recurrent(ModelKind.GRU, 64, 128, 1, false, 10));
        Parameters lstm = Parameters.of(ModelSpec.recurrent(ModelKind.LSTM, 64, 128, 1, false, 10));
        double whole = (double) gru.total() / lstm.total();
        assertEquals(0.75, (double) gru.encoder() / lstm.encoder(), 0.0);
        assertEquals(0.7532, whole, 1e-4, "1,290 head parameters on ~100,000");
    }

    @Test
    void pytorchsTwoLayerLstmOfTenInputsAndTwentyHiddenHas5920Parameters() {
        // sum(p.numel() for p in nn.LSTM(10, 20, 2).parameters()): 4*(20*(10+20)+40) + 4*(20*(20+20)+40).
        assertEquals(new Parameters(5_920, 0), Parameters.of(ModelSpec.recurrent(ModelKind.LSTM, 10, 20, 2, false, 0)));
    }

    @Test
    void pytorchsDefaultSizedEncoderLayerHas3152384Parameters() {
        // nn.TransformerEncoderLayer(512, 8, 2048): 4*512^2 + 2*512*2048 + 2048 + 9*512, after the 512 x 512
        // input projection (262,656) and before a head of 10 outputs (5,130).
        ModelSpec spec = ModelSpec.transformer(512, 512, 1, 8, 2048, 10);
        assertEquals(new Parameters(262_656 + 3_152_384, 5_130), Parameters.of(spec));
        assertEquals(Parameters.of(spec), Parameters.of(ModelSpec.transformer(512, 512, 1, 1, 2048, 10)),
                "heads split the projections, they add none");
    }

    @Test
    void theReadmesTableOfTheQuickProfilesCountsIsWhatThisClassComputes() throws IOException {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null && !Files.exists(directory.resolve("core-api"))) {
            directory = directory.getParent();
        }
        assertTrue(directory != null, "the repository root is not above " + Path.of("").toAbsolutePath());
        String readme = Files.readString(directory.resolve("README.md"));
        for (ModelKind kind : ModelKind.values()) {
            ModelSpec spec = kind.isRecurrent() ? ModelSpec.recurrent(kind, 64, 128, 1, false, 10)
                    : ModelSpec.transformer(64, 128, 1, 4, 512, 10);
            Parameters parameters = Parameters.of(spec);
            String row = String.format(Locale.ROOT, "| %s | `%s` | %,d | %,d | %,d |", kind.id(), spec.describe(),
                    parameters.encoder(), parameters.head(), parameters.total());
            assertTrue(readme.contains(row + "\n"), "README.md lacks the row " + row);
        }
    }
}
