package org.seqbench.history;

/**
 * What {@link HistoryStore#record} did.
 *
 * @param added whether the store changed: false when the run was already there exactly as given
 * @param run the run as it is stored now
 * @param replaced the earlier recording of the same run (same run id, start and host) with other content, which
 *     {@code run} replaced under the same id (a run resumed after it was recorded); null when there was none
 */
public record Recorded(boolean added, StoredRun run, StoredRun replaced) {

    /** A run added as new, or found already there ({@code added} false). */
    public Recorded(boolean added, StoredRun run) {
        this(added, run, null);
    }
}
