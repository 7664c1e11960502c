package org.seqbench.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;

/**
 * The JSON form of a {@link ModelSpec}, as stored under {@link #METADATA_KEY} in exported safetensors files:
 * {@code {"kind":"lstm","inputSize":16,"hiddenSize":32,"layers":2,"bidirectional":true,"heads":0,"ffnSize":0,
 * "outputSize":4}}. Reading accepts the kind in any case and lets {@code bidirectional}, {@code heads} and
 * {@code ffnSize} default to false/0; every other field must be present.
 */
public final class ModelSpecJson {
    /** The safetensors metadata key that holds the spec. */
    public static final String METADATA_KEY = "seqbench.spec";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS =
            Set.of("kind", "inputSize", "hiddenSize", "layers", "bidirectional", "heads", "ffnSize", "outputSize");

    private ModelSpecJson() {
    }

    public static String write(ModelSpec spec) {
        ObjectNode node = JSON.createObjectNode()
                .put("kind", spec.kind().id())
                .put("inputSize", spec.inputSize())
                .put("hiddenSize", spec.hiddenSize())
                .put("layers", spec.layers())
                .put("bidirectional", spec.bidirectional())
                .put("heads", spec.heads())
                .put("ffnSize", spec.ffnSize())
                .put("outputSize", spec.outputSize());
        return node.toString();
    }

    /**
     * Parses a spec.
     *
     * @throws InvalidSpecException naming the missing, unknown or bad field
     */
    public static ModelSpec read(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidSpecException("spec", "the model spec is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new InvalidSpecException("spec", "the model spec must be a JSON object, got " + json);
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!FIELDS.contains(field.getKey())) {
                throw new InvalidSpecException(field.getKey(), "the model spec has an unknown field '"
                        + field.getKey() + "'; accepted: " + String.join(", ", FIELDS.stream().sorted().toList()));
            }
        }
        JsonNode kindNode = node.get("kind");
        if (kindNode == null || !kindNode.isTextual()) {
            throw new InvalidSpecException("kind", "the model spec needs \"kind\": one of " + ModelKind.acceptedIds());
        }
        ModelKind kind;
        try {
            kind = ModelKind.parse(kindNode.textValue());
        } catch (IllegalArgumentException e) {
            throw new InvalidSpecException("kind", "the model spec's " + e.getMessage());
        }
        JsonNode bidirectional = node.get("bidirectional");
        if (bidirectional != null && !bidirectional.isBoolean()) {
            throw new InvalidSpecException("bidirectional", "bidirectional must be true or false, got " + bidirectional);
        }
        return new ModelSpec(kind, integer(node, "inputSize", true), integer(node, "hiddenSize", true),
                integer(node, "layers", true), bidirectional != null && bidirectional.booleanValue(),
                integer(node, "heads", false), integer(node, "ffnSize", false), integer(node, "outputSize", true));
    }

    private static int integer(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null) {
            if (required) {
                throw new InvalidSpecException(field, "the model spec needs \"" + field + "\"");
            }
            return 0;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new InvalidSpecException(field, field + " must be an integer, got " + value);
        }
        return value.intValue();
    }
}
