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
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            if (fileSize < Long.BYTES) {
                throw invalid(path, "it has " + fileSize + " bytes, fewer than the 8-byte header length");
            }
            ByteBuffer lengthBytes = readFully(channel, 0, Long.BYTES);
            long headerLength = lengthBytes.order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (headerLength < 2 || Long.compareUnsigned(headerLength, MAX_HEADER_BYTES) > 0) {
                throw invalid(path, "the header claims " + Long.toUnsignedString(headerLength)
                        + " bytes; accepted: 2 to " + MAX_HEADER_BYTES + " bytes");
            }
            if (headerLength > fileSize - Long.BYTES) {
                throw invalid(path, "the header claims " + headerLength + " bytes but only "
                        + (fileSize - Long.BYTES) + " follow (truncated file?)");
            }
            ByteBuffer headerBytes = readFully(channel, Long.BYTES, (int) headerLength);
            String headerText = StandardCharsets.UTF_8.decode(headerBytes).toString();
            long dataStart = Long.BYTES + headerLength;
            long dataSize = fileSize - dataStart;

            Header header = parseHeader(path, headerText, dataSize);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Entry entry : header.entries()) {
                ByteBuffer bytes = readFully(channel, dataStart + entry.begin(), (int) (entry.end() - entry.begin()));
                tensors.put(entry.name(), new Tensor(entry.shape(), entry.dtype().decode(bytes, entry.elements())));
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
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode metadataNode = header.putObject(METADATA_KEY);
            metadata.forEach(metadataNode::put);
        }
        long offset = 0;
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
        }
        byte[] headerJson = JSON.writeValueAsBytes(header);
        int padding = (8 - headerJson.length % 8) % 8; // the format pads the header with spaces to 8 bytes

        ByteBuffer prefix = ByteBuffer.allocate(Long.BYTES + headerJson.length + padding).order(ByteOrder.LITTLE_ENDIAN);
        prefix.putLong(headerJson.length + padding).put(headerJson);
        while (prefix.hasRemaining()) {
            prefix.put((byte) ' ');
        }
        AtomicFiles.write(path, out -> {
            out.write(prefix.array());
            for (Tensor tensor : tensors.values()) {
                ByteBuffer data = ByteBuffer.allocate(tensor.size() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                data.asFloatBuffer().put(tensor.data());
                out.write(data.array());
            }
        });
    }

    // ---------------------------------------------------------------- header

    private enum DataType {
        F32(4), F64(8), F16(2), BF16(2);

        final int bytes;

        DataType(int bytes) {
            this.bytes = bytes;
        }

        float[] decode(ByteBuffer data, int elements) {
            data.order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[elements];
            switch (this) {
                case F32 -> data.asFloatBuffer().get(values);
                case F64 -> {
                    for (int i = 0; i < elements; i++) {
                        values[i] = (float) data.getDouble(i * 8);
                    }
                }
                case F16 -> {
                    for (int i = 0; i < elements; i++) {
                        values[i] = Float.float16ToFloat(data.getShort(i * 2));
                    }
                }
                case BF16 -> {
                    for (int i = 0; i < elements; i++) {
                        values[i] = Float.intBitsToFloat((data.getShort(i * 2) & 0xFFFF) << 16);
                    }
                }
            }
            return values;
        }
    }

    private record Entry(String name, DataType dtype, int[] shape, int elements, long begin, long end) {
    }

    private record Header(List<Entry> entries, Map<String, String> metadata) {
    }

    private static Header parseHeader(Path path, String text, long dataSize) {
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
        return new Header(entries, metadata);
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

    private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("unexpected end of file at byte " + (position + buffer.position()));
            }
        }
        return buffer.flip();
    }

    private static SafeTensorsException invalid(Path path, String problem) {
        return new SafeTensorsException(path.getFileName() + " is not a valid safetensors file: " + problem);
    }
}
