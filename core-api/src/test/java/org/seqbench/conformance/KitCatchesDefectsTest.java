package org.seqbench.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.seqbench.core.ModelKind;
import org.seqbench.core.Tensor;
import org.seqbench.core.WeightNames;
import org.seqbench.spi.Availability;

/**
 * Runs the kit against backends with the defects real engines have (DL4J's GRU without b_hn, a gate order
 * mix-up, a LayerNorm whose shift is lost, a matrix product that reads its right operand transposed, an engine
 * that fails to load models or to run them, a backend that is missing on this machine) and checks that the kit fails
 * all but the last and skips that one with its reason: a kit that cannot fail proves nothing.
 */
class KitCatchesDefectsTest {

    /** GRU whose engine has no b_hn: the defect DL4J's built-in gru op would bring. */
    static class GruWithoutHiddenNewGateBias extends BackendConformanceKit {
        @Override
        protected ReferenceBackendProvider provider() {
            return ReferenceBackendProvider.builder("gru-no-bhn").kinds(ModelKind.GRU).defect(tensors -> {
                tensors.replaceAll((name, tensor) -> name.contains("bias_hh") ? zeroLastThird(tensor) : tensor);
                return tensors;
            }).build();
        }
    }

    /** LSTM with the forget and input gate blocks swapped, as a wrong i,f,g,o to engine-order mapping does. */
    static class LstmWithSwappedGates extends BackendConformanceKit {
        @Override
        protected ReferenceBackendProvider provider() {
            return ReferenceBackendProvider.builder("lstm-swapped").kinds(ModelKind.LSTM).defect(tensors -> {
                tensors.replaceAll((name, tensor) -> name.contains("weight_ih") ? swapFirstBlocks(tensor, 4) : tensor);
                return tensors;
            }).build();
        }
    }

    /** Transformer whose LayerNorms lose their shift (bias). */
    static class TransformerWithoutNormBias extends BackendConformanceKit {
        @Override
        protected ReferenceBackendProvider provider() {
            return ReferenceBackendProvider.builder("norm-no-bias").kinds(ModelKind.TRANSFORMER).defect(tensors -> {
                tensors.replaceAll((name, tensor) -> name.endsWith(WeightNames.NORM2_BIAS)
                        ? Tensor.zeros(tensor.shape()) : tensor);
                return tensors;
            }).build();
        }
    }

    /** Models right, but a peak-probing product that reads its right matrix transposed. */
    static class TransposedMatrixProduct extends BackendConformanceKit {
        @Override
        protected ReferenceBackendProvider provider() {
            return ReferenceBackendProvider.builder("product-transposed").kinds(ModelKind.RNN)
                    .matrixProduct(new NaiveMatrixProduct(true)).build();
        }
    }

    /** A backend that cannot run here, and need not: its engine needs a GPU. */
    static class MissingBackend extends BackendConformanceKit {
        @Override
        protected ReferenceBackendProvider provider() {
            return ReferenceBackendProvider.builder("missing").kinds(ModelKind.LSTM)
                    .availability(Availability.no("no GPU on this machine")).build();
        }

        @Override
        protected EngineExpectation engineExpectation() {
            return EngineExpectation.needs("an NVIDIA GPU");
        }
    }

    /** An engine whose every forward pass fails: the kit must report it, not pass over it. */
    static class FailingForward extends BackendConformanceKit {
        @Override
        protected ReferenceBackendProvider provider() {
            return ReferenceBackendProvider.builder("failing").kinds(ModelKind.GRU)
                    .failingForward("the engine crashed").build();
        }
    }

    /** An engine that cannot load a model, though the request is sound. */
    static class FailingLoad extends BackendConformanceKit {
        @Override
        protected ReferenceBackendProvider provider() {
            return ReferenceBackendProvider.builder("cannot-load").kinds(ModelKind.RNN)
                    .failingLoad("out of device memory").build();
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
    void kitFailsABackendWhoseForwardPassesFail() {
        assertFailsWithTheEnginesReason(FailingForward.class, "the engine crashed");
    }

    @Test
    void kitFailsABackendThatCannotLoadModels() {
        assertFailsWithTheEnginesReason(FailingLoad.class, "out of device memory");
    }

    private static void assertFailsWithTheEnginesReason(Class<?> kit, String reason) {
        Events failed = run(kit).testEvents().failed();
        assertTrue(failed.count() > 0, kit.getSimpleName() + ": the kit did not catch the failing engine");
        assertTrue(failed.list().stream().anyMatch(event -> event
                .getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                .map(error -> reason.equals(error.getMessage())).orElse(false)),
                kit.getSimpleName() + ": a failure must carry the engine's reason");
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
