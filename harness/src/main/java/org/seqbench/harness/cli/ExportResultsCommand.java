package org.seqbench.harness.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.seqbench.harness.sweep.UserError;
import org.seqbench.results.RunRecord;
import org.seqbench.results.RunRecordFiles;
import org.seqbench.results.report.BenchmarkActionJson;
import org.seqbench.results.report.BencherMetricFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code seqbench export-results --format FORMAT RUN}: a run's headlines in a continuous-benchmarking service's
 * format, for teams that track their history there (Bencher, github-action-benchmark) rather than with
 * {@code seqbench compare}. Not {@code export}, which writes one model case as safetensors.
 */
@Command(name = "export-results", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a run's cell headlines as JSON for a continuous-benchmarking service.",
                "bencher: Bencher Metric Format (bencher run --adapter json), latency in ns and throughput in "
                        + "sequences/s; github-action-benchmark: its customSmallerIsBetter array, in ms. One entry per "
                        + "ok cell, named by the cell's key."})
final class ExportResultsCommand implements Callable<Integer> {
    @Option(names = "--format", required = true, paramLabel = "FORMAT", converter = FormatConverter.class,
            completionCandidates = FormatNames.class, description = "${COMPLETION-CANDIDATES}.")
    Format format;

    @Parameters(index = "0", paramLabel = "RUN", description = "The run's directory (or its run.json).")
    Path run;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the JSON to FILE (default: standard output).")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The formats, by the name {@code --format} takes. */
    enum Format {
        BENCHER("bencher"),
        GITHUB_ACTION_BENCHMARK("github-action-benchmark");

        final String id;

        Format(String id) {
            this.id = id;
        }

        String json(RunRecord record) throws JsonProcessingException {
            return switch (this) {
                case BENCHER -> BencherMetricFormat.json(record);
                case GITHUB_ACTION_BENCHMARK -> BenchmarkActionJson.json(record);
            };
        }

        static String accepted() {
            return Arrays.stream(values()).map(format -> format.id).collect(Collectors.joining(", "));
        }
    }

    @Override
    public Integer call() throws IOException {
        if (out != null && Files.isDirectory(out)) {
            throw new UserError("--out " + out + " is a directory; give a file such as results.json");
        }
        RunRecord record = Records.read(run);
        String json = format.json(record) + "\n";
        if (out == null) {
            PrintWriter console = spec.commandLine().getOut();
            console.print(json);
            console.flush();
            return 0;
        }
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            RunRecordFiles.writeAtomically(out, json);
        } catch (IOException e) {
            throw new UserError("cannot write --out " + out + ": " + IoErrors.describe(e));
        }
        return 0;
    }

    /** A {@link Format} by its id; anything else is named with the accepted ones. */
    static final class FormatConverter implements ITypeConverter<Format> {
        @Override
        public Format convert(String text) {
            return Arrays.stream(Format.values()).filter(format -> format.id.equals(text.strip())).findFirst()
                    .orElseThrow(() -> new TypeConversionException("'" + text + "' is not a format; accepted: "
                            + Format.accepted()));
        }
    }

    /** The formats' ids, for {@code --format}'s help. */
    static final class FormatNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Format.values()).map(format -> format.id).iterator();
        }
    }
}
