package org.seqbench.harness.measure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a trial JVM ended, in words: its exit status, with a signal named (the JDK reports a process a signal ended as
 * 128 + the signal's number), and the fault its crash report names. A JVM that crashes in native code handles the
 * SIGSEGV itself, writes its report and then aborts: its status says SIGABRT, only the report says SIGSEGV.
 */
public final class JvmEnd {
    /** Linux's numbers of the signals a trial JVM is likely to end by. */
    private static final Map<Integer, String> SIGNALS = Map.ofEntries(Map.entry(1, "SIGHUP"), Map.entry(2, "SIGINT"),
            Map.entry(3, "SIGQUIT"), Map.entry(4, "SIGILL"), Map.entry(5, "SIGTRAP"), Map.entry(6, "SIGABRT"),
            Map.entry(7, "SIGBUS"), Map.entry(8, "SIGFPE"), Map.entry(9, "SIGKILL"), Map.entry(11, "SIGSEGV"),
            Map.entry(13, "SIGPIPE"), Map.entry(15, "SIGTERM"));

    /** The report's first line of substance, e.g. {@code #  SIGSEGV (0xb) at pc=0x00007f1f, pid=30104, tid=30105}. */
    private static final Pattern FAULT = Pattern.compile("^#\\s+(SIG[A-Z]+) \\(0x[0-9a-f]+\\)(?: at pc=(\\S+?),)?.*");

    private JvmEnd() {
    }

    /** {@code status} in words: "exit code 1", or "signal 9 (SIGKILL)" for a status above 128. */
    public static String status(int status) {
        if (status > 128 && status < 128 + 65) {
            int signal = status - 128;
            return "signal " + signal + Optional.ofNullable(SIGNALS.get(signal)).map(name -> " (" + name + ")")
                    .orElse("");
        }
        return "exit code " + status;
    }

    /**
     * Why a trial JVM with exit {@code status} ended, from its crash report {@code report} where the JVM wrote one.
     *
     * @param report the JVM's hs_err file; absent or unreadable when the JVM did not crash (a kill, an exit)
     */
    public static String describe(int status, Path report) {
        Optional<String> fault = fault(report);
        if (fault.isPresent()) {
            return "the trial JVM crashed: " + fault.get() + " (crash report " + report.getFileName()
                    + " in the run directory; the JVM then ended with " + status(status) + ")";
        }
        String end = "the trial JVM was ended by " + status(status);
        if (status == 128 + 9) {
            // Nothing in the JVM sends itself SIGKILL: a person, a supervisor, or the kernel's out-of-memory killer.
            return end + ", from outside it (the kernel's out-of-memory killer, or a person)";
        }
        return status > 128 ? end : "the trial JVM ended with " + status(status);
    }

    /** The fault a crash report names, e.g. "SIGSEGV at pc=0x7f1f..., problematic frame V [libjvm.so+0x1233f9d]". */
    static Optional<String> fault(Path report) {
        if (report == null || !Files.isRegularFile(report)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(report, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return Optional.empty();
        }
        for (int i = 0; i < lines.size(); i++) {
            Matcher matcher = FAULT.matcher(lines.get(i));
            if (matcher.matches()) {
                StringBuilder fault = new StringBuilder(matcher.group(1));
                if (matcher.group(2) != null) {
                    fault.append(" at pc=").append(matcher.group(2));
                }
                frame(lines, i).ifPresent(frame -> fault.append(", problematic frame ").append(frame));
                return Optional.of(fault.toString());
            }
        }
        // Not a signal (an internal error, say): its first line says what it was.
        return lines.stream().filter(line -> line.startsWith("#  ") && line.strip().length() > 1).findFirst()
                .map(line -> line.substring(1).strip());
    }

    private static Optional<String> frame(List<String> lines, int from) {
        for (int i = from; i + 1 < lines.size() && i < from + 20; i++) {
            if (lines.get(i).startsWith("# Problematic frame:")) {
                // A compiled Java frame ends in its code's addresses, which say nothing to a reader of the cell.
                return Optional.of(lines.get(i + 1).substring(1).strip().replaceAll("\\s+", " ")
                        .replaceAll(" @ 0x[0-9a-f]+ \\[.*\\]$", ""));
            }
        }
        return Optional.empty();
    }

    /** The crash report a worker JVM with {@code pid} writes into {@code directory} (see {@link #errorFileFlag}). */
    static Path crashReport(Path directory, long pid) {
        return directory.resolve("hs_err_pid" + pid + ".log");
    }

    /** The flag that makes a JVM write its crash report into {@code directory}, where {@link #crashReport} finds it. */
    static String errorFileFlag(Path directory) {
        return "-XX:ErrorFile=" + directory.resolve("hs_err_pid%p.log");
    }
}
