package org.seqbench.harness.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.seqbench.harness.run.MergedRunFiles;
import org.seqbench.harness.run.ShardMerge;
import org.seqbench.harness.sweep.SweepPlanner;
import org.seqbench.harness.sweep.UserError;
import org.seqbench.results.CellResult;
import org.seqbench.results.RunRecord;
import org.seqbench.results.report.HtmlReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code seqbench merge SHARD_DIR... --out DIR}: joins the runs of {@code seqbench run --shard i/n} into the run
 * directory an unsharded run of their sweep would have written ({@link ShardMerge}). Reads every shard and checks
 * where to write before writing anything; a shard missing is refused unless {@code --partial}.
 */
@Command(name = "merge", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Join the shards of one sweep (seqbench run --shard i/n) into one run directory.",
                "It holds what an unsharded run writes: run.json with every cell in the sweep's order, the reports,",
                "the JMH results. The shards must be of one sweep, measured on one machine with one build. A missing",
                "shard is refused unless --partial, which records its cells as skipped."})
final class MergeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SHARD_DIR", arity = "1..*",
            description = "The shards' run directories (or their run.json files).")
    List<Path> shards;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "The merged run's directory: new, or empty; its name is the run id.")
    Path out;

    @Option(names = "--partial",
            description = "Write the merged run even when shards or cells are missing, recording them as skipped.")
    boolean partial;

    @ParentCommand
    SeqbenchCommand seqbench;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path target = target();
        List<ShardMerge.ShardRun> runs = new ArrayList<>();
        for (Path shard : shards) {
            RunRecord record = Records.read(shard);
            Path directory = Files.isDirectory(shard) ? shard : shard.toAbsolutePath().getParent();
            List<String> jmhFiles;
            try {
                jmhFiles = MergedRunFiles.jmhFiles(directory);
            } catch (IOException e) {
                throw new UserError("cannot read " + directory.resolve("jmh") + ": " + IoErrors.describe(e));
            }
            runs.add(new ShardMerge.ShardRun(directory, record, jmhFiles));
        }
        ShardMerge.Merged merged = ShardMerge.merge(runs, sweep -> SweepPlanner.plan(sweep, seqbench.backends()),
                target.getFileName().toString(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        if (!merged.complete() && !partial) {
            throw new UserError(merged.describeMissing() + "; give every shard, or add --partial to write the "
                    + "merged run with the missing cells recorded as skipped");
        }
        try {
            MergedRunFiles.write(out, merged);
        } catch (IOException e) {
            throw new UserError("cannot write the merged run into " + out + ": " + IoErrors.describe(e));
        }
        RunRecord record = merged.record();
        PrintWriter console = spec.commandLine().getOut();
        console.printf("merged %d shard%s of %d into %s: %d cells, %d ok, %d failed, %d skipped%n",
                merged.shards().size(), merged.shards().size() == 1 ? "" : "s",
                merged.shards().getFirst().shard().count(), out, record.cells().size(),
                record.count(CellResult.Status.OK), record.count(CellResult.Status.FAILED),
                record.count(CellResult.Status.SKIPPED));
        if (!merged.complete()) {
            console.println("recorded as skipped: " + merged.describeMissing());
        }
        console.printf("report: %s (also summary.md, run.json, cells.csv, jmh.json there)%n",
                out.resolve(HtmlReport.FILE_NAME));
        return 0;
    }

    /** {@code --out} as an absolute path, if it is new or an empty directory: a merge never overwrites a run. */
    private Path target() throws IOException {
        Path target = out.toAbsolutePath().normalize();
        if (target.getFileName() == null) {
            throw new UserError("--out " + out + " has no name to be the run id; give a new directory");
        }
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new UserError("--out " + out + " is a file; give a new directory for the merged run");
        }
        if (Files.isDirectory(target)) {
            boolean empty;
            try (Stream<Path> entries = Files.list(target)) {
                empty = entries.findAny().isEmpty();
            } catch (IOException e) {
                throw new UserError("cannot read --out " + out + ": " + IoErrors.describe(e));
            }
            if (!empty) {
                throw new UserError("--out " + out + " is not empty; merge writes a new run directory and never "
                        + "overwrites one");
            }
        }
        return target;
    }
}
