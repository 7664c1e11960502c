package org.seqbench.harness.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.seqbench.results.report.ReportFiles;

/**
 * Writes a merged run ({@link ShardMerge}) into its run directory as {@code seqbench run} writes one: run.json,
 * cells.csv, summary.md and report.html from the record, {@code jmh/} with every shard's JMH result files, jmh.json
 * from them, and jmh.log, the shards' logs one after another. Everything is written into a hidden folder beside the
 * target and moved into place at the end, so a failure leaves no half-written run behind.
 */
public final class MergedRunFiles {
    private static final String JMH_LOG = "jmh.log";

    private MergedRunFiles() {
    }

    /** The names of the files in {@code runDirectory/jmh/}, sorted; empty when there is no such folder. */
    public static List<String> jmhFiles(Path runDirectory) throws IOException {
        Path jmh = runDirectory.resolve("jmh");
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(jmh)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(jmh, Files::isRegularFile)) {
                files.forEach(file -> names.add(file.getFileName().toString()));
            }
        }
        names.sort(null);
        return names;
    }

    /**
     * Writes {@code merged} into {@code target}, which must not exist or be an empty directory (the caller checks
     * that, to refuse before writing anything).
     */
    public static void write(Path target, ShardMerge.Merged merged) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        Path parent = Files.createDirectories(absolute.getParent());
        Path staging = staging(parent, absolute.getFileName().toString());
        try {
            ReportFiles.write(staging, merged.record());
            if (!merged.jmhFiles().isEmpty()) {
                Path jmh = Files.createDirectory(staging.resolve("jmh"));
                for (ShardMerge.JmhFile file : merged.jmhFiles()) {
                    Files.copy(file.source(), jmh.resolve(file.name()));
                }
            }
            JmhJson.write(staging);
            writeLog(staging.resolve(JMH_LOG), merged.shards());
            if (Files.isDirectory(absolute)) {
                Files.delete(absolute); // empty, as checked; a move cannot replace it
            }
            Files.move(staging, absolute, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                deleteTree(staging);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** A new hidden folder beside the target, created with the same permissions a run directory gets. */
    private static Path staging(Path parent, String name) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return Files.createDirectory(parent.resolve("." + name + ".merging-" + attempt));
            } catch (FileAlreadyExistsException e) {
                // an earlier merge into the same name was interrupted, or another runs now: take the next name
            }
        }
    }

    /** The shards' jmh.log files in shard order, each under a line naming it. */
    private static void writeLog(Path log, List<ShardMerge.ShardRun> shards) throws IOException {
        try (OutputStream out = Files.newOutputStream(log)) {
            for (ShardMerge.ShardRun shard : shards) {
                Path source = shard.directory().resolve(JMH_LOG);
                if (Files.isRegularFile(source)) {
                    out.write(("# seqbench merge: the jmh.log of shard " + shard.shard() + " (run "
                            + shard.record().runId() + ")\n").getBytes(StandardCharsets.UTF_8));
                    Files.copy(source, out);
                    out.write('\n');
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
