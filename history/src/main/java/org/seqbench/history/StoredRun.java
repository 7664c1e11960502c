package org.seqbench.history;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A recorded run as the history lists it: its identity, where it was recorded and measured, and its cells' counts.
 * The run record itself is {@link HistoryStore#lastRuns}'s.
 *
 * @param id the history's number for the run, shown as {@code #id}
 * @param runId the run's own id (its directory's name)
 * @param createdAt ISO-8601 instant the run started
 * @param completedAt ISO-8601 instant it finished; null for a run recorded while in progress
 * @param branch the branch it was recorded under
 * @param commit the commit it was recorded under (by default the run's own seqbench commit); null when unknown
 * @param hostname the machine it ran on
 * @param cpuModel that machine's processor
 * @param logicalCores processors the measuring JVM saw
 * @param engineVersions each backend available in the run, by id, to its engine's version, in id order
 * @param cells how many cells the run holds
 * @param okCells how many of them were measured ok
 * @param recordedAt ISO-8601 instant it was recorded (or last replaced)
 */
public record StoredRun(long id, String runId, String createdAt, String completedAt, String branch, String commit,
        String hostname, String cpuModel, int logicalCores, Map<String, String> engineVersions, int cells, int okCells,
        String recordedAt) {

    public StoredRun {
        engineVersions = engineVersions == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(engineVersions));
    }
}
