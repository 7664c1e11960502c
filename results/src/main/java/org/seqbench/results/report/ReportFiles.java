package org.seqbench.results.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.seqbench.results.CsvReport;
import org.seqbench.results.RunRecord;
import org.seqbench.results.RunRecordFiles;

/** Writes the files of a run directory from its record, and the reports that compare several runs. */
public final class ReportFiles {
    private ReportFiles() {
    }

    /** run.json, cells.csv, summary.md and report.html of one run, into its directory. */
    public static void write(Path runDirectory, RunRecord record) throws IOException {
        RunRecordFiles.write(runDirectory, record);
        CsvReport.write(runDirectory, record);
        writeReports(runDirectory, List.of(record));
    }

    /**
     * The reports made from run records, summary.md and report.html, into {@code directory}: one run's, or several
     * runs side by side. The records themselves are not touched.
     */
    public static void writeReports(Path directory, List<RunRecord> records) throws IOException {
        MarkdownSummary.write(directory, records);
        HtmlReport.write(directory, records);
    }
}
