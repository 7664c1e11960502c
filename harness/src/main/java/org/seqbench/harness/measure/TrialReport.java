package org.seqbench.harness.measure;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.seqbench.results.CellResult;
import org.seqbench.results.Json;

/**
 * What a trial's benchmark tells the harness besides JMH's own result: the variant that ran, the accuracy against
 * the reference, other processes' CPU during the measurement, the memory the model and its passes took, the device's
 * own time of a pass where the model times it, the JIT's and the collectors' time during the measurement, or why
 * setup failed. Each trial appends one JSON line
 * to the file named by the system property {@value #PROPERTY}; the harness reads them all after the run.
 *
 * @param variant the backend variant that ran
 * @param accuracy the output's error against the float64 reference
 * @param otherCpu other processes' CPU during this trial's measurement iterations; null without /proc
 * @param memory the trial JVM's memory for loading the model and its forward passes ({@link MemoryProbe}); null
 *     when setup failed
 * @param error why the trial could not measure; null when it did
 * @param device the device times of a few passes after the measured iterations ({@link DeviceTimes}); null for a
 *     model that does not time its device, and when setup failed
 * @param jvm the JIT's and the collectors' time during the measurement iterations ({@link JvmActivity}); null when
 *     setup failed
 */
public record TrialReport(String variant, CellResult.AccuracyFigures accuracy, OtherProcessesCpu.Usage otherCpu,
        CellResult.Memory memory, String error, DeviceTimes device, JvmActivity.Usage jvm) {

    /** The report of a trial without device times or the JVM's activity. */
    public TrialReport(String variant, CellResult.AccuracyFigures accuracy, OtherProcessesCpu.Usage otherCpu,
            CellResult.Memory memory, String error) {
        this(variant, accuracy, otherCpu, memory, error, null, null);
    }

    /** The report of a trial whose setup failed for {@code error}. */
    public static TrialReport failed(String variant, CellResult.AccuracyFigures accuracy, String error) {
        return new TrialReport(variant, accuracy, null, null, error);
    }

    /** System property naming the file the benchmark appends its report to (set for each trial). */
    public static final String PROPERTY = "seqbench.trial.report";

    private static final ObjectMapper JSON = Json.mapper().copy()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

    /** Appends this report to the file named by the system property; does nothing when it is not set. */
    public void append() {
        appendTo(System.getProperty(PROPERTY));
    }

    /** Appends this report to the file {@code target}; does nothing when it is null or blank. */
    void appendTo(String target) {
        if (target == null || target.isBlank()) {
            return;
        }
        try {
            Files.writeString(Path.of(target), JSON.writeValueAsString(this) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trial report " + target, e);
        }
    }

    /** Every report in {@code file}, in the order the trials wrote them; empty if there is no file. */
    public static List<TrialReport> readAll(Path file) throws IOException {
        List<TrialReport> reports = new ArrayList<>();
        if (!Files.exists(file)) {
            return reports;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                reports.add(JSON.readValue(line, TrialReport.class));
            }
        }
        return reports;
    }
}
