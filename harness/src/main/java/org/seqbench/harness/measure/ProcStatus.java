package org.seqbench.harness.measure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * This process's resident set from Linux's {@code /proc/self/status}: now (VmRSS) and at its peak (VmHWM, the
 * "high water mark"), and the reset of that peak ({@code 5} written to {@code /proc/self/clear_refs}, Linux 4.0 and
 * later). Elsewhere (macOS) there is no /proc, and every reading is empty.
 *
 * @param residentBytes VmRSS
 * @param peakResidentBytes VmHWM
 */
public record ProcStatus(long residentBytes, long peakResidentBytes) {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    /** This process's figures now; empty without /proc or when the file lacks them. */
    public static Optional<ProcStatus> read() {
        try {
            return parse(Files.readString(STATUS, StandardCharsets.UTF_8));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * Resets the peak to the current resident set.
     *
     * @return whether the kernel took the reset (false without /proc, on kernels before 4.0, or where not permitted)
     */
    public static boolean resetPeak() {
        try {
            Files.writeString(CLEAR_REFS, "5", StandardCharsets.US_ASCII);
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** The figures in the text of a {@code /proc/<pid>/status} file; empty when either line is missing. */
    static Optional<ProcStatus> parse(String status) {
        OptionalLong resident = kilobytes(status, "VmRSS:");
        OptionalLong peak = kilobytes(status, "VmHWM:");
        if (resident.isEmpty() || peak.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ProcStatus(resident.getAsLong() * 1024, peak.getAsLong() * 1024));
    }

    /** A line such as {@code VmRSS:\t  123456 kB}: the kernel always writes these in kB. */
    private static OptionalLong kilobytes(String status, String field) {
        for (String line : status.split("\n")) {
            if (line.startsWith(field)) {
                String[] words = line.substring(field.length()).trim().split("\\s+");
                try {
                    return words.length == 2 && words[1].equals("kB") ? OptionalLong.of(Long.parseLong(words[0]))
                            : OptionalLong.empty();
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }
}
