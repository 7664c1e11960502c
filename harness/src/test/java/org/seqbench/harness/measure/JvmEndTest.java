package org.seqbench.harness.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a trial JVM's end is told: its status decoded, and the fault its crash report names. */
class JvmEndTest {
    @TempDir
    Path directory;

    @Test
    void aStatusAbove128IsTheSignalThatEndedTheProcess() {
        assertEquals("signal 11 (SIGSEGV)", JvmEnd.status(139));
        assertEquals("signal 6 (SIGABRT)", JvmEnd.status(134));
        assertEquals("signal 9 (SIGKILL)", JvmEnd.status(137));
        assertEquals("signal 40", JvmEnd.status(168));
        assertEquals("exit code 1", JvmEnd.status(1));
        assertEquals("exit code 128", JvmEnd.status(128));
    }

    @Test
    void aCrashReportNamesTheFaultAndItsFrameBeyondTheAbortThatEndedTheJvm() throws Exception {
        Path report = JvmEnd.crashReport(directory, 4236);
        Files.writeString(report, """
                #
                # A fatal error has been detected by the Java Runtime Environment:
                #
                #  SIGSEGV (0xb) at pc=0x00007f39c84d7017, pid=4236, tid=4301
                #
                # JRE version: OpenJDK Runtime Environment Temurin-25.0.3+9 (25.0.3+9) (build 25.0.3+9-LTS)
                # Problematic frame:
                # J 575 c1 jdk.internal.misc.Unsafe.getLongUnaligned(Ljava/lang/Object;J)J java.base@25.0.3 \
                (173 bytes) @ 0x00007f39c84d7017 [0x00007f39c84d6d80+0x0000000000000297]
                #
                """);
        assertEquals("the trial JVM crashed: SIGSEGV at pc=0x00007f39c84d7017, problematic frame J 575 c1 "
                + "jdk.internal.misc.Unsafe.getLongUnaligned(Ljava/lang/Object;J)J java.base@25.0.3 (173 bytes) "
                + "(crash report hs_err_pid4236.log in the run directory; the JVM then ended with signal 6 (SIGABRT))",
                JvmEnd.describe(134, report));
    }

    @Test
    void aNativeFrameKeepsItsLibrary() throws Exception {
        Path report = directory.resolve("hs_err_pid7.log");
        Files.writeString(report, """
                #  SIGBUS (0x7) at pc=0x00007f1fb4a33f9d, pid=7, tid=8
                # Problematic frame:
                # C  [libonnxruntime.so+0x1233f9d]  MlasSgemm+0xad
                """);
        assertEquals("the trial JVM crashed: SIGBUS at pc=0x00007f1fb4a33f9d, problematic frame C "
                + "[libonnxruntime.so+0x1233f9d] MlasSgemm+0xad (crash report hs_err_pid7.log in the run directory; "
                + "the JVM then ended with signal 6 (SIGABRT))", JvmEnd.describe(134, report));
    }

    @Test
    void withoutACrashReportTheStatusIsTheReason() {
        Path none = directory.resolve("hs_err_pid1.log");
        assertEquals("the trial JVM was ended by signal 9 (SIGKILL), from outside it (the kernel's out-of-memory "
                + "killer, or a person)", JvmEnd.describe(137, none));
        assertEquals("the trial JVM was ended by signal 11 (SIGSEGV)", JvmEnd.describe(139, none));
        assertEquals("the trial JVM ended with exit code 3", JvmEnd.describe(3, none));
    }

    @Test
    void theErrorFileFlagWritesWhereTheReportIsLookedFor() {
        assertEquals("-XX:ErrorFile=" + directory.resolve("hs_err_pid%p.log"), JvmEnd.errorFileFlag(directory));
        assertEquals(directory.resolve("hs_err_pid42.log"), JvmEnd.crashReport(directory, 42));
    }
}
