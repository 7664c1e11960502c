package org.seqbench.results;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Hostile run.json files: a valid record truncated, with bytes flipped, or with one value anywhere in its tree
 * replaced by a value of another type, a huge number or a huge array. Each reads as a record or is refused with an
 * IllegalArgumentException naming the file (or an IOException); never another runtime exception.
 */
class RunRecordFilesPropertyTest {
    private static final ObjectMapper JSON = Json.mapper();
    private static Path directory;
    private static Path file;
    private static byte[] valid;
    private static JsonNode validTree;

    @BeforeContainer
    static void writeFixture() throws IOException {
        directory = Files.createTempDirectory("run-record-props");
        RunRecordFiles.write(directory, Fixtures.recordWithTrials());
        file = directory.resolve(RunRecordFiles.FILE_NAME);
        valid = Files.readAllBytes(file);
        validTree = JSON.readTree(valid);
    }

    @AfterContainer
    static void deleteFixture() throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(directory);
    }

    @Property(tries = 1000)
    void aTruncatedRecordIsRefusedByName(@ForAll @IntRange(min = 0, max = 1_000_000) int cut) throws IOException {
        byte[] truncated = java.util.Arrays.copyOf(valid, cut % valid.length);
        readOrRefuse(truncated);
    }

    @Property(tries = 1000)
    void flippedBytesReadOrAreRefusedByName(@ForAll("flips") List<Tuple.Tuple2<Integer, Byte>> flips)
            throws IOException {
        byte[] bytes = valid.clone();
        for (Tuple.Tuple2<Integer, Byte> flip : flips) {
            int at = Math.floorMod(flip.get1(), bytes.length);
            bytes[at] ^= flip.get2() == 0 ? 1 : flip.get2();
        }
        readOrRefuse(bytes);
    }

    @Provide
    Arbitrary<List<Tuple.Tuple2<Integer, Byte>>> flips() {
        return Combinators.combine(Arbitraries.integers().greaterOrEqual(0), Arbitraries.bytes()).as(Tuple::of)
                .list().ofMinSize(1).ofMaxSize(6);
    }

    /**
     * One value of the tree, chosen by its position in a walk of it, replaced by a hostile one; an old schema
     * version sometimes, so that the reader's upgrade of old records meets the damage too.
     */
    @Property(tries = 3000)
    void aHostileValueAnywhereReadsOrIsRefusedByName(@ForAll @IntRange(min = 0, max = 100_000) int position,
            @ForAll("hostileValues") String replacement, @ForAll @IntRange(min = 0, max = 3) int schemaVersion)
            throws IOException {
        JsonNode tree = validTree.deepCopy();
        boolean old = schemaVersion > 0 && position % 2 == 0;
        if (old) {
            // A record before version 3 has no analytic bytes; the reader works them out from each cell.
            for (JsonNode cell : tree.path("cells")) {
                if (cell.get("work") instanceof ObjectNode work) {
                    work.remove("bytes");
                }
            }
        }
        List<Tuple.Tuple2<ContainerNode<?>, Object>> slots = new ArrayList<>();
        collect(tree, slots);
        Tuple.Tuple2<ContainerNode<?>, Object> slot = slots.get(position % slots.size());
        JsonNode value = JSON.readTree(replacement);
        if (slot.get1() instanceof ObjectNode object) {
            object.set((String) slot.get2(), value);
        } else {
            ((ArrayNode) slot.get1()).set((Integer) slot.get2(), value);
        }
        if (old && tree instanceof ObjectNode root) {
            root.put("schemaVersion", schemaVersion);
        }
        readOrRefuse(JSON.writeValueAsBytes(tree));
    }

    @Provide
    Arbitrary<String> hostileValues() {
        return Arbitraries.oneOf(
                Arbitraries.of("null", "true", "\"\"", "\"x\"", "0", "-1", "1.5", "-2147483649", "2147483648",
                        "9223372036854775808", "1" + "0".repeat(400), "1e309", "NaN", "[]", "{}", "[null]",
                        "[[]]", "{\"a\":1}", "\"lstm\"", "\"conv\"", "\"OK\"", "\"FAILED\"", "-0.0"),
                Arbitraries.integers().between(1, 200_000).map(n -> "[" + "0,".repeat(n) + "0]"),
                Arbitraries.integers().between(1, 900).map(n -> "[".repeat(n) + "]".repeat(n)),
                Arbitraries.integers().map(String::valueOf));
    }

    private static void collect(JsonNode node, List<Tuple.Tuple2<ContainerNode<?>, Object>> slots) {
        if (node instanceof ObjectNode object) {
            for (String name : (Iterable<String>) object::fieldNames) {
                slots.add(Tuple.of(object, name));
                collect(object.get(name), slots);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                slots.add(Tuple.of(array, i));
                collect(array.get(i), slots);
            }
        }
    }

    private static void readOrRefuse(byte[] bytes) throws IOException {
        Files.write(file, bytes);
        try {
            RunRecordFiles.read(directory);
            Statistics.collect("read");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(file.toString()),
                    () -> "the refusal names the file: " + e.getMessage());
            Statistics.collect("refused");
        } catch (IOException e) {
            Statistics.collect("unreadable");
        } catch (RuntimeException e) {
            fail("a damaged run.json of " + bytes.length + " bytes gave " + e + " instead of a refusal naming it: "
                    + new String(bytes, StandardCharsets.UTF_8).substring(0, Math.min(bytes.length, 200)), e);
        }
    }
}
