package org.seqbench.results.report;

import java.util.Collection;
import org.seqbench.results.CellResult;
import org.seqbench.results.Numbers;

/**
 * How the reports show a cell's memory ({@link CellResult.Memory}): the peak resident set above the trial JVM's
 * baseline, the figure charted and compared, with the heap in use beside it; only the heap where /proc was missing.
 */
final class CellMemory {
    /** What the figure is, for a chart's axis and a note. */
    static final String FIGURE = "peak resident set above the JVM's baseline before the model";

    private CellMemory() {
    }

    /** Whether any of {@code results} has memory figures: records before schema version 6 have none. */
    static boolean any(Collection<CellResult> results) {
        return results.stream().anyMatch(result -> result.memory() != null);
    }

    /** "212 MiB (heap 48 MiB)", "heap 40 MiB" without /proc, empty without figures. */
    static String text(CellResult result) {
        CellResult.Memory memory = result.memory();
        if (memory == null) {
            return "";
        }
        String heap = "heap " + Numbers.mebibytes(memory.heapUsedBytes());
        return memory.peakAboveBaselineBytes() == null ? heap
                : Numbers.mebibytes(memory.peakAboveBaselineBytes()) + " (" + heap + ")";
    }

    /** The peak above the baseline in MiB, null where it was not measured. */
    static Double aboveBaselineMib(CellResult result) {
        CellResult.Memory memory = result.memory();
        return memory == null || memory.peakAboveBaselineBytes() == null ? null
                : memory.peakAboveBaselineBytes() / (double) (1 << 20);
    }

    /** The raw figures for a tooltip: "peak 512 MiB, baseline 300 MiB, heap 48 MiB". */
    static String raw(CellResult.Memory memory) {
        return "peak " + Numbers.mebibytes(memory.peakRssBytes()) + ", baseline "
                + Numbers.mebibytes(memory.baselineRssBytes()) + ", heap " + Numbers.mebibytes(memory.heapUsedBytes());
    }
}
