package org.seqbench.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.seqbench.core.ModelKind;

class BackendDescriptorTest {

    private enum Path implements BackendVariant {
        FUSED_OP, UNROLLED_STEPS, ATTENTION
    }

    private static final BackendDescriptor<Path> DESCRIPTOR = new BackendDescriptor<>("demo", "Demo engine", "cpu",
            BackendDescriptor.everyKind(kind -> kind.isRecurrent() ? List.of(Path.FUSED_OP, Path.UNROLLED_STEPS)
                    : List.of(Path.ATTENTION)),
            EnumSet.of(Precision.FP32), true);

    @Test
    void aVariantsIdIsItsConstantInLowerCaseWithHyphens() {
        assertEquals("fused-op", Path.FUSED_OP.id());
        assertEquals("unrolled-steps", Path.UNROLLED_STEPS.id());
    }

    @Test
    void kindsAndVariantIdsComeFromTheVariantsPerKindDefaultFirst() {
        assertEquals(EnumSet.allOf(ModelKind.class), DESCRIPTOR.kinds());
        assertEquals(List.of("fused-op", "unrolled-steps"), DESCRIPTOR.variantIds(ModelKind.GRU));
        assertEquals(List.of("attention"), DESCRIPTOR.variantIds(ModelKind.TRANSFORMER));
    }

    @Test
    void theVariantAskedForOrTheKindsDefaultIsFound() {
        assertEquals(Path.FUSED_OP, DESCRIPTOR.variant(ModelKind.LSTM, null));
        assertEquals(Path.UNROLLED_STEPS, DESCRIPTOR.variant(ModelKind.LSTM, "unrolled-steps"));
        assertEquals(Path.ATTENTION, DESCRIPTOR.variant(ModelKind.TRANSFORMER, null));
    }

    @Test
    void anUnknownVariantIsRefusedNamingItAndTheAcceptedOnes() {
        assertEquals("demo has no variant 'attention' for rnn; accepted: fused-op, unrolled-steps",
                assertThrows(BackendException.class, () -> DESCRIPTOR.variant(ModelKind.RNN, "attention"))
                        .getMessage());
    }

    @Test
    void aKindTheBackendDoesNotComputeIsRefusedNamingTheOnesItDoes() {
        BackendDescriptor<Path> recurrent = new BackendDescriptor<>("rec", "Recurrent only", "cpu",
                Map.of(ModelKind.GRU, List.of(Path.FUSED_OP), ModelKind.LSTM, List.of(Path.FUSED_OP)),
                Set.of(Precision.FP32), false);
        assertEquals(List.of(), recurrent.variantIds(ModelKind.TRANSFORMER));
        assertEquals("rec does not support transformer; it supports lstm, gru",
                assertThrows(UnsupportedModelException.class, () -> recurrent.variant(ModelKind.TRANSFORMER, null))
                        .getMessage());
    }

    @Test
    void aKindWithoutAVariantCannotBeClaimed() {
        assertEquals("demo claims gru with no variant to run it", assertThrows(IllegalArgumentException.class,
                () -> new BackendDescriptor<Path>("demo", "Demo", "cpu", Map.of(ModelKind.GRU, List.of()),
                        Set.of(Precision.FP32), false)).getMessage());
    }
}
