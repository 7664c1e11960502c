package org.seqbench.harness.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CpuAccountingTest {

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
    void readsThisMachine() {
        CpuTimes.read().ifPresent(times -> {
            assertTrue(times.machineTotal() >= times.machineBusy());
            assertTrue(times.processors() >= 1);
        });
    }

    @Test
    void otherProcessesShareIsBusyTimeMinusOurOwn() {
        // 2 cores for 1 s at 100 ticks/s: 200 ticks in all; others were busy 50, this JVM 130.
        OtherProcessesCpu.Usage usage = new OtherProcessesCpu.Usage(50, 130, 200, 2);
        assertEquals(0.25, usage.share(), 1e-12);
        assertEquals(0.5, usage.cores(), 1e-12);
        assertEquals(1.3, usage.selfCores(), 1e-12);
        assertEquals(new OtherProcessesCpu.Usage(80, 230, 400, 2),
                usage.plus(new OtherProcessesCpu.Usage(30, 100, 200, 2)));
    }

    @Test
    void ownCpuCountsEveryThreadOfThisJvmDuringMeasurementIterationsOnly() throws InterruptedException {
        OtherProcessesCpu accounting = new OtherProcessesCpu();
        accounting.begin();
        long until = System.nanoTime() + 300_000_000L;
        long spin = 0;
        while (System.nanoTime() < until) {
            spin++;
        }
        accounting.end();
        long spins = spin;
        // Outside begin/end: not counted.
        Thread.sleep(50);
        accounting.usage().ifPresent(usage -> {
            // 0.3 s of one busy thread; the JIT and GC may add a little, a shared machine may take some away.
            assertTrue(usage.selfCores() > 0.3 && usage.selfCores() < 1.8, usage + " after " + spins + " spins");
        });
    }

    @Test
    void aCellIsContendedWhenOthersLeaveItFewerCoresThanItsThreads() {
        // One thread on two cores: others may use up to 1 + margin cores.
        assertFalse(CellMeasurement.contended(new OtherProcessesCpu.Usage(110, 100, 200, 2), 1));
        assertTrue(CellMeasurement.contended(new OtherProcessesCpu.Usage(130, 100, 200, 2), 1));
        // Two threads on two cores: more than the margin is contention.
        assertFalse(CellMeasurement.contended(new OtherProcessesCpu.Usage(20, 100, 200, 2), 2));
        assertTrue(CellMeasurement.contended(new OtherProcessesCpu.Usage(40, 100, 200, 2), 2));
        // Engine default (0) means every core.
        assertTrue(CellMeasurement.contended(new OtherProcessesCpu.Usage(40, 100, 200, 2), 0));
    }

    @Test
    void forkArgumentsKeepEngineFlagsAndDropAgents() {
        List<String> arguments = CellMeasurement.forkJvmArguments();
        assertFalse(arguments.stream().anyMatch(argument -> argument.startsWith("-javaagent")
                || argument.startsWith("-agentlib")));
        assertTrue(arguments.contains("--enable-native-access=ALL-UNNAMED"), arguments.toString());
    }
}
