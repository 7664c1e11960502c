package org.seqbench.results;

import java.io.IOException;
import java.nio.file.Path;

/** Writes every report of a run directory from its record: run.json, cells.csv and summary.md. */
public final class ReportFiles {
    private ReportFiles() {
    }

    public static void write(Path runDirectory, RunRecord record) throws IOException {
        RunRecordFiles.write(runDirectory, record);
        CsvReport.write(runDirectory, record);
        MarkdownSummary.write(runDirectory, record);
    }
}
