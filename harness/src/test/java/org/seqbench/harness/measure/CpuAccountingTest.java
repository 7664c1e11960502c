package org.seqbench.harness.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.results.CellResult;

/**
 * CPU accounting from readings of known answer: /proc's text is given, not sampled, so every figure is exact and no
 * test depends on how busy the machine is.
 */
class CpuAccountingTest {

    /** A two-processor /proc/stat whose aggregate line holds the given eight counters (and two guest counters). */
    private static List<String> procStat(long user, long nice, long system, long idle, long iowait, long irq,
            long softirq, long steal) {
        String counters = user + " " + nice + " " + system + " " + idle + " " + iowait + " " + irq + " " + softirq
                + " " + steal;
        return List.of("cpu  " + counters + " 7 0", "cpu0 " + counters + " 7 0", "cpu1 " + counters + " 0 0",
                "intr 12345", "ctxt 678");
    }

    /** A /proc/self/stat with the given user and system ticks (fields 14 and 15). */
    private static String selfStat(long utime, long stime) {
        return "4242 (java) S 1 4242 4242 0 -1 4194560 100 0 0 0 " + utime + " " + stime + " 0 0 20 0 30 0";
    }

    private static Optional<CpuTimes> reading(long busy, long idle, long self) {
        return Optional.of(CpuTimes.parse(procStat(busy, 0, 0, idle, 0, 0, 0, 0), selfStat(self, 0)));
    }

    /** Hands out the readings in order; a read beyond them fails the test, so each one is known to be taken. */
    private static Supplier<Optional<CpuTimes>> script(List<Optional<CpuTimes>> readings) {
        Iterator<Optional<CpuTimes>> next = new ArrayList<>(readings).iterator();
        return next::next;
    }

    @Test
    void parsesProcStatAndACommandNameWithSpacesAndParentheses() {
        List<String> procStat = List.of(
                "cpu  1000 20 300 5000 80 0 10 5 0 0",
                "cpu0 500 10 150 2500 40 0 5 2 0 0",
                "cpu1 500 10 150 2500 40 0 5 3 0 0",
                "intr 12345");
        String selfStat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 777 111 0 0 20 0 30 0";
        CpuTimes times = CpuTimes.parse(procStat, selfStat);
        assertEquals(1000 + 20 + 300 + 0 + 10 + 5, times.machineBusy());
        assertEquals(1000 + 20 + 300 + 5000 + 80 + 0 + 10 + 5, times.machineTotal());
        assertEquals(777 + 111, times.self());
        assertEquals(2, times.processors());
    }

    @Test
    void stealIsBusyIowaitIsIdleAndGuestTimeIsNotCountedTwice() {
        // user 100, nice 10, system 40, idle 500, iowait 60, irq 3, softirq 7, steal 25, guest 7 (inside user).
        CpuTimes times = CpuTimes.parse(procStat(100, 10, 40, 500, 60, 3, 7, 25), selfStat(90, 30));
        assertEquals(new CpuTimes(100 + 10 + 40 + 3 + 7 + 25, 100 + 10 + 40 + 500 + 60 + 3 + 7 + 25, 120, 2, 25), times);
    }

    @Test
    void stolenTicksAreOthersAndWaitingForIoIsNot() {
        // Over one iteration: this JVM 60 ticks, the hypervisor stole 30, the disk kept a processor waiting for 50,
        // the rest idle; 200 ticks in all on two processors.
        OtherProcessesCpu accounting = new OtherProcessesCpu(script(List.of(
                Optional.of(CpuTimes.parse(procStat(1000, 0, 200, 4000, 100, 0, 0, 10), selfStat(300, 50))),
                Optional.of(CpuTimes.parse(procStat(1050, 0, 210, 4060, 150, 0, 0, 40), selfStat(350, 60))))));
        accounting.begin();
        accounting.end();
        OtherProcessesCpu.Usage usage = accounting.usage().orElseThrow();
        assertEquals(new OtherProcessesCpu.Usage(30, 60, 200, 2, 30), usage);
        assertEquals(0.3, usage.cores(), 1e-12);
        assertEquals(0.3, usage.stealCores(), 1e-12, "here all of the others' time was stolen");
        assertEquals(0.6, usage.selfCores(), 1e-12);
    }

    @Test
    void stealIsKeptApartAndStaysInsideOthersTime() {
        // Two iterations of 200 ticks on two processors. Iteration 1: others 80, of which stolen 50 (a guest
        // neighbour); iteration 2: others 40, none stolen (a process of this machine).
        OtherProcessesCpu accounting = new OtherProcessesCpu(script(List.of(
                Optional.of(CpuTimes.parse(procStat(1000, 0, 0, 4000, 0, 0, 0, 100), selfStat(300, 0))),
                Optional.of(CpuTimes.parse(procStat(1100, 0, 0, 4050, 0, 0, 0, 150), selfStat(370, 0))),
                Optional.of(CpuTimes.parse(procStat(1200, 0, 0, 4100, 0, 0, 0, 150), selfStat(400, 0))),
                Optional.of(CpuTimes.parse(procStat(1300, 0, 0, 4200, 0, 0, 0, 150), selfStat(460, 0))))));
        accounting.begin();
        accounting.end();
        accounting.begin();
        accounting.end();
        OtherProcessesCpu.Usage usage = accounting.usage().orElseThrow();
        assertEquals(new OtherProcessesCpu.Usage(80 + 40, 70 + 60, 400, 2, 50), usage);
        assertEquals(0.6, usage.cores(), 1e-12, "the contention total is unchanged: steal is in it");
        assertEquals(0.25, usage.stealCores(), 1e-12);
        assertEquals(usage, new OtherProcessesCpu.Usage(80, 70, 200, 2, 50)
                .plus(new OtherProcessesCpu.Usage(40, 60, 200, 2, 0)), "forks add their steal");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void readsThisLinuxMachinesProc() {
        CpuTimes times = CpuTimes.read().orElseThrow(() -> new AssertionError("no reading of /proc on Linux"));
        assertTrue(times.machineTotal() >= times.machineBusy(), times.toString());
        assertTrue(times.self() > 0, "this JVM has run: " + times);
        assertTrue(times.processors() >= 1, times.toString());
    }

    @Test
    void readsAProcFolderAndNothingWhereThereIsNone(@TempDir Path proc) throws IOException {
        Files.write(proc.resolve("stat"), procStat(100, 10, 40, 500, 60, 3, 7, 25));
        Files.writeString(Files.createDirectory(proc.resolve("self")).resolve("stat"), selfStat(90, 30));
        assertEquals(Optional.of(new CpuTimes(185, 745, 120, 2, 25)), CpuTimes.read(proc));

        assertEquals(Optional.empty(), CpuTimes.read(proc.resolve("absent")), "no /proc (macOS, Windows)");
        Files.writeString(proc.resolve("self").resolve("stat"), "");
        assertEquals(Optional.empty(), CpuTimes.read(proc), "an unreadable self/stat");
        Files.delete(proc.resolve("self").resolve("stat"));
        assertEquals(Optional.empty(), CpuTimes.read(proc), "a /proc without self/stat");
    }

    @Test
    void withoutProcNothingIsMeasured() {
        OtherProcessesCpu accounting = new OtherProcessesCpu(Optional::empty);
        accounting.begin();
        accounting.end();
        assertEquals(Optional.empty(), accounting.usage());

        // A reading at the start but none at the end: the iteration is not counted, nor carried into the next.
        OtherProcessesCpu halfRead = new OtherProcessesCpu(script(List.of(reading(100, 900, 50), Optional.empty())));
        halfRead.begin();
        halfRead.end();
        halfRead.end();
        assertEquals(Optional.empty(), halfRead.usage());
    }

    @Test
    void otherProcessesShareIsBusyTimeMinusOurOwn() {
        // 2 cores for 1 s at 100 ticks/s: 200 ticks in all; others were busy 50, this JVM 130.
        OtherProcessesCpu.Usage usage = new OtherProcessesCpu.Usage(50, 130, 200, 2, 0);
        assertEquals(0.25, usage.share(), 1e-12);
        assertEquals(0.5, usage.cores(), 1e-12);
        assertEquals(1.3, usage.selfCores(), 1e-12);
        assertEquals(new OtherProcessesCpu.Usage(80, 230, 400, 2, 0),
                usage.plus(new OtherProcessesCpu.Usage(30, 100, 200, 2, 0)));
    }

    @Test
    void ownCpuCountsEveryThreadOfThisJvmDuringMeasurementIterationsOnly() {
        OtherProcessesCpu accounting = new OtherProcessesCpu(script(List.of(
                // Iteration 1: 200 ticks; the machine was busy 150, of which this JVM's threads 130.
                reading(1000, 4000, 300), reading(1150, 4050, 430),
                // Between the iterations (warm-up, JMH's own work) this JVM used 400 ticks: none are counted.
                // Iteration 2: 200 ticks; busy 100, this JVM 60.
                reading(1600, 4100, 830), reading(1700, 4200, 890))));
        accounting.begin();
        accounting.end();
        accounting.begin();
        accounting.end();
        OtherProcessesCpu.Usage usage = accounting.usage().orElseThrow();
        assertEquals(new OtherProcessesCpu.Usage(20 + 40, 130 + 60, 400, 2, 0), usage);
        assertEquals(0.95, usage.selfCores(), 1e-12);
        assertEquals(0.3, usage.cores(), 1e-12);
    }

    @Test
    void thisJvmAheadOfTheMachinesBusyTimeMeansOthersUsedNothing() {
        // Per-process and per-processor ticks are sampled apart: this JVM may show more than the machine's busy time.
        OtherProcessesCpu accounting = new OtherProcessesCpu(script(List.of(
                reading(1000, 4000, 300), reading(1098, 4100, 400))));
        accounting.begin();
        accounting.end();
        assertEquals(new OtherProcessesCpu.Usage(0, 100, 198, 2, 0), accounting.usage().orElseThrow());
    }

    @Test
    void anIterationWhoseCountersWentBackwardsIsLeftOut() {
        OtherProcessesCpu accounting = new OtherProcessesCpu(script(List.of(
                reading(1000, 4000, 300), reading(1100, 4100, 350),
                // The machine's busy ticks fell (a processor went offline and left the totals).
                reading(1200, 4200, 400), reading(600, 4300, 450),
                // This process's ticks fell.
                reading(700, 4400, 500), reading(800, 4500, 450),
                // Nothing passed: no ticks at all.
                reading(800, 4500, 450), reading(800, 4500, 450),
                // The machine's total fell while busy time rose (idle counted back).
                reading(900, 4600, 500), reading(950, 4400, 520))));
        for (int iteration = 0; iteration < 5; iteration++) {
            accounting.begin();
            accounting.end();
        }
        assertEquals(new OtherProcessesCpu.Usage(50, 50, 200, 2, 0), accounting.usage().orElseThrow(),
                "only the first iteration counts");
    }

    @Test
    void forkReportsCarryTheUsageToTheHarnessExactly(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("forks.jsonl");
        assertEquals(List.of(), TrialReport.readAll(file), "no fork has written yet");
        TrialReport measured = new TrialReport("native-op", new CellResult.AccuracyFigures(1.5e-7, 2e-6, 1e-4, 2),
                new OtherProcessesCpu.Usage(60, 190, 400, 2, 0), CellResult.Memory.of(300L << 20, 420L << 20, 64L << 20),
                null);
        TrialReport failed = TrialReport.failed("samediff", null, "ND4J failed to load the model");
        measured.appendTo(file.toString());
        failed.appendTo(file.toString());
        measured.appendTo(null);
        measured.appendTo(" ");
        assertEquals(List.of(measured, failed), TrialReport.readAll(file));
    }

    @Test
    void aCellIsContendedWhenOthersLeaveItFewerCoresThanItsThreads() {
        // One thread on two cores: others may use up to 1 + margin cores.
        assertFalse(contended(new OtherProcessesCpu.Usage(110, 100, 200, 2, 0), 1));
        assertTrue(contended(new OtherProcessesCpu.Usage(130, 100, 200, 2, 0), 1));
        // Two threads on two cores: more than the margin is contention.
        assertFalse(contended(new OtherProcessesCpu.Usage(20, 100, 200, 2, 0), 2));
        assertTrue(contended(new OtherProcessesCpu.Usage(40, 100, 200, 2, 0), 2));
        // Engine default (0) means every core.
        assertTrue(contended(new OtherProcessesCpu.Usage(40, 100, 200, 2, 0), 0));
    }

    @Test
    void forkArgumentsKeepEngineFlagsAndDropAgents() {
        List<String> arguments = TrialMeasurement.forkJvmArguments();
        assertFalse(arguments.stream().anyMatch(argument -> argument.startsWith("-javaagent")
                || argument.startsWith("-agentlib")));
        assertTrue(arguments.contains("--enable-native-access=ALL-UNNAMED"), arguments.toString());
    }

    /** The cells' rule on a usage: what TrialMeasurement records for a cell asking for {@code threads}. */
    private static boolean contended(OtherProcessesCpu.Usage usage, int threads) {
        return CellResult.Contention.contended(usage.cores(), usage.processors(), threads);
    }
}
