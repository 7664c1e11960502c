package org.seqbench.harness.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineMemoryTest {
    private static final String MEMINFO = "MemTotal:       32772712 kB\nMemFree:         1000000 kB\n";

    @TempDir
    Path directory;

    @Test
    void theMachinesMemoryIsMemTotalCappedByALowerCgroupLimit() throws IOException {
        Path meminfo = Files.writeString(directory.resolve("meminfo"), MEMINFO);
        Path max = directory.resolve("memory.max");
        assertEquals(OptionalLong.of(32772712L * 1024), MachineMemory.bytes(meminfo, max), "no cgroup file");
        Files.writeString(max, "max\n");
        assertEquals(OptionalLong.of(32772712L * 1024), MachineMemory.bytes(meminfo, max), "no cgroup limit");
        Files.writeString(max, "8589934592\n");
        assertEquals(OptionalLong.of(8589934592L), MachineMemory.bytes(meminfo, max), "a lower limit");
        Files.writeString(max, "68719476736\n");
        assertEquals(OptionalLong.of(32772712L * 1024), MachineMemory.bytes(meminfo, max), "a higher limit");
    }

    @Test
    void unreadableFiguresLeaveTheMemoryUnknown() throws IOException {
        Path garbled = Files.writeString(directory.resolve("meminfo"), "MemTotal: lots\n");
        assertEquals(OptionalLong.empty(), MachineMemory.bytes(garbled, directory.resolve("memory.max")));
        assertEquals(OptionalLong.empty(), MachineMemory.bytes(directory.resolve("absent"),
                directory.resolve("memory.max")));
    }
}
