package org.seqbench.harness.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.seqbench.core.Work;
import org.seqbench.harness.sweep.SweepPlanner.PlannedCell;
import org.seqbench.harness.sweep.UserError;
import org.seqbench.results.CanarySample;
import org.seqbench.results.CellResult;
import org.seqbench.results.Environment;
import org.seqbench.results.RunRecord;
import org.seqbench.results.SweepSpec;
import org.seqbench.results.analysis.EnvironmentDifference;

/**
 * Joins the runs of the shards of one sweep ({@code seqbench run --shard i/n}) into the record an unsharded run of it
 * would have written: every shard's cells in the unsharded plan's order, the sweep without the shard, the shards'
 * one environment, and which shards it was made of. Reads nothing and writes nothing ({@link MergedRunFiles}
 * writes); every reason the shards cannot be one run is a {@link UserError} naming it.
 *
 * <p>A shard plans the whole sweep and keeps the cells at positions {@code index - 1} modulo {@code n}, with the
 * positions of the whole plan ({@link SweepSpec.Shard}); its JMH result files are named by those positions
 * ({@code jmh/cell-0007-t2.json}). So the shards' files keep their names in the merged run, where they are what an
 * unsharded run would have named them, and a merged run resumed with {@code run --resume} finds them.
 */
public final class ShardMerge {
    /** How many missing cells a description names. */
    static final int NAMED_MISSING = 3;

    /** A JMH result file's plan position: {@code cell-0007-t2.json}, {@code cell-0007.json} (before trials). */
    private static final Pattern JMH_FILE = Pattern.compile("cell-(\\d+)(?:[.-].*)?");

    private ShardMerge() {
    }

    /**
     * A shard's run as given to the merge.
     *
     * @param directory its run directory, as the user named it
     * @param record its run.json
     * @param jmhFiles the names of the files in its {@code jmh/} folder
     */
    public record ShardRun(Path directory, RunRecord record, List<String> jmhFiles) {
        public ShardRun {
            jmhFiles = List.copyOf(jmhFiles);
        }

        public SweepSpec.Shard shard() {
            return record.sweep().shard();
        }

        /** "runs/a (shard 2/4)", how messages name it. */
        String named() {
            return directory + " (shard " + shard() + ")";
        }
    }

    /** A file of a shard's {@code jmh/} folder and the name it takes in the merged run's. */
    public record JmhFile(Path source, String name) {
    }

    /**
     * A cell of the plan that no shard holds.
     *
     * @param planned the cell and its position in the unsharded plan
     * @param shard the shard it belongs to
     * @param reason why it is missing, as its record says it
     */
    public record Missing(PlannedCell planned, SweepSpec.Shard shard, String reason) {
    }

    /**
     * The merge: the record, what it lacks, and what goes with it.
     *
     * @param record the merged run's record; a missing cell is in it as skipped, with its reason
     * @param missing the cells no shard holds, in plan order
     * @param jmhFiles every shard's JMH result files
     * @param shards the shards, in shard order
     */
    public record Merged(RunRecord record, List<Missing> missing, List<JmhFile> jmhFiles, List<ShardRun> shards) {

        public boolean complete() {
            return missing.isEmpty();
        }

        /**
         * What is missing in one line: how many cells, which shards were not given or did not record some of theirs,
         * and the first few cells.
         */
        public String describeMissing() {
            int count = shards.getFirst().shard().count();
            Map<Integer, List<Missing>> byShard = new TreeMap<>();
            missing.forEach(cell -> byShard.computeIfAbsent(cell.shard().index(), index -> new ArrayList<>())
                    .add(cell));
            Map<Integer, ShardRun> given = new HashMap<>();
            shards.forEach(shard -> given.put(shard.shard().index(), shard));
            List<String> notGiven = new ArrayList<>();
            List<String> partly = new ArrayList<>();
            byShard.forEach((index, cells) -> {
                ShardRun shard = given.get(index);
                if (shard == null) {
                    notGiven.add(index + "/" + count);
                } else {
                    partly.add(shard.named() + " did not record " + cells.size() + " of its cells"
                            + (shard.record().completedAt() == null ? " (its run did not finish)" : ""));
                }
            });
            List<String> parts = new ArrayList<>();
            if (!notGiven.isEmpty()) {
                parts.add((notGiven.size() == 1 ? "shard " : "shards ") + String.join(", ", notGiven)
                        + (notGiven.size() == 1 ? " was" : " were") + " not given");
            }
            parts.addAll(partly);
            List<String> first = missing.stream().limit(NAMED_MISSING).map(cell -> cell.planned().cell().label())
                    .toList();
            return missing.size() + " of " + record.cells().size() + " cells are missing: " + String.join("; ", parts)
                    + "; " + (missing.size() > NAMED_MISSING ? "the first: " : "") + String.join(", ", first);
        }
    }

    /**
     * Merges {@code shards}.
     *
     * @param planner the unsharded plan of a sweep, as {@code seqbench run} makes it here
     * @param runId the merged run's id (its directory's name)
     * @param mergedAt ISO-8601 instant of the merge, when a missing cell is recorded as skipped
     * @throws UserError when the runs are not shards of one sweep on one machine, overlap, or do not fit the plan
     */
    public static Merged merge(List<ShardRun> shards, Function<SweepSpec, List<PlannedCell>> planner, String runId,
            String mergedAt) {
        if (shards.isEmpty()) {
            throw new UserError("no shard to merge; give the run directories of the shards of one sweep");
        }
        shards.forEach(ShardMerge::checkIsShard);
        ShardRun first = shards.getFirst();
        for (int i = 1; i < shards.size(); i++) {
            for (int j = 0; j < i; j++) {
                checkDistinct(shards.get(j), shards.get(i));
            }
            checkSameRun(first, shards.get(i));
        }
        List<ShardRun> ordered = shards.stream().sorted(Comparator.comparingInt(shard -> shard.shard().index()))
                .toList();
        int count = first.shard().count();
        SweepSpec sweep = first.record().sweep().withShard(null);
        List<PlannedCell> plan;
        try {
            plan = planner.apply(sweep);
        } catch (UserError e) {
            throw new UserError("cannot plan the shards' sweep here: " + e.getMessage());
        }
        Map<String, PlannedCell> planned = new HashMap<>();
        plan.forEach(cell -> planned.put(cell.cell().key(), cell));
        Map<String, CellResult> results = new HashMap<>();
        Map<String, ShardRun> holder = new HashMap<>();
        for (ShardRun shard : ordered) {
            for (CellResult result : shard.record().cells()) {
                String key = result.cell().key();
                ShardRun earlier = holder.putIfAbsent(key, shard);
                if (earlier != null) {
                    throw new UserError("cell " + result.cell().label() + " was measured in both " + earlier.named()
                            + " and " + shard.named() + "; each cell belongs to one shard");
                }
                PlannedCell cell = planned.get(key);
                if (cell == null) {
                    throw new UserError(shard.named() + " holds cell " + result.cell().label() + ", which the "
                            + "shards' sweep does not plan with the backends found here; merge where the shards' "
                            + "backends are");
                }
                int owner = cell.position() % count + 1;
                if (owner != shard.shard().index()) {
                    throw new UserError(shard.named() + " holds cell " + result.cell().label() + ", which the plan "
                            + "puts in shard " + owner + "/" + count);
                }
                results.put(key, result);
            }
        }
        List<CellResult> cells = new ArrayList<>();
        List<Missing> missing = new ArrayList<>();
        Map<Integer, ShardRun> byIndex = new HashMap<>();
        ordered.forEach(shard -> byIndex.put(shard.shard().index(), shard));
        for (PlannedCell cell : plan) {
            CellResult result = results.get(cell.cell().key());
            if (result == null) {
                SweepSpec.Shard owner = new SweepSpec.Shard(cell.position() % count + 1, count);
                ShardRun shard = byIndex.get(owner.index());
                String reason = shard == null ? "shard " + owner + " was not merged"
                        : "shard " + owner + " (run " + shard.record().runId() + ") did not record it";
                missing.add(new Missing(cell, owner, reason));
                result = CellResult.skipped(cell.cell(), "not measured: " + reason,
                        Work.of(cell.cell().spec(), cell.cell().batch(), cell.cell().seqLen()), mergedAt);
            }
            cells.add(result);
        }
        RunRecord record = new RunRecord(RunRecord.SCHEMA_VERSION, runId, earliestStart(ordered),
                latestEnd(ordered), sweep, environment(ordered), cells, canary(ordered),
                ordered.stream().map(ShardMerge::described).toList());
        return new Merged(record, missing, jmhFiles(ordered, plan.size()), ordered);
    }

    private static void checkIsShard(ShardRun run) {
        RunRecord record = run.record();
        if (!record.mergedFrom().isEmpty()) {
            throw new UserError(run.directory() + " is a merged run (" + record.runId() + ", of "
                    + record.mergedFrom().size() + " shards), not a shard; give the shards' own run directories");
        }
        if (record.sweep().shard() == null) {
            throw new UserError(run.directory() + " is a whole run (" + record.runId() + "), not a shard; merge "
                    + "joins the runs of 'seqbench run --shard i/n'");
        }
    }

    /** The same directory or the same shard given twice, or shards of different counts. */
    private static void checkDistinct(ShardRun earlier, ShardRun later) {
        if (sameDirectory(earlier.directory(), later.directory())) {
            throw new UserError(earlier.directory() + " and " + later.directory() + " are the same run directory; "
                    + "give each shard once");
        }
        if (earlier.shard().count() != later.shard().count()) {
            throw new UserError(earlier.directory() + " is shard " + earlier.shard() + " but " + later.directory()
                    + " is shard " + later.shard() + "; the shards of one sweep are parts of one count");
        }
        if (earlier.shard().index() == later.shard().index()) {
            throw new UserError(earlier.directory() + " and " + later.directory() + " are both shard "
                    + later.shard() + " (runs " + earlier.record().runId() + " and " + later.record().runId()
                    + "); give each shard once");
        }
    }

    /** One sweep, one machine, one software: what makes the shards' cells one run's. */
    private static void checkSameRun(ShardRun first, ShardRun other) {
        List<SweepSpec.Difference> sweep = first.record().sweep().differences(other.record().sweep());
        if (!sweep.isEmpty()) {
            throw new UserError(other.named() + " is not a shard of the sweep of " + first.named() + ": "
                    + String.join("; ", sweep.stream().map(SweepSpec.Difference::toString).toList()));
        }
        EnvironmentDifference environment = EnvironmentDifference.of(first.record().environment(),
                other.record().environment());
        if (!environment.sameMachine()) {
            throw new UserError(other.named() + " was measured on another machine than " + first.named() + " ("
                    + String.join("; ", environment.refusing()) + "); a merged run is of one machine");
        }
        // A merged record has one environment: cells measured with another engine, JVM or commit would be
        // credited to it.
        if (!environment.stated().isEmpty()) {
            throw new UserError(other.named() + " was measured with other software than " + first.named() + " ("
                    + String.join("; ", environment.stated()) + "); a merged run records one environment, so measure "
                    + "every shard with the same build and settings");
        }
    }

    private static boolean sameDirectory(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }

    /** The shards' environment (they differ in no field a comparison names), the best of each bound kept. */
    private static Environment environment(List<ShardRun> shards) {
        Environment merged = shards.getFirst().record().environment();
        for (ShardRun shard : shards.subList(1, shards.size())) {
            merged = merged.withFasterBounds(shard.record().environment());
        }
        return merged;
    }

    private static String earliestStart(List<ShardRun> shards) {
        return shards.stream().map(shard -> shard.record().createdAt())
                .min(Comparator.comparing(at -> instant(at, shards))).orElseThrow();
    }

    /** When the last shard finished; null, as for an unfinished run, when one of them did not. */
    private static String latestEnd(List<ShardRun> shards) {
        if (shards.stream().anyMatch(shard -> shard.record().completedAt() == null)) {
            return null;
        }
        return shards.stream().map(shard -> shard.record().completedAt())
                .max(Comparator.comparing(at -> instant(at, shards))).orElseThrow();
    }

    /** Every shard's canary visits, in the order of their times: the canary's record of the whole run. */
    private static List<CanarySample> canary(List<ShardRun> shards) {
        return shards.stream().flatMap(shard -> shard.record().canary().stream())
                .sorted(Comparator.comparing(visit -> instant(visit.at(), shards))).toList();
    }

    private static Instant instant(String at, List<ShardRun> shards) {
        try {
            return Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw new UserError("'" + at + "' in the record of one of " + shards.stream()
                    .map(shard -> shard.directory().toString()).toList() + " is not an ISO-8601 instant");
        }
    }

    private static RunRecord.MergedShard described(ShardRun shard) {
        RunRecord record = shard.record();
        return new RunRecord.MergedShard(record.runId(), shard.shard(), record.createdAt(), record.completedAt(),
                record.environment().hostname(), record.canary());
    }

    /**
     * Every shard's JMH files under their own names: a cell's file is named by its position in the whole plan, so
     * one at a position of another shard, or beyond the plan, is not this shard's; two shards never share a name.
     */
    private static List<JmhFile> jmhFiles(List<ShardRun> shards, int planSize) {
        Map<String, ShardRun> owner = new LinkedHashMap<>();
        List<JmhFile> files = new ArrayList<>();
        for (ShardRun shard : shards) {
            for (String name : shard.jmhFiles()) {
                Matcher cell = JMH_FILE.matcher(name);
                if (cell.matches()) {
                    int position = Integer.parseInt(cell.group(1));
                    int count = shard.shard().count();
                    if (position >= planSize) {
                        throw new UserError(shard.named() + " holds jmh/" + name + ", the JMH result of position "
                                + position + ", beyond the sweep's " + planSize + " cells");
                    }
                    if (position % count + 1 != shard.shard().index()) {
                        throw new UserError(shard.named() + " holds jmh/" + name + ", the JMH result of position "
                                + position + ", which is a cell of shard " + (position % count + 1) + "/" + count);
                    }
                }
                ShardRun earlier = owner.putIfAbsent(name, shard);
                if (earlier != null) {
                    throw new UserError(earlier.named() + " and " + shard.named() + " both hold jmh/" + name);
                }
                files.add(new JmhFile(shard.directory().resolve("jmh").resolve(name), name));
            }
        }
        return files;
    }
}
