package org.seqbench.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqbench.core.ModelKind;

class CellFilterTest {
    private static final Cell ONNX_LSTM_64 = Fixtures.cell("onnx", "fused-op", ModelKind.LSTM, 64);
    private static final Cell ONNX_GRU_16 = Fixtures.cell("onnx", "fused-op", ModelKind.GRU, 16);
    private static final Cell DJL_LSTM_64 = Fixtures.cell("djl", "fused-op", ModelKind.LSTM, 64);
    private static final List<Cell> CELLS = List.of(ONNX_LSTM_64, ONNX_GRU_16, DJL_LSTM_64);

    private static List<Cell> kept(String filter) {
        return CELLS.stream().filter(CellFilter.parse(filter)).toList();
    }

    @Test
    void conditionsMustAllHoldAndAValueMayNameAlternatives() {
        assertEquals(List.of(ONNX_LSTM_64), kept("backend=onnx,kind=lstm"));
        assertEquals(List.of(ONNX_LSTM_64, ONNX_GRU_16), kept("backend=onnx, kind=lstm|gru"));
        assertEquals(List.of(ONNX_LSTM_64, DJL_LSTM_64), kept("seq=64"));
        assertEquals(List.of(), kept("seq=65"));
        assertEquals(List.of(ONNX_LSTM_64), kept("Backend=ONNX,kind=LSTM".replace("Backend", "backend")));
    }

    @Test
    void aFilterWithoutConditionsIsAGlobOverTheCellKey() {
        assertEquals("onnx/fused-op/lstm/T64/B1/H128/L1/t1/fp32/cpu", ONNX_LSTM_64.key());
        assertEquals(List.of(ONNX_LSTM_64, DJL_LSTM_64), kept("*/lstm/T64/*"));
        assertEquals(List.of(ONNX_LSTM_64, ONNX_GRU_16), kept("onnx/*"));
        assertEquals(List.of(ONNX_LSTM_64), kept(ONNX_LSTM_64.key()));
        assertEquals(List.of(), kept("onnx/fused-op/lstm"));
        assertTrue(CellFilter.parse("a.b(c)*").test(new Cell("a.b(c)", "", "cpu", "fp32", ModelKind.GRU, 1, 1, 1, 1,
                1, 1, 0, 0, 1, false)), "glob characters other than * are literal");
    }

    @Test
    void anEmptyFilterKeepsEveryCell() {
        assertEquals(CELLS, kept(""));
        assertEquals(CELLS, kept("   "));
        assertEquals("every cell", CellFilter.all().toString());
    }

    @Test
    void malformedFiltersAreRefusedNamingTheBadPartAndWhatIsAccepted() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> CellFilter.parse("backend=onnx,colour=red"));
        assertTrue(unknown.getMessage().contains("unknown field 'colour'"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("backend, variant, kind, seq, batch"), unknown.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> CellFilter.parse("backend="));
        assertTrue(empty.getMessage().contains("'backend=' has no value"), empty.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> CellFilter.parse("kind=lstm,seq"));
        assertTrue(missing.getMessage().contains("'seq' has no value"), missing.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> CellFilter.parse("kind=lstm,kind=gru"));
        assertTrue(twice.getMessage().contains("kind=A|B"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CellFilter.parse("kind=lstm|"));
        assertFalse(CellFilter.parse("kind=gru").test(ONNX_LSTM_64));
    }
}
