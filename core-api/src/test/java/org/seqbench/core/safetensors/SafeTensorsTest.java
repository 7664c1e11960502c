package org.seqbench.core.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;

class SafeTensorsTest {
    @TempDir
    Path directory;

    @Test
    void roundTripKeepsOrderShapesValuesAndMetadata() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("b.weight", new Tensor(new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, -6.5f}));
        tensors.put("a.bias", new Tensor(new int[] {3}, new float[] {Float.MIN_VALUE, 0f, -0f}));
        tensors.put("empty", Tensor.zeros(0, 4));
        Path file = directory.resolve("case.safetensors");
        SafeTensors.write(file, tensors, Map.of("seqbench.spec", "{\"kind\":\"lstm\"}"));

        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8, "header is padded to 8 bytes");

        SafeTensorsFile read = SafeTensors.read(file);
        assertEquals(List.of("b.weight", "a.bias", "empty"), List.copyOf(read.tensors().keySet()));
        assertEquals(tensors, read.tensors());
        assertEquals(Map.of("seqbench.spec", "{\"kind\":\"lstm\"}"), read.metadata());
    }

    @Test
    void otherFloatTypesAreConvertedToFloat32() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(8 + 2 + 2 + 8).order(ByteOrder.LITTLE_ENDIAN);
        data.putDouble(0.1);
        data.putShort(Float.floatToFloat16(1.5f));
        data.putShort((short) (Float.floatToRawIntBits(-2.25f) >>> 16));
        data.putFloat(7f).putFloat(8f);
        Path file = write("{\"d\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},"
                + "\"h\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[8,10]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[10,12]},"
                + "\"f\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}}", data.array());
        Map<String, Tensor> tensors = SafeTensors.read(file).tensors();
        assertArrayEquals(new float[] {0.1f}, tensors.get("d").data());
        assertArrayEquals(new float[] {1.5f}, tensors.get("h").data());
        assertArrayEquals(new float[] {-2.25f}, tensors.get("b").data());
        assertArrayEquals(new float[] {7f, 8f}, tensors.get("f").data());
    }

    @Test
    void truncatedAndHostileFilesGiveOneClearSentence() throws IOException {
        assertInvalid(Files.write(directory.resolve("empty.safetensors"), new byte[0]),
                "empty.safetensors is not a valid safetensors file: it has 0 bytes, fewer than the 8-byte header length");
        assertInvalid(rawHeaderLength("huge.safetensors", Long.MAX_VALUE, 16),
                "huge.safetensors is not a valid safetensors file: the header claims 9223372036854775807 bytes; "
                        + "accepted: 2 to 104857600 bytes");
        assertInvalid(rawHeaderLength("negative.safetensors", -1L, 16),
                "negative.safetensors is not a valid safetensors file: the header claims 18446744073709551615 bytes; "
                        + "accepted: 2 to 104857600 bytes");
        assertInvalid(rawHeaderLength("short.safetensors", 4096, 100),
                "short.safetensors is not a valid safetensors file: the header claims 4096 bytes but only 92 follow "
                        + "(truncated file?)");
        assertInvalid(write("{\"a\":", new byte[0]), "starts with: not valid JSON", "its header is not valid JSON");
        assertInvalid(write("[1,2]", new byte[0]), "its header is not a JSON object");
        assertInvalid(write("{\"a\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[8]),
                "tensor 'a' has dtype I64; accepted: F32, F64, F16, BF16");
        assertInvalid(write("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", new byte[4]),
                "tensor 'a' has shape [-1]; dimensions must be integers >= 0");
        assertInvalid(write("{\"a\":{\"dtype\":\"F32\",\"shape\":[1000000,1000000],\"data_offsets\":[0,4]}}",
                new byte[4]), "tensor 'a' has shape [1000000,1000000], more than 2147483639 elements");
        assertInvalid(write("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4000000000]}}", new byte[8]),
                "tensor 'a' has data_offsets [0, 4000000000] outside the 8-byte data region");
        assertInvalid(write("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]),
                "tensor 'a' of shape [3] and dtype F32 needs 12 bytes, its data_offsets span 8");
        assertInvalid(write("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]),
                "tensor 'b' starts at byte 4 of the data, overlapping the tensor before it (expected 8)");
        assertInvalid(write("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]),
                "tensor 'a' starts at byte 4 of the data, leaving a gap (expected 0)");
        assertInvalid(write("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[12]),
                "the tensors cover 4 bytes of a 12-byte data region");
        assertInvalid(write("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]),
                "Duplicate field 'a'", "its header is not valid JSON");
        assertInvalid(write("{\"__metadata__\":{\"x\":1}}", new byte[0]), "__metadata__ value of 'x' is not a string");
        assertInvalid(write("{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]), "tensor 'a' has no dtype");
        assertInvalid(write("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", new byte[4]),
                "tensor 'a' needs data_offsets [begin, end] as two integers");
    }

    @Test
    void aFailedWriteLeavesTheEarlierFileIntact() throws IOException {
        Path file = directory.resolve("keep.safetensors");
        Map<String, Tensor> good = Map.of("w", new Tensor(new int[] {1}, new float[] {3f}));
        SafeTensors.write(file, good, Map.of());
        Map<String, Tensor> bad = new LinkedHashMap<>();
        bad.put("w", new Tensor(new int[] {1}, new float[] {4f}));
        bad.put("__metadata__", new Tensor(new int[] {1}, new float[] {5f}));
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(file, bad, Map.of()));
        assertEquals(good, SafeTensors.read(file).tensors());
        try (var listing = Files.list(directory)) {
            assertEquals(1, listing.count(), "no partial file is left behind");
        }
    }

    @Test
    void exportedFilesAreReadableByOthersLikeRunRecords() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "no POSIX modes here");
        Path file = directory.resolve("export.safetensors");
        SafeTensors.write(file, Map.of("w", new Tensor(new int[] {1}, new float[] {1f})), Map.of());
        assertEquals(PosixFilePermissions.fromString("rw-r--r--"), Files.getPosixFilePermissions(file));
    }

    /**
     * A float32 tensor of 2^29 + 1 values spans 2^31 + 4 bytes, more than an int counts: its place in the file and
     * the pieces it is read in must be computed in long arithmetic. A sparse file claims such a tensor, so nothing
     * of that size is written or allocated; only the header and the plan of the read are checked.
     */
    @Test
    void aTensorOfMoreThanTwoGibibytesIsPlacedAndSplitWithLongOffsets() throws IOException {
        int elements = (1 << 29) + 1;
        long bytes = (long) elements * Float.BYTES;
        Path file = write("{\"big\":{\"dtype\":\"F32\",\"shape\":[" + elements + "],\"data_offsets\":[0," + bytes
                + "]}}", new byte[0]);
        long headerEnd = Files.size(file);
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(headerEnd + bytes);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            SafeTensors.Header header = SafeTensors.readHeader(file, channel);
            assertEquals(headerEnd, header.dataStart());
            SafeTensors.Entry big = header.entries().getFirst();
            assertEquals(elements, big.elements());
            assertEquals(bytes, big.byteLength());

            List<SafeTensors.Chunk> chunks = SafeTensors.chunks(header.dataStart() + big.begin(), big.elements(),
                    Float.BYTES, SafeTensors.CHUNK_BYTES);
            assertEquals(2049, chunks.size(), "2^31 bytes in 1 MiB pieces, and the last value alone");
            assertEquals(new SafeTensors.Chunk(headerEnd + (1L << 31), 1 << 29, 1), chunks.getLast());
            assertEquals(bytes, chunks.stream().mapToLong(chunk -> (long) chunk.count() * Float.BYTES).sum());
        }
    }

    @Test
    void theLargestTensorAllowedIsSplitWithoutOverflowInAnyDtype() {
        int elements = (int) ModelSpec.MAX_TENSOR_ELEMENTS;
        List<SafeTensors.Chunk> chunks = SafeTensors.chunks(64, elements, Double.BYTES, SafeTensors.CHUNK_BYTES);
        SafeTensors.Chunk last = chunks.getLast();
        assertEquals(elements, last.first() + last.count());
        assertEquals(64 + (long) last.first() * Double.BYTES, last.position());
        assertTrue(last.position() > 15L << 30, "the last values of a float64 tensor that size lie near 16 GiB");
    }

    @Test
    void tensorsLargerThanOneChunkAreWrittenAndReadPieceByPiece() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("w", new Tensor(new int[] {2, 5}, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
        tensors.put("b", new Tensor(new int[] {3}, new float[] {-1, -2, -3}));
        Path file = directory.resolve("pieces.safetensors");
        SafeTensors.write(file, tensors, Map.of(), 12);
        for (int chunkBytes : new int[] {8, 12, SafeTensors.CHUNK_BYTES}) {
            assertEquals(tensors, SafeTensors.read(file, chunkBytes).tensors(), chunkBytes + "-byte chunks");
        }

        ByteBuffer data = ByteBuffer.allocate(3 * 8 + 5 * 2).order(ByteOrder.LITTLE_ENDIAN);
        data.putDouble(0.5).putDouble(-1.25).putDouble(3);
        for (float value : new float[] {1, 2, 3, 4, 5}) {
            data.putShort(Float.floatToFloat16(value));
        }
        Path mixed = write("{\"d\":{\"dtype\":\"F64\",\"shape\":[3],\"data_offsets\":[0,24]},"
                + "\"h\":{\"dtype\":\"F16\",\"shape\":[5],\"data_offsets\":[24,34]}}", data.array());
        Map<String, Tensor> read = SafeTensors.read(mixed, 8).tensors();
        assertArrayEquals(new float[] {0.5f, -1.25f, 3f}, read.get("d").data());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5}, read.get("h").data());
    }

    private Path write(String header, byte[] data) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(json.length).put(json).put(data);
        return Files.write(Files.createTempFile(directory, "case", ".safetensors"), buffer.array());
    }

    private Path rawHeaderLength(String name, long claimed, int totalBytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(totalBytes).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(claimed);
        return Files.write(directory.resolve(name), buffer.array());
    }

    private static void assertInvalid(Path file, String... expectedParts) {
        SafeTensorsException error = assertThrows(SafeTensorsException.class, () -> SafeTensors.read(file));
        String message = error.getMessage();
        assertTrue(message.startsWith(file.getFileName() + " is not a valid safetensors file: "), message);
        for (String part : expectedParts) {
            if (!part.startsWith("starts with:")) {
                assertTrue(message.contains(part), () -> "'" + message + "' lacks '" + part + "'");
            }
        }
    }
}
