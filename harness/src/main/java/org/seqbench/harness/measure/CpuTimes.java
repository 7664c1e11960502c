package org.seqbench.harness.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A reading of the machine's and this process's CPU time, from Linux's {@code /proc/stat} and
 * {@code /proc/self/stat}, in clock ticks. Both files count in the same unit (USER_HZ), so no tick rate is needed:
 * what other processes used is the machine's busy time minus this process's.
 *
 * @param machineBusy ticks all processors spent not idle (user, nice, system, irq, softirq, steal)
 * @param machineTotal ticks all processors spent in any state (busy plus idle and iowait)
 * @param self ticks this process spent (user plus system, every thread)
 * @param processors how many processors {@code /proc/stat} lists
 * @param steal ticks the hypervisor ran something else while a processor of this machine wanted to run (already
 *     inside {@code machineBusy}: kept apart too, because a slow host is a different cause than a busy neighbour)
 */
public record CpuTimes(long machineBusy, long machineTotal, long self, int processors, long steal) {

    private static final Path PROC = Path.of("/proc");

    /** The current reading, or empty where /proc is not there (macOS, Windows). */
    public static Optional<CpuTimes> read() {
        return read(PROC);
    }

    /**
     * The reading of the {@code stat} and {@code self/stat} files under {@code proc} (a fake one in tests), or empty
     * where they are missing or unreadable.
     */
    static Optional<CpuTimes> read(Path proc) {
        try {
            return Optional.of(parse(Files.readAllLines(proc.resolve("stat")),
                    Files.readString(proc.resolve("self").resolve("stat"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Parses the two files' contents. */
    static CpuTimes parse(List<String> procStat, String selfStat) {
        String[] cpu = procStat.getFirst().trim().split("\\s+");
        if (!cpu[0].equals("cpu")) {
            throw new IllegalArgumentException("unexpected /proc/stat first line: " + procStat.getFirst());
        }
        // user nice system idle iowait irq softirq steal [guest guest_nice]; guest time is already in user.
        long[] ticks = new long[8];
        for (int i = 0; i < ticks.length && i + 1 < cpu.length; i++) {
            ticks[i] = Long.parseLong(cpu[i + 1]);
        }
        long total = 0;
        for (long tick : ticks) {
            total += tick;
        }
        long idle = ticks[3] + ticks[4];
        int processors = (int) procStat.stream().filter(line -> line.matches("cpu\\d+\\s.*")).count();
        // The command name in field 2 may hold spaces and parentheses: fields are counted after the last ')'.
        String[] fields = selfStat.substring(selfStat.lastIndexOf(')') + 2).trim().split("\\s+");
        long self = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14 and 15)
        return new CpuTimes(total - idle, total, self, Math.max(processors, 1), ticks[7]);
    }
}
