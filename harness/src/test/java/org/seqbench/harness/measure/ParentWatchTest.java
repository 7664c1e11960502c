package org.seqbench.harness.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A trial worker whose parent is killed ends by itself, though its standard input stays open (as when its parent is
 * busy elsewhere or gone without closing it): a stand-in parent, {@code sleep}, is killed under a live worker.
 */
class ParentWatchTest {

    @Test
    void aWorkerHaltsOnceItsParentIsGone() throws Exception {
        Process parent = new ProcessBuilder("sleep", "600").start();
        Process worker = null;
        try {
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-D" + ParentWatch.PROPERTY + "=" + parent.pid(), TrialWorker.class.getName());
            builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
            worker = builder.redirectError(ProcessBuilder.Redirect.DISCARD).start();
            // The worker's input stays open: only the watch can end it.
            assertTrue(worker.isAlive(), "the worker runs while its parent does");
            parent.destroyForcibly().waitFor();
            assertTrue(worker.waitFor(60, TimeUnit.SECONDS), "the orphaned worker ended");
            assertEquals(ParentWatch.ORPHANED, worker.exitValue());
        } finally {
            parent.destroyForcibly();
            if (worker != null) {
                worker.destroyForcibly();
            }
        }
    }

    @Test
    void aParentPidGivenToThisJvmIsNotPassedOn() {
        assertEquals(List.of("-Dother=1"), ParentWatch.withoutFlag(List.of("-D" + ParentWatch.PROPERTY + "=12",
                "-Dother=1")));
        assertEquals("-D" + ParentWatch.PROPERTY + "=" + ProcessHandle.current().pid(), ParentWatch.flag());
    }

    @Test
    void aLiveProcessIsAliveAndAnEndedOneIsNot() throws Exception {
        assertTrue(ParentWatch.alive(ProcessHandle.current().pid()));
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        assertEquals(false, ParentWatch.alive(ended.pid()));
    }
}
