package org.seqbench.harness.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.StringReader;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.seqbench.conformance.ReferenceBackendProvider;
import org.seqbench.results.SweepSpec;
import org.seqbench.spi.BackendProvider;

/**
 * Hostile sweep files, YAML and JSON (a JSON document is YAML too): wrong types, huge numbers, deep nesting,
 * unknown keys, empty lists, null elements, anchors and aliases. Reading and planning one gives a sweep or a
 * {@link UserError} naming the file; never another exception, a hang or a plan sized by a number in the file.
 */
class SweepFilesPropertyTest {
    private static final SweepSpec QUICK = Profiles.named("quick");
    private static final List<BackendProvider> BACKENDS =
            List.of(ReferenceBackendProvider.builder("ref").variants("one").build());
    private static final String SOURCE = "--config sweep.yaml";

    @Property(tries = 3000)
    void anySweepFileGivesASweepOrANamedRefusal(@ForAll("documents") String document) {
        long started = System.nanoTime();
        try {
            SweepSpec sweep = SweepFiles.overlay(QUICK, SOURCE, new StringReader(document));
            List<?> plan = SweepPlanner.plan(sweep, BACKENDS);
            assertTrue(plan.size() <= SweepPlanner.MAX_CELLS, plan.size() + " cells");
            Statistics.collect("planned");
        } catch (UserError e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
            assertTrue(e.getMessage().length() < 4000, () -> "a refusal is a sentence: " + e.getMessage().length()
                    + " characters");
            Statistics.collect("refused");
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            fail("the sweep file\n" + document.substring(0, Math.min(document.length(), 300)) + "\ngave " + e, e);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < 2000, () -> "a sweep file of " + document.length() + " characters took " + millis + " ms");
    }

    @Provide
    Arbitrary<String> documents() {
        List<String> keys = List.of("kinds", "models", "seqLens", "batches", "hiddenSizes", "hidden", "layers",
                "threads", "inputSize", "heads", "ffnRatio", "outputSize", "bidirectional", "variants", "seed",
                "tolerance", "measurement", "shard", "engineOptions", "backends", "profile", "seqlens", "unknown",
                "arithmetic");
        Arbitrary<String> entry = Combinators.combine(Arbitraries.of(keys), values())
                .as((key, value) -> key + ": " + value);
        Arbitrary<String> yaml = entry.list().ofMaxSize(8).map(lines -> String.join("\n", lines) + "\n");
        Arbitrary<String> json = Combinators.combine(Arbitraries.of(keys), values()).as(Tuple::of).list()
                .ofMaxSize(6).map(pairs -> "{" + String.join(", ", pairs.stream()
                        .map(pair -> "\"" + pair.get1() + "\": " + pair.get2()).toList()) + "}");
        return Arbitraries.frequencyOf(Tuple.of(6, yaml), Tuple.of(3, json), Tuple.of(1, hostileDocuments()));
    }

    private static Arbitrary<String> values() {
        Arbitrary<String> scalar = Arbitraries.oneOf(
                Arbitraries.integers().between(-3, 300).map(String::valueOf),
                Arbitraries.of("0", "1", "-1", "2147483647", "2147483648", "-2147483649", "9223372036854775808",
                        "1" + "0".repeat(500), "1e400", "1.5", ".nan", ".inf", "-.inf", "NaN", "~", "null", "true",
                        "false", "yes", "\"\"", "lstm", "LSTM", "transformer", "conv", "tf32", "FP32", "fp16", "all-cores",
                        "\"all-cores\"",
                        "default", "all", "x: y", "'quoted'", "1/2", "&a 1", "*a", "!!binary aGk=", "!!str 5",
                        "!!int 5", "!!float 1", "0x10", "0o17", "1_000"));
        Arbitrary<String> list = scalar.list().ofMaxSize(6).map(items -> "[" + String.join(", ", items) + "]");
        Arbitrary<String> measurement = Combinators.combine(scalar, scalar, scalar, scalar, scalar)
                .as((t, wi, ws, i, is) -> "{trials: " + t + ", warmupIterations: " + wi + ", warmupSeconds: " + ws
                        + ", iterations: " + i + ", iterationSeconds: " + is + "}");
        Arbitrary<String> shard = Combinators.combine(scalar, scalar)
                .as((i, n) -> "{index: " + i + ", count: " + n + "}");
        Arbitrary<String> options = Combinators.combine(scalar, scalar)
                .as((k, v) -> "{ref: {" + k + ": " + v + "}}");
        Arbitrary<String> longList = Arbitraries.integers().between(1, 3000)
                .map(n -> "[" + String.join(", ", java.util.Collections.nCopies(n, "1")) + "]");
        Arbitrary<String> distinctList = Arbitraries.integers().between(1, 400).map(n ->
                "[" + String.join(", ", java.util.stream.IntStream.rangeClosed(1, n).mapToObj(String::valueOf)
                        .toList()) + "]");
        return Arbitraries.frequencyOf(Tuple.of(4, scalar), Tuple.of(4, list), Tuple.of(1, measurement),
                Tuple.of(1, shard), Tuple.of(1, options), Tuple.of(1, longList), Tuple.of(1, distinctList),
                Tuple.of(1, Arbitraries.of("[]", "{}", "[[]]", "[null]", "[1, null]", "{a: 1}", "[lstm, null]")));
    }

    /** Documents whose shape is the attack: deep nesting, anchors that expand, odd YAML. */
    private static Arbitrary<String> hostileDocuments() {
        Arbitrary<String> deepFlow = Arbitraries.integers().between(1, 20_000)
                .map(depth -> "seqLens: " + "[".repeat(depth) + "]".repeat(depth) + "\n");
        Arbitrary<String> deepBlock = Arbitraries.integers().between(1, 400).map(depth -> {
            StringBuilder text = new StringBuilder("engineOptions:\n");
            for (int level = 1; level <= depth; level++) {
                text.append("  ".repeat(level)).append("k").append(level).append(":\n");
            }
            return text.append("  ".repeat(depth + 1)).append("v\n").toString();
        });
        return Arbitraries.oneOf(deepFlow, deepBlock, Arbitraries.of(laughs(), "- 1\n- 2\n", "just text", "---\n---\n",
                "seqLens: [16]\nseqLens: [32]\n", "? [1]\n: 2\n", "%YAML 1.1\n---\nseqLens: [1]\n", "seqLens: *x\n",
                "base: &b [16, 64]\nseqLens: *b\n", "seqLens: &b [16, 64]\nbatches: *b\n", "\t", "{", "[", "\"",
                "seqLens: [16, 64\n", "measurement: !!map {trials: 1}\n", "kinds: !!set {lstm, gru}\n",
                "<<: {seqLens: [1]}\n"));
    }

    /** The billion laughs: ten levels of aliases, each standing for ten of the level below. */
    private static String laughs() {
        StringBuilder text = new StringBuilder("a0: &a0 [\"lol\"]\n");
        for (int level = 1; level <= 9; level++) {
            String below = "*a" + (level - 1);
            text.append("a").append(level).append(": &a").append(level).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(10, below))).append("]\n");
        }
        return text.append("seqLens: *a9\n").toString();
    }

    @Example
    void aliasesAreRefusedNotReadAsTheirAnchorsName() {
        UserError error = assertThrows(UserError.class, () -> SweepFiles.overlay(QUICK, SOURCE,
                new StringReader("seqLens: &lengths [16, 64]\nbatches: *lengths\n")));
        assertTrue(error.getMessage().startsWith(SOURCE), error.getMessage());
        assertTrue(error.getMessage().contains("alias"), error.getMessage());
    }

    @Example
    void aKeyGivenTwiceIsRefused() {
        UserError error = assertThrows(UserError.class, () -> SweepFiles.overlay(QUICK, SOURCE,
                new StringReader("seqLens: [16]\nseqLens: [32]\n")));
        assertTrue(error.getMessage().contains("seqLens"), error.getMessage());
    }

    @Example
    void aThreadCountTooLargeForAnIntIsRefusedNotWrappedAround() {
        UserError error = assertThrows(UserError.class, () -> SweepFiles.overlay(QUICK, SOURCE,
                new StringReader("threads: [4294967297]\n")));
        assertTrue(error.getMessage().contains("4294967297"), error.getMessage());
    }

    @Example
    void aNullInAListIsRefusedByName() {
        UserError error = assertThrows(UserError.class, () -> SweepPlanner.plan(SweepFiles.overlay(QUICK, SOURCE,
                new StringReader("seqLens: [16, null]\n")), BACKENDS));
        assertTrue(error.getMessage().contains("seqLens"), error.getMessage());
    }

    @Example
    void aFeedForwardWidthTooLargeForAnIntIsRefusedByName() {
        UserError error = assertThrows(UserError.class, () -> SweepPlanner.plan(SweepFiles.overlay(QUICK, SOURCE,
                new StringReader("ffnRatio: 2147483647\nkinds: [transformer]\n")), BACKENDS));
        assertTrue(error.getMessage().contains("ffnRatio"), error.getMessage());
    }

    @Example
    void aCrossProductOfLongListsIsRefusedBeforeItIsPlanned() {
        String list = "[" + String.join(", ", java.util.stream.IntStream.rangeClosed(1, 200).mapToObj(String::valueOf)
                .toList()) + "]";
        UserError error = assertThrows(UserError.class, () -> SweepPlanner.plan(SweepFiles.overlay(QUICK, SOURCE,
                new StringReader("kinds: [lstm]\nseqLens: " + list + "\nbatches: " + list + "\nhiddenSizes: " + list
                        + "\n")),
                BACKENDS));
        assertTrue(error.getMessage().contains(String.valueOf(SweepPlanner.MAX_CELLS)), error.getMessage());
        assertEquals(QUICK, SweepFiles.overlay(QUICK, SOURCE, new StringReader("")));
    }
}
