package org.seqbench.results;

import java.util.List;
import java.util.Map;

/**
 * The machine and software a run measured, enough to tell two runs' conditions apart.
 *
 * @param cpuModel the processor's model name
 * @param logicalCores processors the JVM sees
 * @param memoryBytes physical memory
 * @param os name, version and architecture
 * @param jvm vendor, version and VM
 * @param hostname the machine's name
 * @param gitCommit the seqbench commit when known (a git checkout), else null
 * @param seqbenchVersion the harness version
 * @param backends every discovered backend, available or not
 * @param threadEnvironment thread-related environment variables as set (unset ones are left out)
 */
public record Environment(
        String cpuModel,
        int logicalCores,
        long memoryBytes,
        String os,
        String jvm,
        String hostname,
        String gitCommit,
        String seqbenchVersion,
        List<BackendInfo> backends,
        Map<String, String> threadEnvironment) {

    /** A backend as discovered on the measuring machine. */
    public record BackendInfo(String id, String name, String engineVersion, String device, boolean available,
            String reason) {
    }
}
