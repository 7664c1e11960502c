package org.seqbench.harness.measure;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The sweep's handle on one {@link TrialWorker} JVM: started with the flags the engines need (those the JMH forks
 * got), its standard error appended to the run's log, one trial at a time.
 */
public final class TrialWorkerProcess implements AutoCloseable {
    /** Thrown when the worker JVM ended or stopped answering: the trial's backend failed, not the user. */
    public static final class WorkerGone extends Exception {
        WorkerGone(String message) {
            super(message);
        }
    }

    /** What the reader thread puts in the queue when standard output ends. */
    private static final String END = "\u0000end";

    private final Process process;
    /** Where the worker JVM writes its crash report; null where the user's flags chose the place. */
    private final Path crashReports;
    private final BufferedWriter requests;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

    private TrialWorkerProcess(Process process, Path crashReports) {
        this.process = process;
        this.crashReports = crashReports;
        this.requests = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(this::readReplies, "trial-worker-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a worker JVM; its standard error goes to the end of {@code log}. */
    public static TrialWorkerProcess start(Path log) throws IOException {
        return start(log, Map.of());
    }

    /**
     * Starts a worker JVM with {@code properties} as system properties (the engine settings its engine takes when
     * it starts); its standard error goes to the end of {@code log}.
     */
    public static TrialWorkerProcess start(Path log, Map<String, String> properties) throws IOException {
        return start(log, properties, TrialMeasurement.forkJvmArguments());
    }

    private static TrialWorkerProcess start(Path log, Map<String, String> properties, List<String> inherited)
            throws IOException {
        Path crashReports = inherited.stream().anyMatch(flag -> flag.startsWith("-XX:ErrorFile=")) ? null
                : log.toAbsolutePath().getParent();
        ProcessBuilder builder = new ProcessBuilder(command(crashReports, properties, inherited));
        // The class path goes in the environment, not on the command line: ONNX Runtime reads /proc/self/cmdline
        // when it loads and overflows its stack on one longer than about 4 KB (a JVM dies with SIGSEGV, no hs_err);
        // a class path of ~/.m2 jars, as under surefire, is longer.
        builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        Process process = builder.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new TrialWorkerProcess(process, crashReports);
    }

    /**
     * The worker's JVM command: the launcher's {@code inherited} flags (its collector and heap too), a crash report
     * into {@code crashReports} (null: the user's own -XX:ErrorFile stands), and {@code properties}.
     */
    static List<String> command(Path crashReports, Map<String, String> properties, List<String> inherited) {
        List<String> command = new ArrayList<>();
        command.add(javaCommand());
        // A crash report beside the run's log, where the failed cell's reason can name it (not in whatever
        // directory the sweep was started from); the user's own -XX:ErrorFile wins.
        if (crashReports != null) {
            command.add(JvmEnd.errorFileFlag(crashReports));
        }
        command.addAll(ParentWatch.withoutFlag(inherited));
        command.add(ParentWatch.flag());
        properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.add(TrialWorker.class.getName());
        return command;
    }

    /**
     * Runs {@code request} in the worker and waits for its reply.
     *
     * @return why the trial could not measure; null when it did
     * @throws WorkerGone when the worker ended or gave no reply within {@code timeout} (it is then stopped)
     */
    public String run(TrialRequest request, TrialTimeout timeout) throws WorkerGone {
        try {
            requests.write(TrialWorker.JSON.writeValueAsString(request));
            requests.newLine();
            requests.flush();
        } catch (IOException e) {
            throw gone("the trial worker stopped taking requests (" + e.getMessage() + ")");
        }
        long deadline = System.nanoTime() + timeout.limit().toNanos();
        try {
            while (true) {
                String line = replies.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    process.destroyForcibly();
                    throw new WorkerGone(timeout.reason());
                }
                if (line.equals(END)) {
                    throw gone();
                }
                if (line.startsWith(TrialWorker.REPLY)) {
                    return TrialWorker.JSON.readValue(line.substring(TrialWorker.REPLY.length()),
                            TrialWorker.Reply.class).error();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new WorkerGone("interrupted while waiting for the trial");
        } catch (IOException e) {
            throw gone("the trial worker answered something unreadable (" + e.getMessage() + ")");
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Ends the worker: closes its input, so that it exits, and stops it if it does not soon. */
    @Override
    public void close() {
        try {
            requests.close();
        } catch (IOException ignored) {
            // The worker is gone already; nothing is lost.
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** The worker ended its output during a trial: how it ended, from its exit status and crash report. */
    private WorkerGone gone() {
        // Its output ends as it exits; a crashing JVM first writes its report, threads and memory map: seconds.
        if (!ended(30)) {
            process.destroyForcibly();
            return new WorkerGone("the trial JVM closed its output during the trial and was stopped; see jmh.log");
        }
        Path report = crashReports == null ? null : JvmEnd.crashReport(crashReports, process.pid());
        return new WorkerGone(JvmEnd.describe(process.exitValue(), report) + "; see jmh.log");
    }

    private WorkerGone gone(String what) {
        String status = ended(5) ? " (" + JvmEnd.status(process.exitValue()) + ")" : "";
        process.destroyForcibly();
        return new WorkerGone(what + status + "; see jmh.log");
    }

    /** Whether the worker has ended, waiting up to {@code seconds} for it. */
    private boolean ended(int seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void readReplies() {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                replies.add(line);
            }
        } catch (IOException ignored) {
            // The worker's output ended badly; END below tells the waiting trial.
        }
        replies.add(END);
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
