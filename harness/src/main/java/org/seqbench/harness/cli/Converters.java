package org.seqbench.harness.cli;

import org.seqbench.core.ModelKind;
import org.seqbench.harness.sweep.EngineOptions;
import org.seqbench.harness.sweep.ThreadCounts;
import org.seqbench.harness.sweep.UserError;
import org.seqbench.results.SweepSpec;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converters of one option value, or of one element of a list option ({@code split = ","}), that reject bad input
 * with a sentence naming the value and what is accepted (picocli prefixes it with the option's name).
 */
final class Converters {
    private Converters() {
    }

    /** A positive integer, e.g. a sequence length. */
    static final class PositiveInteger implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            String accepted = "accepted: comma-separated positive integers, e.g. 16,64,256";
            try {
                int value = Integer.parseInt(nonEmpty(text, accepted));
                if (value > 0) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TypeConversionException("'" + text + "' is not a positive integer; " + accepted);
        }
    }

    /**
     * A precision target: a percentage ("3%") or a fraction ("0.03"), above 0 and below 100%. The arithmetic a cell
     * computes in (fp32, tf32, bf16) is another flag, {@code --arithmetic}, which a refusal names.
     */
    /** A {@code --precision} given: a target as a fraction, or {@code off} (null): the fixed schedule. */
    record PrecisionTarget(Double fraction) {
    }

    static final class Precision implements ITypeConverter<PrecisionTarget> {
        static final String ACCEPTED = "accepted: a percentage above 0 and below 100, e.g. 3% (or the fraction 0.03),"
                + " or off for the fixed schedule";

        @Override
        public PrecisionTarget convert(String text) {
            String value = nonEmpty(text, ACCEPTED).strip();
            if (value.equalsIgnoreCase("off")) {
                return new PrecisionTarget(null);
            }
            boolean percent = value.endsWith("%");
            try {
                double number = Double.parseDouble(percent ? value.substring(0, value.length() - 1).strip() : value);
                double fraction = percent ? number / 100 : number;
                if (fraction > 0 && fraction < 1 && !value.matches("(?i).*(nan|inf|x|p|d|f).*")) {
                    return new PrecisionTarget(fraction);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TypeConversionException("'" + text + "' is not a precision; " + ACCEPTED
                    + (isArithmetic(value) ? "; the arithmetic is --arithmetic" : ""));
        }

        /** Whether {@code text} names an arithmetic: a user who means one has taken the wrong flag. */
        private static boolean isArithmetic(String text) {
            try {
                org.seqbench.spi.Precision.parse(text);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }

    /** A trial's time limit: a positive, finite number of seconds. */
    static final class CellTimeoutConverter implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            try {
                double seconds = Double.parseDouble(text.strip());
                if (seconds > 0 && Double.isFinite(seconds)) {
                    return seconds;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TypeConversionException("'" + text + "' is not a time limit; accepted: a positive number of "
                    + "seconds, e.g. 90 or 2.5");
        }
    }

    /** One positive integer, e.g. a sequence length (not a list: {@link PositiveInteger} is for those). */
    static final class Positive implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            return atLeast(text, 1, "is not a positive integer; accepted: a whole number above 0, e.g. 512");
        }
    }

    /** One thread count as a run records it: 0 (the engine's default) or a positive integer. */
    static final class RecordedThreads implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            return atLeast(text, 0, "is not a thread count; accepted: 0 (the engine's default) or a positive "
                    + "integer, as the run records it");
        }
    }

    /** A thread count: 0 (the engine's default), a positive integer or {@value ThreadCounts#ALL_CORES}. */
    static final class ThreadCount implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            try {
                return ThreadCounts.parse(nonEmpty(text, "accepted: comma-separated thread counts, each "
                        + ThreadCounts.ACCEPTED));
            } catch (UserError e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A model kind, e.g. {@code lstm}. */
    static final class Kind implements ITypeConverter<ModelKind> {
        @Override
        public ModelKind convert(String text) {
            nonEmpty(text, "accepted: comma-separated model kinds, each one of " + ModelKind.acceptedIds());
            try {
                return ModelKind.parse(text);
            } catch (IllegalArgumentException e) {
                // ModelKind.parse reports an unknown name this way, and the text is all it read.
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** An arithmetic, e.g. {@code tf32}. */
    static final class Arithmetic implements ITypeConverter<org.seqbench.spi.Precision> {
        @Override
        public org.seqbench.spi.Precision convert(String text) {
            nonEmpty(text, "accepted: comma-separated arithmetics, each one of "
                    + org.seqbench.spi.Precision.acceptedIds());
            try {
                return org.seqbench.spi.Precision.parse(text);
            } catch (IllegalArgumentException e) {
                // Precision.parse reports an unknown id this way, and the text is all it read.
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A backend id; checked against the discovered backends later. */
    static final class BackendId implements ITypeConverter<String> {
        @Override
        public String convert(String text) {
            return nonEmpty(text, "accepted: comma-separated backend ids such as onnx");
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

    /** {@code ID.KEY=VALUE}: one engine setting of {@code --engine-option}. */
    static final class EngineOptionConverter implements ITypeConverter<EngineOptions.Option> {
        @Override
        public EngineOptions.Option convert(String text) {
            try {
                return EngineOptions.Option.parse(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code text} trimmed; an empty element ({@code 16,,64}) is named as such. */
    private static String nonEmpty(String text, String accepted) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            throw new TypeConversionException("an empty element; " + accepted);
        }
        return trimmed;
    }

    /** {@code text} as a whole number of at least {@code least}; otherwise refused as "'text' {@code refusal}". */
    private static int atLeast(String text, int least, String refusal) {
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= least) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below, as a value out of range is
        }
        throw new TypeConversionException("'" + text + "' " + refusal);
    }
}
