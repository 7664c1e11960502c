package org.seqbench.harness.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.seqbench.core.ModelKind;
import org.seqbench.results.SweepSpec;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Option value types whose converters reject bad input with a sentence naming the value and what is accepted
 * (picocli prefixes it with the option's name).
 */
final class Converters {
    private Converters() {
    }

    /** A comma-separated list of positive integers, e.g. {@code 16,64,256}. */
    record PositiveIntegers(List<Integer> values) {
        static final class Converter implements ITypeConverter<PositiveIntegers> {
            @Override
            public PositiveIntegers convert(String text) {
                return new PositiveIntegers(integers(text, 1, "positive integers", "16,64,256"));
            }
        }
    }

    /** A comma-separated list of integers >= 0, e.g. {@code 1,2} (0 = the engine's default). */
    record Counts(List<Integer> values) {
        static final class Converter implements ITypeConverter<Counts> {
            @Override
            public Counts convert(String text) {
                return new Counts(integers(text, 0, "integers >= 0 (0 = engine default)", "1,2"));
            }
        }
    }

    /** A comma-separated list of model kinds, e.g. {@code lstm,transformer}. */
    record ModelKinds(List<ModelKind> values) {
        static final class Converter implements ITypeConverter<ModelKinds> {
            @Override
            public ModelKinds convert(String text) {
                List<ModelKind> kinds = new ArrayList<>();
                for (String element : elements(text, "model names such as lstm,transformer")) {
                    try {
                        kinds.add(ModelKind.parse(element));
                    } catch (IllegalArgumentException e) {
                        throw new TypeConversionException(e.getMessage());
                    }
                }
                return new ModelKinds(List.copyOf(new LinkedHashSet<>(kinds)));
            }
        }
    }

    /** A comma-separated list of backend ids; checked against the discovered backends later. */
    record Names(List<String> values) {
        static final class Converter implements ITypeConverter<Names> {
            @Override
            public Names convert(String text) {
                return new Names(List.copyOf(new LinkedHashSet<>(elements(text, "backend ids such as onnx"))));
            }
        }
    }

    /** {@code i/n}: part i of n. */
    static final class ShardConverter implements ITypeConverter<SweepSpec.Shard> {
        @Override
        public SweepSpec.Shard convert(String text) {
            String[] parts = text.trim().split("/", -1);
            try {
                if (parts.length == 2) {
                    int index = Integer.parseInt(parts[0].trim());
                    int count = Integer.parseInt(parts[1].trim());
                    if (count >= 1 && index >= 1 && index <= count) {
                        return new SweepSpec.Shard(index, count);
                    }
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TypeConversionException("'" + text + "' is not a shard; accepted: i/n with 1 <= i <= n, e.g. 2/4");
        }
    }

    private static List<Integer> integers(String text, int minimum, String accepted, String example) {
        List<Integer> values = new ArrayList<>();
        for (String element : elements(text, accepted + ", e.g. " + example)) {
            int value;
            try {
                value = Integer.parseInt(element);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + text + "' is not a comma-separated list of " + accepted
                        + " ('" + element + "' is not an integer); example: " + example);
            }
            if (value < minimum) {
                throw new TypeConversionException("'" + text + "' is not a comma-separated list of " + accepted
                        + " (" + value + " is too small); example: " + example);
            }
            values.add(value);
        }
        return List.copyOf(new LinkedHashSet<>(values));
    }

    private static List<String> elements(String text, String accepted) {
        List<String> elements = new ArrayList<>();
        for (String element : text.split(",", -1)) {
            String trimmed = element.trim();
            if (trimmed.isEmpty()) {
                throw new TypeConversionException("'" + text + "' has an empty element; accepted: comma-separated "
                        + accepted);
            }
            elements.add(trimmed);
        }
        return elements;
    }
}
