package org.seqbench.results.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.seqbench.results.Environment;

/** What a comparison refuses (another machine) and what it states (engines, JVM, settings, commit). */
class EnvironmentDifferenceTest {
    private static Environment environment(String cpu, int cores, String onnxVersion, String jvm, String commit,
            Map<String, String> threads, List<String> backends) {
        List<Environment.BackendInfo> infos = backends.stream().map(id -> new Environment.BackendInfo(id, id,
                id.equals("onnx") ? onnxVersion : "2.7.1", "cpu", true, null)).toList();
        return new Environment(cpu, cores, 24L << 30, "Linux", jvm, "box", commit, "0.1.0", infos, threads,
                List.of(), List.of(), List.of());
    }

    @Test
    void theSameMachineAndSoftwareDifferInNothing() {
        Environment one = environment("AMD EPYC", 2, "1.29.0", "JDK 25", "abc", Map.of(), List.of("onnx", "djl"));
        EnvironmentDifference difference = EnvironmentDifference.of(one, one);
        assertTrue(difference.sameMachine());
        assertEquals(List.of(), difference.stated());
    }

    @Test
    void anotherCpuOrCoreCountRefusesAndNamesTheFields() {
        EnvironmentDifference difference = EnvironmentDifference.of(
                environment("AMD EPYC", 2, "1.29.0", "JDK 25", "abc", Map.of(), List.of("onnx")),
                environment("Intel Xeon", 4, "1.29.0", "JDK 25", "abc", Map.of(), List.of("onnx")));
        assertEquals(List.of("CPU: AMD EPYC -> Intel Xeon", "logical cores: 2 -> 4"), difference.refusing());
        assertTrue(!difference.sameMachine());
    }

    @Test
    void engineVersionsJvmCommitAndThreadSettingsAreStatedNotRefused() {
        EnvironmentDifference difference = EnvironmentDifference.of(
                environment("AMD EPYC", 2, "1.29.0", "JDK 25", "abc", Map.of("OMP_NUM_THREADS", "1"),
                        List.of("onnx", "djl")),
                environment("AMD EPYC", 2, "1.30.0", "JDK 26", "def", Map.of("OMP_NUM_THREADS", "2"),
                        List.of("onnx", "dl4j")));
        assertTrue(difference.sameMachine());
        assertEquals(List.of("djl only in the baseline", "dl4j only in the current run", "onnx 1.29.0 -> 1.30.0",
                "JVM: JDK 25 -> JDK 26", "seqbench 0.1.0 (abc) -> 0.1.0 (def)", "OMP_NUM_THREADS=1 -> 2"),
                difference.stated());
    }

    @Test
    void engineSettingsAreStatedByBackendAndKeyButNotAgainstARecordWithoutThem() {
        Environment base = environment("AMD EPYC", 2, "1.29.0", "JDK 25", "abc", Map.of(), List.of());
        Environment defaults = withOnnx(base, Map.of("optimization", "all", "spinning", "enabled"));
        Environment disabled = withOnnx(base, Map.of("optimization", "disabled", "spinning", "enabled"));
        Environment older = withOnnx(base, Map.of());
        assertEquals(List.of("onnx.optimization=all -> disabled"),
                EnvironmentDifference.of(defaults, disabled).stated());
        assertEquals(List.of(), EnvironmentDifference.of(older, disabled).stated(),
                "a record from before engine settings says nothing about them");
    }

    private static Environment withOnnx(Environment base, Map<String, String> settings) {
        return new Environment(base.cpuModel(), base.logicalCores(), base.memoryBytes(), base.os(), base.jvm(),
                base.hostname(), base.gitCommit(), base.seqbenchVersion(), List.of(new Environment.BackendInfo("onnx",
                        "ONNX Runtime", "1.29.0", "cpu", true, null, settings)), base.threadEnvironment(), List.of(),
                List.of(), List.of());
    }
}
