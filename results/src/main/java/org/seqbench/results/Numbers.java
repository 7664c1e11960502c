package org.seqbench.results;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Number formats for reports: significant digits where magnitudes vary, never locale-dependent. */
public final class Numbers {
    private Numbers() {
    }

    /** {@code value} with {@code digits} significant digits, plain notation between 1e-3 and 1e7. */
    public static String significant(double value, int digits) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return "0";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1e7 || magnitude < 1e-3) {
            return String.format(Locale.ROOT, "%." + (digits - 1) + "e", value);
        }
        return new BigDecimal(value).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
    }

    /** An error figure: always scientific with 2 digits, e.g. {@code 1.2e-07}. */
    public static String error(double value) {
        if (Double.isInfinite(value) || Double.isNaN(value)) {
            return significant(value, 2);
        }
        return String.format(Locale.ROOT, "%.1e", value);
    }

    /** A count or rate with thousands separators and no decimals when large, e.g. {@code 38,095}. */
    public static String rate(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return significant(value, 3);
        }
        return value >= 1000 ? String.format(Locale.ROOT, "%,.0f", value) : significant(value, 3);
    }

    /** Bytes as GiB with one decimal. */
    public static String gibibytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    }

    /** Bytes in the binary unit that suits them, 3 significant digits: "512 B", "3.5 KiB", "48 GiB", "1.2 TiB". */
    public static String bytes(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return significant(value, 3) + " " + units[unit];
    }

    /** Bytes in MiB: "128 MiB", "1.5 MiB". */
    public static String mebibytes(long bytes) {
        long mebibyte = 1L << 20;
        return (bytes % mebibyte == 0 ? String.valueOf(bytes / mebibyte)
                : significant(bytes / (double) mebibyte, 3)) + " MiB";
    }

    /** Seconds as {@code h:mm:ss} or {@code m:ss}. */
    public static String duration(double seconds) {
        long total = Math.round(seconds);
        long hours = total / 3600;
        long minutes = total % 3600 / 60;
        long rest = total % 60;
        return hours > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, minutes, rest)
                : String.format(Locale.ROOT, "%d:%02d", minutes, rest);
    }

    /** A duration given in milliseconds, in the unit that suits it: {@code 2.61 µs}, {@code 0.752 ms}, {@code 1.2 s}. */
    public static String time(double milliseconds) {
        return timeWithError(milliseconds, Double.NaN);
    }

    /**
     * A duration and its uncertainty in one unit, chosen by the duration: {@code 2.61 ± 0.08 µs}. Without an
     * uncertainty (NaN) the duration alone.
     */
    public static String timeWithError(double milliseconds, double errorMilliseconds) {
        // The larger of the two picks the unit: -50 ns ± 14 µs reads better as -0.05 ± 14 µs.
        double magnitude = Double.isNaN(errorMilliseconds) ? Math.abs(milliseconds)
                : Math.max(Math.abs(milliseconds), Math.abs(errorMilliseconds));
        DurationUnit unit = DurationUnit.of(magnitude);
        String value = significant(milliseconds * unit.scale(), 3);
        if (Double.isNaN(errorMilliseconds)) {
            return value + " " + unit.name();
        }
        return value + " ± " + significant(errorMilliseconds * unit.scale(), 2) + " " + unit.name();
    }

    /** A duration and its interval in one unit, chosen by the duration: {@code 2.61 (2.55 to 2.7) µs}. */
    public static String timeWithInterval(double milliseconds, double lowMilliseconds, double highMilliseconds) {
        DurationUnit unit = DurationUnit.of(Math.abs(milliseconds));
        return significant(milliseconds * unit.scale(), 3) + " (" + significant(lowMilliseconds * unit.scale(), 3)
                + " to " + significant(highMilliseconds * unit.scale(), 3) + ") " + unit.name();
    }

    /** The unit a duration of {@code magnitude} ms reads best in, and the factor from ms to it. */
    private record DurationUnit(String name, double scale) {
        static DurationUnit of(double magnitude) {
            if (magnitude >= 1000) {
                return new DurationUnit("s", 1e-3);
            }
            if (magnitude >= 1 || magnitude == 0) {
                return new DurationUnit("ms", 1);
            }
            return magnitude >= 1e-3 ? new DurationUnit("µs", 1e3) : new DurationUnit("ns", 1e6);
        }
    }

    /** A fraction as a whole percentage, {@code 0.614} as {@code 61%}; one decimal below 10%. */
    public static String percent(double fraction) {
        if (Double.isNaN(fraction) || Double.isInfinite(fraction)) {
            return "n/a";
        }
        double percent = fraction * 100;
        if (Math.abs(percent) < 0.05) {
            return "0%";
        }
        return Math.abs(percent) < 10 ? String.format(Locale.ROOT, "%.1f%%", percent)
                : String.format(Locale.ROOT, "%.0f%%", percent);
    }

    /** A ratio such as a speedup, {@code 3.27} as {@code 3.3x}. */
    public static String times(double ratio) {
        return significant(ratio, 2) + "x";
    }
}
