package org.seqbench.core.safetensors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.seqbench.core.AtomicFiles;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;

/**
 * Reads and writes the safetensors format (https://huggingface.co/docs/safetensors): an 8-byte little-endian
 * header length N, N bytes of JSON describing each tensor (dtype, shape, byte offsets into the data region) plus
 * an optional string map {@code __metadata__}, then the raw little-endian data.
 *
 * <p>Reading trusts nothing in the file: the header length, every offset and every shape is checked against the
 * file's real size before anything is allocated, so a truncated or hostile file gives a {@link SafeTensorsException}
 * naming the problem, never an OutOfMemoryError. F32 is read as is; F64, F16 and BF16 are converted to float32.
 */
public final class SafeTensors {
    /** Largest header accepted, as in the reference implementation: 100 MB. */
    public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    /** The dtypes this reader accepts, for error messages. */
    public static final String ACCEPTED_DTYPES = "F32, F64, F16, BF16";

    /**
     * Bytes moved through one buffer at a time when reading or writing a tensor: big enough that the system calls
     * cost nothing next to the copying, small enough that a tensor of gigabytes needs no second copy of itself.
     */
    static final int CHUNK_BYTES = 1 << 20;

    private static final String METADATA_KEY = "__metadata__";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private SafeTensors() {
    }

    /**
     * Reads a whole file.
     *
     * @throws SafeTensorsException if the file is not well-formed, naming the file and the problem
     * @throws IOException if the file cannot be read at all
     */
    public static SafeTensorsFile read(Path path) throws IOException {
        return read(path, CHUNK_BYTES);
    }

    static SafeTensorsFile read(Path path, int chunkBytes) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            Header header = readHeader(path, channel);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Entry entry : header.entries()) {
                float[] values = new float[entry.elements()];
                ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(chunkBytes, entry.byteLength()))
                        .order(ByteOrder.LITTLE_ENDIAN);
                for (Chunk chunk : chunks(header.dataStart() + entry.begin(), entry.elements(), entry.dtype().bytes,
                        chunkBytes)) {
                    buffer.clear().limit(chunk.count() * entry.dtype().bytes);
                    readFully(channel, chunk.position(), buffer);
                    entry.dtype().decode(buffer.flip(), values, chunk.first(), chunk.count());
                }
                tensors.put(entry.name(), new Tensor(entry.shape(), values));
            }
            return new SafeTensorsFile(tensors, header.metadata());
        }
    }

    /**
     * Writes {@code tensors} as F32 with {@code metadata}. The file is written beside the target and moved into
     * place only when complete ({@link AtomicFiles}), so a failure never leaves a damaged file where a good one
     * stood, and it is readable by others like every file seqbench writes.
     */
    public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        write(path, tensors, metadata, CHUNK_BYTES);
    }

    static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata, int chunkBytes)
            throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode metadataNode = header.putObject(METADATA_KEY);
            metadata.forEach(metadataNode::put);
        }
        long offset = 0;
        long largest = 0;
        for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
            if (entry.getKey().equals(METADATA_KEY)) {
                throw new IllegalArgumentException("a tensor cannot be named " + METADATA_KEY);
            }
            Tensor tensor = entry.getValue();
            ObjectNode node = header.putObject(entry.getKey());
            node.put("dtype", "F32");
            ArrayNode shape = node.putArray("shape");
            for (int dimension : tensor.shape()) {
                shape.add(dimension);
            }
            long size = (long) tensor.size() * Float.BYTES;
            node.putArray("data_offsets").add(offset).add(offset + size);
            offset += size;
            largest = Math.max(largest, size);
        }
        byte[] headerJson = JSON.writeValueAsBytes(header);
        int padding = (8 - headerJson.length % 8) % 8; // the format pads the header with spaces to 8 bytes
        ByteBuffer prefix = ByteBuffer.allocate(Long.BYTES + headerJson.length + padding).order(ByteOrder.LITTLE_ENDIAN);
        prefix.putLong(headerJson.length + padding).put(headerJson);
        while (prefix.hasRemaining()) {
            prefix.put((byte) ' ');
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(chunkBytes, Math.max(largest, Float.BYTES)))
                .order(ByteOrder.LITTLE_ENDIAN);
        AtomicFiles.write(path, out -> {
            out.write(prefix.array());
            for (Tensor tensor : tensors.values()) {
                float[] data = tensor.data();
                for (Chunk chunk : chunks(0, data.length, Float.BYTES, chunkBytes)) {
                    buffer.clear();
                    buffer.asFloatBuffer().put(data, chunk.first(), chunk.count());
                    out.write(buffer.array(), 0, chunk.count() * Float.BYTES);
                }
            }
        });
    }

    /**
     * Where the values {@code first .. first + count} of a tensor lie: {@code elements} values of
     * {@code elementBytes} each from byte {@code position}, in pieces of at most {@code chunkBytes}. A float32
     * tensor may hold up to {@link ModelSpec#MAX_TENSOR_ELEMENTS} values, four times more bytes than one Java array
     * or buffer can hold, so a tensor moves through a buffer of bounded size and every position is a long.
     */
    static List<Chunk> chunks(long position, int elements, int elementBytes, int chunkBytes) {
        if (chunkBytes < elementBytes) {
            throw new IllegalArgumentException("a chunk of " + chunkBytes + " bytes cannot hold one value of "
                    + elementBytes + " bytes");
        }
        int perChunk = chunkBytes / elementBytes;
        List<Chunk> chunks = new ArrayList<>();
        // A long counter: near the largest tensor, the int index of the next chunk would wrap around.
        for (long first = 0; first < elements; first += perChunk) {
            chunks.add(new Chunk(position + first * elementBytes, (int) first, (int) Math.min(perChunk, elements - first)));
        }
        return chunks;
    }

    /** Values {@code first .. first + count} of a tensor, stored from byte {@code position} of the file. */
    record Chunk(long position, int first, int count) {
    }

    // ---------------------------------------------------------------- header

    enum DataType {
        F32(4), F64(8), F16(2), BF16(2);

        final int bytes;

        DataType(int bytes) {
            this.bytes = bytes;
        }

        /** Decodes {@code count} little-endian values from {@code data} into {@code values[first ..]}. */
        void decode(ByteBuffer data, float[] values, int first, int count) {
            data.order(ByteOrder.LITTLE_ENDIAN);
            switch (this) {
                case F32 -> data.asFloatBuffer().get(values, first, count);
                case F64 -> {
                    for (int i = 0; i < count; i++) {
                        values[first + i] = (float) data.getDouble(i * 8);
                    }
                }
                case F16 -> {
                    for (int i = 0; i < count; i++) {
                        values[first + i] = Float.float16ToFloat(data.getShort(i * 2));
                    }
                }
                case BF16 -> {
                    for (int i = 0; i < count; i++) {
                        values[first + i] = Float.intBitsToFloat((data.getShort(i * 2) & 0xFFFF) << 16);
                    }
                }
            }
        }
    }

    /** One tensor as the header describes it; {@code begin} and {@code end} are offsets into the data region. */
    record Entry(String name, DataType dtype, int[] shape, int elements, long begin, long end) {
        long byteLength() {
            return end - begin;
        }
    }

    /** The header: every tensor, the metadata, and where in the file the data region starts. */
    record Header(List<Entry> entries, Map<String, String> metadata, long dataStart) {
    }

    /**
     * Reads and checks the header of the file open on {@code channel}: the header length, every offset and shape
     * against the file's real size, before any tensor is read or allocated.
     */
    static Header readHeader(Path path, FileChannel channel) throws IOException {
        long fileSize = channel.size();
        if (fileSize < Long.BYTES) {
            throw invalid(path, "it has " + fileSize + " bytes, fewer than the 8-byte header length");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(Long.BYTES);
        readFully(channel, 0, lengthBytes);
        long headerLength = lengthBytes.flip().order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength < 2 || Long.compareUnsigned(headerLength, MAX_HEADER_BYTES) > 0) {
            throw invalid(path, "the header claims " + Long.toUnsignedString(headerLength)
                    + " bytes; accepted: 2 to " + MAX_HEADER_BYTES + " bytes");
        }
        if (headerLength > fileSize - Long.BYTES) {
            throw invalid(path, "the header claims " + headerLength + " bytes but only "
                    + (fileSize - Long.BYTES) + " follow (truncated file?)");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength); // at most MAX_HEADER_BYTES
        readFully(channel, Long.BYTES, headerBytes);
        String headerText = StandardCharsets.UTF_8.decode(headerBytes.flip()).toString();
        long dataStart = Long.BYTES + headerLength;
        return parseHeader(path, headerText, fileSize - dataStart, dataStart);
    }

    private static Header parseHeader(Path path, String text, long dataSize, long dataStart) {
        JsonNode root;
        try {
            root = JSON.readTree(text.strip());
        } catch (JsonProcessingException e) {
            throw invalid(path, "its header is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw invalid(path, "its header is not a JSON object");
        }
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals(METADATA_KEY)) {
                readMetadata(path, field.getValue(), metadata);
            } else {
                entries.add(readEntry(path, field.getKey(), field.getValue(), dataSize));
            }
        }
        checkCoverage(path, entries, dataSize);
        return new Header(entries, metadata, dataStart);
    }

    private static void readMetadata(Path path, JsonNode node, Map<String, String> metadata) {
        if (!node.isObject()) {
            throw invalid(path, "__metadata__ must be an object of strings");
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!field.getValue().isTextual()) {
                throw invalid(path, "__metadata__ value of '" + field.getKey() + "' is not a string");
            }
            metadata.put(field.getKey(), field.getValue().textValue());
        }
    }

    private static Entry readEntry(Path path, String name, JsonNode node, long dataSize) {
        String where = "tensor '" + name + "'";
        if (!node.isObject()) {
            throw invalid(path, where + " is not described by an object");
        }
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw invalid(path, where + " has no dtype");
        }
        DataType dtype;
        try {
            dtype = DataType.valueOf(dtypeNode.textValue().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(path, where + " has dtype " + dtypeNode.textValue() + "; accepted: " + ACCEPTED_DTYPES);
        }
        JsonNode shapeNode = node.get("shape");
        if (shapeNode == null || !shapeNode.isArray()) {
            throw invalid(path, where + " has no shape array");
        }
        int[] shape = new int[shapeNode.size()];
        long elements = 1;
        for (int axis = 0; axis < shape.length; axis++) {
            JsonNode dimension = shapeNode.get(axis);
            if (!dimension.canConvertToInt() || !dimension.isIntegralNumber() || dimension.intValue() < 0) {
                throw invalid(path, where + " has shape " + shapeNode + "; dimensions must be integers >= 0");
            }
            shape[axis] = dimension.intValue();
            elements *= shape[axis];
            if (elements > ModelSpec.MAX_TENSOR_ELEMENTS) {
                throw invalid(path, where + " has shape " + shapeNode + ", more than "
                        + ModelSpec.MAX_TENSOR_ELEMENTS + " elements");
            }
        }
        JsonNode offsets = node.get("data_offsets");
        if (offsets == null || !offsets.isArray() || offsets.size() != 2
                || !offsets.get(0).canConvertToLong() || !offsets.get(1).canConvertToLong()
                || !offsets.get(0).isIntegralNumber() || !offsets.get(1).isIntegralNumber()) {
            throw invalid(path, where + " needs data_offsets [begin, end] as two integers");
        }
        long begin = offsets.get(0).longValue();
        long end = offsets.get(1).longValue();
        if (begin < 0 || end < begin || end > dataSize) {
            throw invalid(path, where + " has data_offsets [" + begin + ", " + end + "] outside the "
                    + dataSize + "-byte data region");
        }
        if (end - begin != elements * dtype.bytes) {
            throw invalid(path, where + " of shape " + shapeNode + " and dtype " + dtype + " needs "
                    + elements * dtype.bytes + " bytes, its data_offsets span " + (end - begin));
        }
        return new Entry(name, dtype, shape, (int) elements, begin, end);
    }

    /** The tensors must tile the data region: no overlaps, no gaps, nothing left over. */
    private static void checkCoverage(Path path, List<Entry> entries, long dataSize) {
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        for (Entry entry : byOffset) {
            if (entry.begin() != expected) {
                throw invalid(path, "tensor '" + entry.name() + "' starts at byte " + entry.begin() + " of the data, "
                        + (entry.begin() < expected ? "overlapping the tensor before it" : "leaving a gap")
                        + " (expected " + expected + ")");
            }
            expected = entry.end();
        }
        if (expected != dataSize) {
            throw invalid(path, "the tensors cover " + expected + " bytes of a " + dataSize + "-byte data region");
        }
    }

    // ---------------------------------------------------------------- I/O

    /** Fills {@code buffer} up to its limit with the file's bytes from {@code position} on. */
    private static void readFully(FileChannel channel, long position, ByteBuffer buffer) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new IOException("unexpected end of file at byte " + at);
            }
            at += read;
        }
    }

    private static SafeTensorsException invalid(Path path, String problem) {
        return new SafeTensorsException(path.getFileName() + " is not a valid safetensors file: " + problem);
    }
}
