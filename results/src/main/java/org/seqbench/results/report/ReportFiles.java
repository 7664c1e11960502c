package org.seqbench.results.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.seqbench.results.CsvReport;
import org.seqbench.results.RunRecord;
import org.seqbench.results.RunRecordFiles;
import org.seqbench.study.StudyFiles;
import org.seqbench.study.StudyRecord;

/** Writes the files of a run directory from its record, and the reports that compare several runs. */
public final class ReportFiles {
    private ReportFiles() {
    }

    /** Where {@code seqbench study --run RUN_DIR} puts the study it joins to the run. */
    public static final String JOINED_STUDY = "study";

    /**
     * run.json, cells.csv, summary.md and report.html of one run, into its directory; a study joined to the run
     * keeps its sections (one whose study.json cannot be read is left out rather than failing the run's files).
     */
    public static void write(Path runDirectory, RunRecord record) throws IOException {
        RunRecordFiles.write(runDirectory, record);
        CsvReport.write(runDirectory, record);
        Optional<StudyRecord> study;
        try {
            study = joinedStudy(runDirectory);
        } catch (IllegalArgumentException unreadable) {
            study = Optional.empty();
        }
        writeReports(runDirectory, List.of(record), study);
    }

    /**
     * The study joined to a run ({@code RUN_DIR/study/study.json}), if there is one.
     *
     * @throws IllegalArgumentException naming the file when it is not a study record
     */
    public static Optional<StudyRecord> joinedStudy(Path runDirectory) throws IOException {
        return StudyFiles.read(runDirectory.resolve(JOINED_STUDY));
    }

    /**
     * The reports made from run records, summary.md and report.html, into {@code directory}: one run's, or several
     * runs side by side. The records themselves are not touched.
     */
    public static void writeReports(Path directory, List<RunRecord> records) throws IOException {
        writeReports(directory, records, Optional.empty());
    }

    /**
     * summary.md and report.html of {@code records} with {@code study}'s sections after theirs, the study's claims
     * taking their parallelism evidence from the runs.
     */
    public static void writeReports(Path directory, List<RunRecord> records, Optional<StudyRecord> study)
            throws IOException {
        MarkdownSummary.write(directory, records, study);
        HtmlReport.write(directory, records, study);
    }

    /**
     * summary.md and report.html of a study, into its directory: the study's alone when {@code runs} is empty, else
     * after the runs' sections, whose parallelism evidence the claims then use. Neither record is touched.
     */
    public static void writeStudyReports(Path directory, StudyRecord study, List<RunRecord> runs)
            throws IOException {
        writeReports(directory, runs, Optional.of(study));
    }
}
