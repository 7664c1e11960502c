package org.seqbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.harness.cli.CliErrorsTest.Outcome;
import org.seqbench.results.CellResult;
import org.seqbench.results.RunRecord;

/**
 * A run beside another JMH run, which holds JMH's lock file the whole time, measures its cells all the same (JMH
 * alone would refuse every trial). The other run is played by a process that holds the lock as JMH takes it, with
 * fcntl, the way a second seqbench or a colleague's JMH build would.
 */
class ConcurrentJmhTest {
    @TempDir
    Path directory;

    @Test
    void aRunMeasuresWhileAnotherProcessHoldsJmhsLock() throws Exception {
        Path lockFile = Path.of(System.getProperty("java.io.tmpdir"), "jmh.lock");
        Process holder;
        try {
            holder = new ProcessBuilder("python3", "-c", "import fcntl, sys, time\n"
                    + "f = open(sys.argv[1], 'a+')\nfcntl.lockf(f, fcntl.LOCK_EX)\nprint('locked', flush=True)\n"
                    + "time.sleep(600)\n", lockFile.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("no python3 to hold JMH's lock from another process: " + e.getMessage());
            return;
        }
        try {
            String first = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertEquals("locked", first, "the lock holder said: " + first);
            Outcome outcome = CliErrorsTest.seqbench("run", "--profile", "smoke", "--backends", "constant",
                    "--seq-lens", "4", "--trials", "1", "--out", directory.toString());
            assertEquals(0, outcome.status(), outcome.out() + outcome.err());
        } finally {
            holder.destroyForcibly().waitFor();
        }
        Path run = RunsUnder.runJson(directory);
        RunRecord record = Records.read(run);
        assertEquals(4, record.cells().size(), record.cells()::toString);
        for (CellResult cell : record.cells()) {
            assertTrue(cell.ok(), cell.cell().label() + ": " + cell.reason());
        }
    }
}
