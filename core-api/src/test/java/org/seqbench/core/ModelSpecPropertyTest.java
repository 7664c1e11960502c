package org.seqbench.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Example;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Hostile specs: any combination of field values, however odd, either makes a valid spec or is refused with an
 * {@link InvalidSpecException} that names a field and the value; never another exception, and never quickly
 * accepted sizes whose weight matrices could not exist.
 */
class ModelSpecPropertyTest {

    /** Sizes that stress the checks: around zero, small, around the powers of two where products overflow. */
    @Provide
    Arbitrary<Integer> sizes() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(-3, 9)),
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(1, 256).map(n -> n * 2)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE - 1,
                        1 << 16, 1 << 20, (1 << 30) + 2, 46_342, 46_340, 23_170, 65_536)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers()));
    }

    /** Heads and ffnSize: 0 (what recurrent kinds need) as often as a size. */
    @Provide
    Arbitrary<Integer> transformerOnly() {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, Arbitraries.just(0)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(1, 2, 4, 8)), net.jqwik.api.Tuple.of(1, sizes()));
    }

    @Provide
    Arbitrary<ModelKind> kinds() {
        return Arbitraries.of(ModelKind.class).injectNull(0.05);
    }

    @Property(tries = 2000)
    void anyFieldValuesGiveAValidSpecOrANamedRefusal(@ForAll("kinds") ModelKind kind,
            @ForAll("sizes") int inputSize, @ForAll("sizes") int hiddenSize, @ForAll("sizes") int layers,
            @ForAll boolean bidirectional, @ForAll("transformerOnly") int heads, @ForAll("transformerOnly") int ffnSize,
            @ForAll("sizes") int outputSize) {
        ModelSpec spec;
        try {
            spec = new ModelSpec(kind, inputSize, hiddenSize, layers, bidirectional, heads, ffnSize, outputSize);
        } catch (InvalidSpecException e) {
            assertNamesAField(e);
            Statistics.collect("refused: " + e.field());
            return;
        }
        Statistics.collect("valid");
        // Accepted: every invariant the backends rely on holds, and no weight matrix is larger than one array.
        assertTrue(spec.inputSize() > 0 && spec.hiddenSize() > 0 && spec.layers() > 0 && spec.outputSize() >= 0);
        if (kind.isRecurrent()) {
            assertEquals(0, spec.heads());
            assertEquals(0, spec.ffnSize());
            long rows = (long) kind.gateBlocks() * hiddenSize;
            assertTrue(Math.multiplyHigh(rows, Math.max(Math.max(inputSize, hiddenSize), spec.encoderWidth())) == 0
                    && rows * Math.max(Math.max(inputSize, hiddenSize), spec.encoderWidth())
                            <= ModelSpec.MAX_TENSOR_ELEMENTS,
                    () -> "accepted a recurrent spec whose gate matrix cannot be one array: " + spec);
        } else {
            assertTrue(!spec.bidirectional() && spec.heads() > 0 && hiddenSize % heads == 0 && hiddenSize % 2 == 0);
            assertTrue(3.0 * hiddenSize * hiddenSize <= ModelSpec.MAX_TENSOR_ELEMENTS
                    && (double) ffnSize * hiddenSize <= ModelSpec.MAX_TENSOR_ELEMENTS
                    && (double) inputSize * hiddenSize <= ModelSpec.MAX_TENSOR_ELEMENTS,
                    () -> "accepted a transformer spec whose weights cannot be arrays: " + spec);
        }
        assertTrue((double) spec.outputSize() * spec.encoderWidth() <= ModelSpec.MAX_TENSOR_ELEMENTS);
        assertEquals(spec, ModelSpecJson.read(ModelSpecJson.write(spec)), "a valid spec survives its JSON form");
    }

    /** JSON values of every type, for any field. */
    @Provide
    Arbitrary<String> jsonValues() {
        return Arbitraries.oneOf(
                sizes().map(String::valueOf),
                Arbitraries.of("null", "true", "false", "\"lstm\"", "\"TRANSFORMER\"", "\"gru \"", "\"conv\"", "\"\"",
                        "1.5", "1e400", "-0", "99999999999", "-99999999999", "1" + "0".repeat(2000), "[]", "{}",
                        "[1,2]", "{\"a\":1}", "NaN", "\"64\"", "2.0", "\"\\u0000\"", "[".repeat(3000)),
                Arbitraries.strings().ofMaxLength(12).map(text -> "\"" + text.replace("\\", "").replace("\"", "")
                        + "\""));
    }

    @Provide
    Arbitrary<String> documents() {
        List<String> names = List.of("kind", "inputSize", "hiddenSize", "layers", "bidirectional", "heads",
                "ffnSize", "outputSize", "hidden", "Kind", "extra");
        Arbitrary<String> field = Combinators.combine(Arbitraries.of(names), jsonValues())
                .as((name, value) -> "\"" + name + "\":" + value);
        Arbitrary<String> object = field.list().ofMaxSize(10).map(fields -> "{" + String.join(",", fields) + "}");
        Arbitrary<String> valid = Combinators.combine(Arbitraries.of(ModelKind.class), sizes(), sizes(), sizes(),
                        Arbitraries.of(true, false), transformerOnly(), transformerOnly(), sizes())
                .as((kind, i, h, l, bi, heads, ffn, out) -> "{\"kind\":\"" + kind.id() + "\",\"inputSize\":" + i
                        + ",\"hiddenSize\":" + h + ",\"layers\":" + l + ",\"bidirectional\":" + bi + ",\"heads\":"
                        + heads + ",\"ffnSize\":" + ffn + ",\"outputSize\":" + out + "}");
        Arbitrary<String> mangled = valid.flatMap(text -> Arbitraries.integers().between(0, text.length())
                .map(cut -> text.substring(0, cut)));
        return Arbitraries.oneOf(object, valid, mangled, jsonValues(), Arbitraries.strings().ofMaxLength(40));
    }

    @Property(tries = 2000)
    void anyJsonDocumentGivesAValidSpecOrANamedRefusal(@ForAll("documents") String json) {
        long started = System.nanoTime();
        try {
            ModelSpec spec = ModelSpecJson.read(json);
            assertEquals(spec, ModelSpecJson.read(ModelSpecJson.write(spec)));
            Statistics.collect("valid");
        } catch (InvalidSpecException e) {
            Statistics.collect("refused");
            assertNamesAField(e);
            assertTrue(e.getMessage().length() < 2000, () -> "a refusal should be a sentence, not the document: "
                    + e.getMessage().length() + " characters");
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.toMillis() < 1000, () -> "reading a spec of " + json.length() + " characters took " + took);
    }

    /** The case the property found: 4 * H rows times 2 * H columns wrapped around a long to a negative count. */
    @Example
    void sizesWhoseElementCountOverflowsALongAreRefused() {
        InvalidSpecException lstm = org.junit.jupiter.api.Assertions.assertThrows(InvalidSpecException.class,
                () -> ModelSpec.recurrent(ModelKind.LSTM, 1, Integer.MAX_VALUE, 1, true, 0));
        assertEquals("hiddenSize", lstm.field());
        assertTrue(lstm.getMessage().contains("hiddenSize " + Integer.MAX_VALUE), lstm.getMessage());
        InvalidSpecException transformer = org.junit.jupiter.api.Assertions.assertThrows(InvalidSpecException.class,
                () -> ModelSpec.transformer(1, Integer.MAX_VALUE - 1, 1, 2, 1, 0));
        assertTrue(transformer.getMessage().contains("hiddenSize " + (Integer.MAX_VALUE - 1)),
                transformer.getMessage());
    }

    private static void assertNamesAField(InvalidSpecException e) {
        List<String> fields = new ArrayList<>(List.of("kind", "inputSize", "hiddenSize", "layers", "bidirectional",
                "heads", "ffnSize", "outputSize", "spec"));
        assertTrue(e.field() != null && !e.field().isBlank(), "the refusal names a field");
        assertTrue(e.getMessage() != null && e.getMessage().contains(e.field().equals("spec") ? "spec" : e.field()),
                () -> "the message names the field '" + e.field() + "': " + e.getMessage());
        if (fields.contains(e.field()) || e.getMessage().contains("unknown field")) {
            return;
        }
        throw new AssertionError("unexpected field " + e.field() + ": " + e.getMessage());
    }
}
