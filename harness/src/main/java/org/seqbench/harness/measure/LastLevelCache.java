package org.seqbench.harness.measure;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The last-level cache as Linux describes it under {@code /sys/devices/system/cpu/cpu0/cache/index*}: the
 * highest-level data or unified cache, its size, and how many processors share it.
 *
 * @param bytes the size of one instance
 * @param sharingProcessors processors sharing one instance (1 when sysfs does not say)
 */
public record LastLevelCache(long bytes, int sharingProcessors) {
    /** Where Linux describes cpu0's caches. */
    public static final Path SYSFS = Path.of("/sys/devices/system/cpu/cpu0/cache");

    /** The cache under {@code directory} (laid out as {@link #SYSFS}); empty where it is absent or unreadable. */
    public static Optional<LastLevelCache> read(Path directory) {
        LastLevelCache highest = null;
        int highestLevel = 0;
        try (DirectoryStream<Path> indices = Files.newDirectoryStream(directory, "index[0-9]*")) {
            for (Path index : indices) {
                String type = Files.readString(index.resolve("type")).trim();
                if (type.equals("Instruction")) {
                    continue;
                }
                int level = Integer.parseInt(Files.readString(index.resolve("level")).trim());
                if (level > highestLevel) {
                    Path shared = index.resolve("shared_cpu_list");
                    int sharing = Files.exists(shared) ? processors(Files.readString(shared).trim()) : 1;
                    highest = new LastLevelCache(bytes(Files.readString(index.resolve("size")).trim()), sharing);
                    highestLevel = level;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(highest);
    }

    /** Instances on a machine of {@code logicalCores} processors: one per group of processors that share one. */
    public int instances(int logicalCores) {
        return Math.max(1, (logicalCores + sharingProcessors - 1) / sharingProcessors);
    }

    /** "32768K", "32M" or a plain byte count, as sysfs writes sizes. */
    static long bytes(String size) {
        String upper = size.toUpperCase(Locale.ROOT);
        long unit = switch (upper.isEmpty() ? ' ' : upper.charAt(upper.length() - 1)) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            default -> 1;
        };
        String digits = unit == 1 ? upper : upper.substring(0, upper.length() - 1);
        long value = Long.parseLong(digits) * unit;
        if (value <= 0) {
            throw new IllegalArgumentException("a cache size must be positive, got " + size);
        }
        return value;
    }

    /** How many processors a list such as "0-7,64-71" names. */
    static int processors(String list) {
        int count = 0;
        for (String range : list.split(",")) {
            String[] ends = range.trim().split("-");
            count += ends.length == 1 ? 1 : Integer.parseInt(ends[1]) - Integer.parseInt(ends[0]) + 1;
        }
        return Math.max(1, count);
    }
}
