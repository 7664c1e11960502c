package org.seqbench.harness.measure;

/**
 * JMH refuses to run while another JMH run holds {@code /tmp/jmh.lock}, so two seqbench runs on one machine (two CI
 * jobs, a run beside the test suite) failed one side's cells with JMH's message, as if the backend had failed. seqbench
 * has its own account of that case: the CPU other processes used around every trial (contended trials are measured
 * again, then flagged) and the host-speed canary. So its runs leave the lock aside and let those say what a
 * concurrent run did to the figures. JMH offers no option for it, only the system property.
 */
final class JmhLock {
    static final String PROPERTY = "jmh.ignoreLock";

    private JmhLock() {
    }

    /** Call before a {@code Runner} starts in this JVM. */
    static void leaveToContentionAccounting() {
        System.setProperty(PROPERTY, "true");
    }
}
