package org.seqbench.core.safetensors;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.seqbench.core.Tensor;

/**
 * Hostile safetensors files: random bytes, lying header lengths, offsets that overlap or pass the data, shapes that
 * disagree with their dtype or whose product asks for gigabytes. Each reads as a valid file or is refused with a
 * {@link SafeTensorsException} naming the file; never an OutOfMemoryError, a NegativeArraySizeException or an
 * index out of bounds, and never an allocation larger than the file allows.
 */
class SafeTensorsPropertyTest {
    private static Path directory;
    private static Path file;

    @BeforeContainer
    static void createDirectory() throws IOException {
        directory = Files.createTempDirectory("safetensors-props");
        file = directory.resolve("hostile.safetensors");
    }

    @AfterContainer
    static void deleteDirectory() throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(directory);
    }

    @Property(tries = 1000)
    void randomBytesAreRefusedByName(@ForAll("randomFiles") byte[] bytes) throws IOException {
        readOrRefuse(bytes);
    }

    @Provide
    Arbitrary<byte[]> randomFiles() {
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(256);
        // Noise behind a plausible length prefix, so the JSON parser sees it too.
        Arbitrary<byte[]> prefixed = noise.map(body -> concat(lengthPrefix(body.length), body));
        return Arbitraries.oneOf(noise, prefixed);
    }

    /** A header with hostile values in its fields, followed by a data region of a chosen size. */
    @Property(tries = 2000)
    void hostileHeadersAreRefusedByName(@ForAll("headers") String header, @ForAll("dataSizes") int dataSize)
            throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        readOrRefuse(concat(lengthPrefix(json.length), json, new byte[dataSize]));
    }

    /** Header lengths that lie: negative as a signed long, larger than the file, larger than the 100 MB cap. */
    @Property(tries = 1000)
    void lyingHeaderLengthsAreRefusedBeforeAnyAllocation(@ForAll("headerLengths") long claimed,
            @ForAll("dataSizes") int bodySize) throws IOException {
        byte[] body = new byte[bodySize];
        java.util.Arrays.fill(body, (byte) ' ');
        readOrRefuse(concat(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(claimed).array(), body));
    }

    /** A valid file with bytes flipped anywhere: its header or its data. */
    @Property(tries = 1000)
    void flippedBytesOfAValidFileReadOrAreRefused(@ForAll("flips") List<Tuple.Tuple2<Integer, Byte>> flips)
            throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("w", new Tensor(new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
        tensors.put("b", new Tensor(new int[] {3}, new float[] {7, 8, 9}));
        SafeTensors.write(file, tensors, Map.of("seqbench.spec", "{\"kind\":\"rnn\"}"));
        byte[] bytes = Files.readAllBytes(file);
        for (Tuple.Tuple2<Integer, Byte> flip : flips) {
            int at = Math.floorMod(flip.get1(), bytes.length);
            bytes[at] ^= flip.get2() == 0 ? 1 : flip.get2();
        }
        readOrRefuse(bytes);
    }

    @Provide
    Arbitrary<List<Tuple.Tuple2<Integer, Byte>>> flips() {
        return Combinators.combine(Arbitraries.integers().between(0, 4096), Arbitraries.bytes()).as(Tuple::of)
                .list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<Integer> dataSizes() {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(0, 4, 8, 16, 24, 48)),
                Tuple.of(1, Arbitraries.integers().between(0, 512)));
    }

    @Provide
    Arbitrary<Long> headerLengths() {
        return Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(-8, 1024),
                Arbitraries.of(Long.MIN_VALUE, -1L, 0L, 1L, 2L, SafeTensors.MAX_HEADER_BYTES,
                        SafeTensors.MAX_HEADER_BYTES + 1, (long) Integer.MAX_VALUE, 1L << 32, Long.MAX_VALUE));
    }

    @Provide
    Arbitrary<String> headers() {
        Arbitrary<String> dims = Arbitraries.oneOf(Arbitraries.integers().between(-2, 8).map(String::valueOf),
                Arbitraries.of("2147483647", "2147483648", "-2147483648", "65536", "1.5", "\"3\"", "null", "1e3",
                        "9223372036854775807", "99999999999999999999"));
        Arbitrary<String> shape = dims.list().ofMaxSize(6).map(list -> "[" + String.join(",", list) + "]");
        Arbitrary<String> shapeValue = Arbitraries.oneOf(shape, Arbitraries.of("null", "3", "{}", "\"[2]\""));
        Arbitrary<String> offset = Arbitraries.oneOf(Arbitraries.integers().between(-4, 64).map(String::valueOf),
                Arbitraries.of("9223372036854775807", "-9223372036854775808", "99999999999999999999", "4.0",
                        "\"8\"", "null", "2147483648"));
        Arbitrary<String> offsets = Arbitraries.oneOf(offset.list().ofMaxSize(3)
                .map(list -> "[" + String.join(",", list) + "]"), Arbitraries.of("null", "{}", "8"));
        Arbitrary<String> dtype = Arbitraries.of("\"F32\"", "\"F64\"", "\"F16\"", "\"BF16\"", "\"bf16\"", "\"I64\"",
                "\"U8\"", "\"\"", "null", "7", "[\"F32\"]");
        Arbitrary<String> tensor = Combinators.combine(dtype, shapeValue, offsets)
                .as((d, s, o) -> "{\"dtype\":" + d + ",\"shape\":" + s + ",\"data_offsets\":" + o + "}");
        Arbitrary<String> metadata = Arbitraries.of("{\"k\":\"v\"}", "{\"k\":1}", "[]", "\"x\"", "null",
                "{\"k\":{\"n\":\"v\"}}");
        Arbitrary<String> name = Arbitraries.of("a", "b", "w", "__metadata__", "", "a");
        Arbitrary<String> entry = Combinators.combine(name, Arbitraries.oneOf(tensor, metadata))
                .as((n, v) -> "\"" + n + "\":" + v);
        Arbitrary<String> object = entry.list().ofMaxSize(4).map(list -> "{" + String.join(",", list) + "}");
        Arbitrary<String> deep = Arbitraries.integers().between(1, 5000)
                .map(depth -> "{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
        return Arbitraries.frequencyOf(Tuple.of(8, object), Tuple.of(1, deep),
                Tuple.of(1, Arbitraries.of("[]", "null", "1", "\"s\"", "{", "{}", "{\"a\":}")));
    }

    /** Reads {@code bytes} as a file: a valid result or a SafeTensorsException naming it, nothing else. */
    private static void readOrRefuse(byte[] bytes) throws IOException {
        Files.write(file, bytes);
        long heapBefore = usedHeap();
        try {
            SafeTensorsFile read = SafeTensors.read(file);
            long values = read.tensors().values().stream().mapToLong(Tensor::size).sum();
            assertTrue(values * 2 <= bytes.length, () -> values + " values from a file of " + bytes.length + " bytes");
            Statistics.collect("read");
        } catch (SafeTensorsException e) {
            assertTrue(e.getMessage().startsWith(file.getFileName() + " is not a valid safetensors file: "),
                    e.getMessage());
            Statistics.collect("refused");
        } catch (RuntimeException | OutOfMemoryError e) {
            fail("a file of " + bytes.length + " bytes gave " + e + " instead of a SafeTensorsException", e);
        }
        long grew = usedHeap() - heapBefore;
        // The reader may allocate what the file holds (and the 8 MB its chunk and JSON tree take), never more.
        assertTrue(grew < 64L * 1024 * 1024 + 16L * bytes.length, () -> "reading " + bytes.length
                + " bytes grew the heap by " + grew + " bytes");
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static byte[] lengthPrefix(long length) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(length).array();
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteBuffer joined = ByteBuffer.allocate(length);
        for (byte[] part : parts) {
            joined.put(part);
        }
        return joined.array();
    }
}
