package org.seqbench.harness.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.seqbench.results.Json;
import org.seqbench.results.RunRecordFiles;

/**
 * A run directory's {@code jmh.json}: every trial's raw JMH result from {@code jmh/}, in one array in plan order (the
 * files are named by plan position), as JMH's own {@code -rf json} would write it.
 */
final class JmhJson {
    static final String FILE_NAME = "jmh.json";

    private JmhJson() {
    }

    /** Writes {@code runDirectory/jmh.json} from {@code runDirectory/jmh/cell-*.json}; an empty array without any. */
    static void write(Path runDirectory) throws IOException {
        Path jmhDirectory = runDirectory.resolve("jmh");
        ObjectMapper json = Json.mapper();
        ArrayNode all = json.createArrayNode();
        if (Files.isDirectory(jmhDirectory)) {
            List<Path> sorted = new ArrayList<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(jmhDirectory, "cell-[0-9]*.json")) {
                files.forEach(sorted::add);
            }
            sorted.sort(null);
            for (Path file : sorted) {
                JsonNode benchmarks = json.readTree(file.toFile());
                if (benchmarks != null && benchmarks.isArray()) {
                    benchmarks.forEach(all::add);
                }
            }
        }
        RunRecordFiles.writeAtomically(runDirectory.resolve(FILE_NAME), json.writeValueAsString(all));
    }
}
