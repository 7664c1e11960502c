package org.seqbench.harness.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The memory this process's machine has: MemTotal of {@code /proc/meminfo}, capped by the cgroup v2 limit
 * ({@code memory.max}) when that is lower, as in a container. Empty where neither can be read: a cell is then never
 * skipped for memory.
 */
public final class MachineMemory {
    private MachineMemory() {
    }

    /** This machine's memory in bytes, when known. */
    public static OptionalLong bytes() {
        return bytes(Path.of("/proc/meminfo"), Path.of("/sys/fs/cgroup/memory.max"));
    }

    /** The memory {@code meminfo} and the cgroup limit {@code memoryMax} say, the lower of the two. */
    static OptionalLong bytes(Path meminfo, Path memoryMax) {
        OptionalLong total = memTotal(meminfo);
        OptionalLong limit = cgroupLimit(memoryMax);
        if (total.isPresent() && limit.isPresent()) {
            return OptionalLong.of(Math.min(total.getAsLong(), limit.getAsLong()));
        }
        return total.isPresent() ? total : limit;
    }

    private static OptionalLong memTotal(Path meminfo) {
        try {
            for (String line : Files.readAllLines(meminfo)) {
                // "MemTotal:       32772712 kB"
                if (line.startsWith("MemTotal:")) {
                    String[] fields = line.substring("MemTotal:".length()).strip().split("\\s+");
                    return OptionalLong.of(Long.parseLong(fields[0]) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Unknown: nothing is skipped for memory.
        }
        return OptionalLong.empty();
    }

    private static OptionalLong cgroupLimit(Path memoryMax) {
        try {
            String text = Files.readString(memoryMax).strip();
            // "max" is no limit.
            return text.equals("max") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
