package org.seqbench.harness.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyName;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.seqbench.results.Json;
import org.seqbench.results.SweepSpec;
import org.seqbench.spi.Precision;

/**
 * Reads sweep files: the profiles on the class path and the {@code --config} files of users, by one code path. A
 * file is a mapping of {@link SweepSpec}'s keys; each key it gives replaces that key of the sweep it is laid over.
 * The keys are the ones Jackson reads into {@code SweepSpec} (its record components and their aliases), so a new
 * field is accepted the day it is added. {@code threads} may name {@value ThreadCounts#ALL_CORES}; {@code arithmetic}
 * lists ids of {@link Precision} ({@code [fp32, tf32]}).
 */
public final class SweepFiles {
    private static final ObjectMapper YAML = Json.yamlMapper();

    /** Every name a key may have, the earlier names included, to the key it stands for. */
    private static final Map<String, String> KEYS = keys();

    private SweepFiles() {
    }

    /**
     * The profile called {@code name}, written in {@code text}.
     *
     * @throws UserError when the file is no valid sweep
     */
    public static SweepSpec profile(String name, Reader text) {
        ObjectNode sweep = YAML.createObjectNode().put("profile", name);
        return layer(sweep, "profile " + name, text);
    }

    /**
     * {@code base} with the keys of the sweep file {@code text} laid over it.
     *
     * @param source how messages name the file, e.g. {@code --config sweep.yaml}
     * @throws UserError naming the source and the bad key or value
     */
    public static SweepSpec overlay(SweepSpec base, String source, Reader text) {
        return layer(YAML.valueToTree(base), source, text);
    }

    private static SweepSpec layer(ObjectNode sweep, String source, Reader reader) {
        JsonNode file;
        try {
            String text = read(source, reader);
            refuseAliases(source, text);
            file = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UserError(source + " is not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (file == null || file.isMissingNode() || file.isNull()) {
            file = YAML.createObjectNode();
        }
        if (!file.isObject()) {
            throw new UserError(source + " must be a mapping of sweep keys, e.g. 'seqLens: [16, 64]'");
        }
        for (Map.Entry<String, JsonNode> entry : file.properties()) {
            String key = KEYS.get(entry.getKey());
            if (key == null) {
                throw new UserError(source + ": unknown key '" + entry.getKey() + "'; accepted: "
                        + String.join(", ", new java.util.TreeSet<>(KEYS.values())));
            }
            sweep.set(key, switch (key) {
                case "threads" -> threads(source, entry.getValue());
                case "arithmetic" -> arithmetic(source, entry.getValue());
                default -> entry.getValue();
            });
        }
        try {
            return YAML.treeToValue(sweep, SweepSpec.class);
        } catch (JsonProcessingException e) {
            throw new UserError(source + ": " + e.getOriginalMessage());
        }
    }

    /** The whole file, refused past {@link Json#MAX_YAML_CODE_POINTS} characters before more is read. */
    private static String read(String source, Reader reader) throws IOException {
        char[] buffer = new char[8192];
        StringBuilder text = new StringBuilder();
        for (int read; (read = reader.read(buffer)) >= 0; ) {
            text.append(buffer, 0, read);
            if (text.length() > Json.MAX_YAML_CODE_POINTS) {
                throw new UserError(source + " is longer than " + Json.MAX_YAML_CODE_POINTS
                        + " characters; a sweep file is a mapping of a few keys");
            }
        }
        return text.toString();
    }

    /**
     * Refuses YAML aliases ({@code *name}). Jackson does not expand them (so the billion laughs cannot grow) but
     * reads each as its anchor's name, which would turn {@code batches: *lengths} into the string "lengths".
     */
    private static void refuseAliases(String source, String text) throws IOException {
        try (YAMLParser parser = (YAMLParser) YAML.createParser(text)) {
            while (parser.nextToken() != null) {
                if (parser.isCurrentAlias()) {
                    throw new UserError(source + ": line " + parser.currentLocation().getLineNr() + ": the alias *"
                            + parser.getText() + " is not supported; write the value out");
                }
            }
        }
    }

    /** The thread counts with {@value ThreadCounts#ALL_CORES} counted, each once. */
    private static JsonNode threads(String source, JsonNode counts) {
        if (!counts.isArray()) {
            return counts;
        }
        Set<Integer> resolved = new LinkedHashSet<>();
        for (JsonNode count : counts) {
            if (count.isTextual()) {
                try {
                    resolved.add(ThreadCounts.parse(count.asText()));
                } catch (UserError e) {
                    throw new UserError(source + ": threads: " + e.getMessage());
                }
            } else if (count.isIntegralNumber() && count.canConvertToInt()) {
                resolved.add(count.intValue());
            } else {
                return counts;
            }
        }
        ArrayNode array = YAML.createArrayNode();
        resolved.forEach(array::add);
        return array;
    }

    /**
     * The arithmetics as their ids, an unknown one refused with the key's name and the accepted ids (Jackson's own
     * message would name the Java type instead).
     */
    private static JsonNode arithmetic(String source, JsonNode ids) {
        if (!ids.isArray()) {
            return ids;
        }
        ArrayNode array = YAML.createArrayNode();
        for (JsonNode id : ids) {
            if (!id.isTextual()) {
                throw new UserError(source + ": arithmetic: " + id + " is not an arithmetic; accepted: "
                        + Precision.acceptedIds());
            }
            try {
                array.add(Precision.parse(id.asText()).id());
            } catch (IllegalArgumentException e) {
                throw new UserError(source + ": arithmetic: " + e.getMessage());
            }
        }
        return array;
    }

    private static Map<String, String> keys() {
        BeanDescription sweep = YAML.getDeserializationConfig().introspect(YAML.constructType(SweepSpec.class));
        Map<String, String> keys = new TreeMap<>();
        for (BeanPropertyDefinition property : sweep.findProperties()) {
            keys.put(property.getName(), property.getName());
            for (PropertyName alias : property.findAliases()) {
                keys.put(alias.getSimpleName(), property.getName());
            }
        }
        return Map.copyOf(keys);
    }
}
