package org.seqbench.harness.measure;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ends a JVM seqbench started (a trial worker, a probe's JMH fork, a memory probe) soon after seqbench itself is gone:
 * a seqbench JVM killed with SIGKILL closes no pipe a child busy in a measurement or hung in an engine would notice,
 * so each child polls its parent's pid, passed as {@value #PROPERTY}, and halts once that process has ended.
 */
public final class ParentWatch {
    /** System property holding the pid of the seqbench JVM that started this one. */
    public static final String PROPERTY = "seqbench.parent.pid";
    /** The exit status of a JVM halted because its parent was gone. */
    public static final int ORPHANED = 70;

    private static final long POLL_MILLIS = 500;
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private ParentWatch() {
    }

    /** The flag that tells a child JVM to watch this one. */
    public static String flag() {
        return "-D" + PROPERTY + "=" + ProcessHandle.current().pid();
    }

    /** The flags a child gets from {@code inherited}, without a parent pid this JVM was itself given. */
    public static List<String> withoutFlag(List<String> inherited) {
        return inherited.stream().filter(argument -> !argument.startsWith("-D" + PROPERTY + "=")).toList();
    }

    /**
     * Starts the watch, once per JVM, when {@value #PROPERTY} names a parent; does nothing without it (a JVM a user
     * or a test started directly).
     *
     * @throws IllegalArgumentException when the property is not a pid
     */
    public static void startIfAsked() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank() || !STARTED.compareAndSet(false, true)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PROPERTY + " must be a process id, got '" + value + "'");
        }
        Thread watch = new Thread(() -> watch(pid), "seqbench-parent-watch");
        watch.setDaemon(true);
        watch.start();
    }

    /** Whether the process {@code pid} is running. */
    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void watch(long pid) {
        while (alive(pid)) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
        // halt, not exit: an engine's shutdown hook or a non-daemon thread must not keep an orphan running.
        Runtime.getRuntime().halt(ORPHANED);
    }
}
