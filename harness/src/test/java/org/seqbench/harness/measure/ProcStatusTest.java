package org.seqbench.harness.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The resident set from the text of /proc/self/status, and the peak's reset on this machine's kernel. */
class ProcStatusTest {
    private static final String STATUS = """
            Name:\tjava
            Umask:\t0022
            State:\tS (sleeping)
            VmPeak:\t 9876544 kB
            VmSize:\t 9876540 kB
            VmHWM:\t  524288 kB
            VmRSS:\t  262144 kB
            RssAnon:\t  200000 kB
            Threads:\t31
            """;

    @Test
    void readsTheResidentSetAndItsPeakInBytes() {
        assertEquals(Optional.of(new ProcStatus(262144L * 1024, 524288L * 1024)), ProcStatus.parse(STATUS));
    }

    @Test
    void isEmptyWhenALineIsMissingOrNotInKilobytes() {
        assertEquals(Optional.empty(), ProcStatus.parse(STATUS.replace("VmHWM", "VmXYZ")), "no peak line");
        assertEquals(Optional.empty(), ProcStatus.parse(STATUS.replace("262144 kB", "262144 pages")), "another unit");
        assertEquals(Optional.empty(), ProcStatus.parse(STATUS.replace("262144", "lots")), "no number");
        assertEquals(Optional.empty(), ProcStatus.parse(""));
    }

    @Test
    void theResetBringsThePeakDownToTheResidentSet() {
        // This machine's kernel, as the trial JVM sees it: 64 MiB touched and dropped raise the peak above the
        // resident set, and the reset brings it back.
        byte[][] touched = new byte[64][];
        for (int i = 0; i < touched.length; i++) {
            touched[i] = new byte[1 << 20];
            java.util.Arrays.fill(touched[i], (byte) 1);
        }
        assertTrue(ProcStatus.read().isPresent(), "the build runs on Linux, which has /proc");
        assertTrue(ProcStatus.resetPeak(), "Linux 4.0 and later take 5 in clear_refs");
        ProcStatus after = ProcStatus.read().orElseThrow();
        assertTrue(after.peakResidentBytes() - after.residentBytes() < 16L << 20,
                "after the reset the peak is the resident set (give or take pages the JVM touched meanwhile): " + after);
        assertEquals(64, touched.length);
    }
}
