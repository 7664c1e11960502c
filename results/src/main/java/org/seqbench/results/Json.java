package org.seqbench.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import org.yaml.snakeyaml.LoaderOptions;
import org.seqbench.core.ModelKind;
import org.seqbench.spi.Precision;

/**
 * The Jackson configuration of every seqbench file: lower-case model and arithmetic ids, no nulls, strict on unknown
 * fields.
 */
public final class Json {
    private Json() {
    }

    /** The mapper for run.json and the other JSON files. */
    public static ObjectMapper mapper() {
        return configure(JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build())
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** Largest sweep.yaml read, in characters: a sweep is a few dozen lines, and SnakeYAML's own cap is 3 MB. */
    public static final int MAX_YAML_CODE_POINTS = 1 << 20;

    /**
     * The mapper for sweep.yaml files. Jackson reads YAML event by event and never expands an alias (it reads as its
     * anchor's name), so SnakeYAML's alias limit guards nothing here and the billion laughs cannot grow; the length
     * is capped explicitly, nesting by Jackson's own 1000 levels, and a key given twice is refused.
     */
    public static ObjectMapper yamlMapper() {
        LoaderOptions limits = new LoaderOptions();
        limits.setCodePointLimit(MAX_YAML_CODE_POINTS);
        limits.setAllowDuplicateKeys(false);
        YAMLFactory yaml = YAMLFactory.builder().loaderOptions(limits).build();
        return configure(new ObjectMapper(yaml)).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    private static ObjectMapper configure(ObjectMapper mapper) {
        SimpleModule models = new SimpleModule("seqbench-model-kinds");
        models.addSerializer(ModelKind.class, new StdSerializer<>(ModelKind.class) {
            @Override
            public void serialize(ModelKind kind, JsonGenerator generator, SerializerProvider provider)
                    throws IOException {
                generator.writeString(kind.id());
            }
        });
        models.addDeserializer(ModelKind.class, new StdDeserializer<>(ModelKind.class) {
            @Override
            public ModelKind deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                try {
                    return ModelKind.parse(parser.getValueAsString());
                } catch (IllegalArgumentException e) {
                    return (ModelKind) context.handleWeirdStringValue(ModelKind.class, parser.getValueAsString(),
                            e.getMessage());
                }
            }
        });
        models.addSerializer(Precision.class, new StdSerializer<>(Precision.class) {
            @Override
            public void serialize(Precision precision, JsonGenerator generator, SerializerProvider provider)
                    throws IOException {
                generator.writeString(precision.id());
            }
        });
        models.addDeserializer(Precision.class, new StdDeserializer<>(Precision.class) {
            @Override
            public Precision deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                try {
                    return Precision.parse(parser.getValueAsString());
                } catch (IllegalArgumentException e) {
                    return (Precision) context.handleWeirdStringValue(Precision.class, parser.getValueAsString(),
                            e.getMessage());
                }
            }
        });
        return mapper.registerModule(models)
                .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }
}
