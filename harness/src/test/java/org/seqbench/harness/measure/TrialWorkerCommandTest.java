package org.seqbench.harness.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrialWorkerCommandTest {
    @Test
    void aWorkerTakesTheLaunchersFlagsItsPropertiesAndTheParentWatch() {
        List<String> command = TrialWorkerProcess.command(Path.of("/tmp/run"), Map.of("a", "b"),
                List.of("-Xmx2g", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED"));
        for (String flag : List.of("-Xmx2g", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED", "-Da=b",
                ParentWatch.flag())) {
            assertEquals(1, command.stream().filter(flag::equals).count(), flag + " in " + command);
        }
        assertEquals(TrialWorker.class.getName(), command.getLast());
    }

    @Test
    void theUsersCrashReportFlagIsKeptAndNoneIsAdded() {
        List<String> mine = TrialWorkerProcess.command(null, Map.of(), List.of("-XX:ErrorFile=/x/hs_%p.log"));
        assertEquals(1, mine.stream().filter(flag -> flag.startsWith("-XX:ErrorFile=")).count(), mine::toString);
        List<String> ours = TrialWorkerProcess.command(Path.of("/tmp/run"), Map.of(), List.of());
        assertTrue(ours.stream().anyMatch(flag -> flag.startsWith("-XX:ErrorFile=/tmp/run")), ours::toString);
    }
}
