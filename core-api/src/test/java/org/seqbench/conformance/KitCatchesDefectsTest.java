package org.seqbench.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.EnumSet;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.seqbench.core.ModelKind;
import org.seqbench.core.Tensor;
import org.seqbench.core.WeightNames;
import org.seqbench.spi.Availability;
import org.seqbench.spi.MatrixProduct;

/**
 * Runs the kit against backends with the defects real engines have (DL4J's GRU without b_hn, a gate order
 * mix-up, a LayerNorm whose shift is lost, a matrix product that reads its right operand transposed, a backend
 * that is missing on this machine) and checks that the kit fails the first four and skips the last with its
 * reason: a kit that cannot fail proves nothing.
 */
class KitCatchesDefectsTest {

    /** GRU whose engine has no b_hn: the defect DL4J's built-in gru op would bring. */
    static class GruWithoutHiddenNewGateBias extends BackendConformanceKit {
        @Override
        protected ReferenceBackendProvider provider() {
            return new ReferenceBackendProvider("gru-no-bhn", Availability.yes(), EnumSet.of(ModelKind.GRU),
                    tensors -> {
                        tensors.replaceAll((name, tensor) -> name.contains("bias_hh") ? zeroLastThird(tensor) : tensor);
                        return tensors;
                    });
        }
    }

    /** LSTM with the forget and input gate blocks swapped, as a wrong i,f,g,o to engine-order mapping does. */
    static class LstmWithSwappedGates extends BackendConformanceKit {
        @Override
        protected ReferenceBackendProvider provider() {
            return new ReferenceBackendProvider("lstm-swapped", Availability.yes(), EnumSet.of(ModelKind.LSTM),
                    tensors -> {
                        tensors.replaceAll((name, tensor) -> name.contains("weight_ih") ? swapFirstBlocks(tensor, 4)
                                : tensor);
                        return tensors;
                    });
        }
    }

    /** Transformer whose LayerNorms lose their shift (bias). */
    static class TransformerWithoutNormBias extends BackendConformanceKit {
        @Override
        protected ReferenceBackendProvider provider() {
            return new ReferenceBackendProvider("norm-no-bias", Availability.yes(), EnumSet.of(ModelKind.TRANSFORMER),
                    tensors -> {
                        tensors.replaceAll((name, tensor) -> name.endsWith(WeightNames.NORM2_BIAS)
                                ? Tensor.zeros(tensor.shape()) : tensor);
                        return tensors;
                    });
        }
    }

    /** Models right, but a peak-probing product that reads its right matrix transposed. */
    static class TransposedMatrixProduct extends BackendConformanceKit {
        @Override
        protected ReferenceBackendProvider provider() {
            return new ReferenceBackendProvider("product-transposed", Availability.yes(), EnumSet.of(ModelKind.RNN),
                    UnaryOperator.identity()) {
                @Override
                public Optional<MatrixProduct> matrixProduct() {
                    return Optional.of(new NaiveMatrixProduct(true));
                }
            };
        }
    }

    /** A backend that cannot run here, and need not: its engine needs a GPU. */
    static class MissingBackend extends BackendConformanceKit {
        @Override
        protected ReferenceBackendProvider provider() {
            return new ReferenceBackendProvider("missing", Availability.no("no GPU on this machine"),
                    EnumSet.of(ModelKind.LSTM), UnaryOperator.identity());
        }

        @Override
        protected EngineExpectation engineExpectation() {
            return EngineExpectation.needs("an NVIDIA GPU");
        }
    }

    @Test
    void kitFailsAGruWithoutHiddenNewGateBias() {
        assertReferenceChecksFail(GruWithoutHiddenNewGateBias.class);
    }

    @Test
    void kitFailsAnLstmWithSwappedGates() {
        assertReferenceChecksFail(LstmWithSwappedGates.class);
    }

    @Test
    void kitFailsATransformerWithoutNormBias() {
        assertReferenceChecksFail(TransformerWithoutNormBias.class);
    }

    @Test
    void kitFailsAMatrixProductThatTransposesItsRightOperand() {
        assertReferenceChecksFail(TransposedMatrixProduct.class);
    }

    @Test
    void kitSkipsAnUnavailableBackendAndChecksItRefusesToLoad() {
        EngineExecutionResults results = run(MissingBackend.class);
        Events tests = results.testEvents();
        assertTrue(tests.failed().count() == 0, "an unavailable backend is not a failure: " + tests.failed().list());
        assertTrue(tests.succeeded().count() == 2, "describesItself and the refusal check must run and pass");
        assertTrue(results.allEvents().aborted().list().stream().anyMatch(event -> event.getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable)
                .map(reason -> String.valueOf(reason.getMessage()).contains("no GPU on this machine"))
                .orElse(false)), "skipped checks must carry the backend's reason");
    }

    private static void assertReferenceChecksFail(Class<?> kit) {
        long failed = run(kit).testEvents().failed().count();
        assertTrue(failed > 0, kit.getSimpleName() + ": the kit did not catch the defect");
    }

    private static EngineExecutionResults run(Class<?> kit) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(kit)).execute();
    }

    private static Tensor zeroLastThird(Tensor bias) {
        float[] values = bias.data().clone();
        int block = values.length / 3;
        java.util.Arrays.fill(values, 2 * block, values.length, 0f);
        return new Tensor(bias.shape(), values);
    }

    private static Tensor swapFirstBlocks(Tensor weight, int blocks) {
        float[] values = weight.data().clone();
        int blockSize = values.length / blocks;
        for (int i = 0; i < blockSize; i++) {
            float first = values[i];
            values[i] = values[blockSize + i];
            values[blockSize + i] = first;
        }
        return new Tensor(weight.shape(), values);
    }
}
