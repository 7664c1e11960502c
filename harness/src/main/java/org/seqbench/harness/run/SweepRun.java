package org.seqbench.harness.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.seqbench.core.ModelKind;
import org.seqbench.core.Work;
import org.seqbench.harness.measure.BandwidthProbe;
import org.seqbench.harness.measure.TrialMeasurement;
import org.seqbench.harness.measure.TrialWorkerProcess;
import org.seqbench.harness.measure.FmaProbe;
import org.seqbench.harness.measure.HostCanary;
import org.seqbench.harness.measure.JmhProbeRunner;
import org.seqbench.harness.measure.PeakProbe;
import org.seqbench.harness.measure.QuietMoment;
import org.seqbench.harness.sweep.EngineOptions;
import org.seqbench.harness.sweep.SweepPlanner.PlannedCell;
import org.seqbench.results.Cell;
import org.seqbench.results.CellResult;
import org.seqbench.results.JmhImport;
import org.seqbench.results.RunRecordFiles;
import org.seqbench.results.SampleHistogram;
import org.seqbench.results.Environment;
import org.seqbench.results.Numbers;
import org.seqbench.results.report.ReportFiles;
import org.seqbench.results.RunRecord;
import org.seqbench.results.SweepSpec;
import org.seqbench.spi.BackendProvider;
import org.seqbench.spi.Backends;
import org.seqbench.spi.Precision;

/**
 * Runs a planned sweep into a run directory: first the machine's bounds (once, for the thread counts the record has
 * none for: the cores' FMA limit, the memory bandwidth, each engine's matrix product), then each cell in turn, each finished cell written at once (run.json, cells.csv, summary.md,
 * report.html, jmh.json), with progress and an estimate of the time left. A resumed run skips the cells its record
 * already holds as ok or skipped and measures the rest, failed ones included. The host-speed canary
 * ({@link HostCanary}) runs before the first cell and after each measured one; a cell it found the host slow around
 * is marked, and the run ends with the canary's range.
 */
public final class SweepRun {

    private final Path directory;
    private final List<PlannedCell> plan;
    /** Each planned cell's place in the plan, by key: the order the record keeps its cells in. */
    private final Map<String, Integer> position = new HashMap<>();
    private final TrialMeasurement measurement;
    private final PrintWriter out;
    private final List<BackendProvider> peakBackends;
    private final PeakProbe peakProbe;
    private final FmaProbe fmaProbe;
    private final BandwidthProbe bandwidthProbe;
    private final List<Environment.Peak> measuredPeaks = new java.util.ArrayList<>();
    private final List<Environment.FmaPeak> measuredFma = new java.util.ArrayList<>();
    private final List<Environment.Bandwidth> measuredBandwidth = new java.util.ArrayList<>();
    private final HostSpeedWatch hostSpeed = new HostSpeedWatch(new HostCanary()::visit);
    private RunRecord record;
    /** Cells a trial of failed: they get no more trials in this invocation. */
    private final Set<String> failed = new HashSet<>();
    private final ContentionGuard guard;
    private final CompilationGuard compilation;

    /**
     * @param peakBackends the backends whose matrix product measures the peak (those without one are passed over)
     * @param peakProbe how the peak is measured
     */
    public SweepRun(Path directory, RunRecord record, List<PlannedCell> plan, PrintWriter out,
            List<BackendProvider> peakBackends, PeakProbe peakProbe) {
        this.directory = directory;
        this.record = record;
        this.plan = plan;
        for (int i = 0; i < plan.size(); i++) {
            position.put(plan.get(i).cell().key(), i);
        }
        this.measurement = new TrialMeasurement(directory, record.sweep().measurement());
        this.out = out;
        this.peakBackends = peakBackends;
        this.peakProbe = peakProbe;
        // The engine-free probes' JMH output joins the cells' in the run's log.
        JmhProbeRunner probes = JmhProbeRunner.standard(directory.resolve("jmh.log"));
        this.fmaProbe = new FmaProbe(probes);
        this.bandwidthProbe = BandwidthProbe.here(probes);
        this.guard = new ContentionGuard(new QuietMoment(record.environment().logicalCores()), out);
        this.compilation = new CompilationGuard(record.sweep().measurement(), out);
    }

    /** Measures every cell not yet done; returns the final record. */
    public RunRecord execute() throws IOException {
        int trials = record.sweep().measurement().trials();
        int enough = record.sweep().measurement().adaptive()
                ? Math.min(trials, SweepSpec.Measurement.FEWEST_ADAPTIVE_TRIALS) : trials;
        Map<String, CellResult> earlier = new HashMap<>();
        record.cells().forEach(result -> earlier.put(result.cell().key(), result));
        Map<String, List<CellResult.Trial>> trialsOf = new HashMap<>();
        Map<String, CellResult.AccuracyFigures> accuracyOf = new HashMap<>();
        List<PlannedCell> toSkip = new ArrayList<>();
        List<PlannedCell> toMeasure = new ArrayList<>();
        int complete = 0;
        for (PlannedCell planned : plan) {
            CellResult before = earlier.get(planned.cell().key());
            if (planned.skipReason() != null) {
                if (before == null || before.status() != CellResult.Status.SKIPPED) {
                    toSkip.add(planned);
                } else {
                    complete++;
                }
            } else if (before != null && before.ok() && (before.trials().isEmpty() || before.trials().size() >= enough)) {
                complete++; // done, or measured before trials existed
                if (!before.trials().isEmpty()) {
                    // An adaptive run may still give it more trials.
                    trialsOf.put(planned.cell().key(), new ArrayList<>(before.trials()));
                    accuracyOf.put(planned.cell().key(), before.accuracy());
                }
            } else {
                if (before != null && before.ok()) {
                    trialsOf.put(planned.cell().key(), new ArrayList<>(before.trials()));
                    accuracyOf.put(planned.cell().key(), before.accuracy());
                }
                toMeasure.add(planned);
            }
        }
        if (!earlier.isEmpty()) {
            out.printf("resuming: %d of %d cells already done, %d to go%n", complete, plan.size(),
                    plan.size() - complete);
        }
        ReportFiles.write(directory, record);
        measurePeaks(toMeasure);
        for (PlannedCell planned : toSkip) {
            record = record.with(CellResult.skipped(planned.cell(), planned.skipReason(),
                    Work.of(planned.cell().spec(), planned.cell().batch(), planned.cell().seqLen()),
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()));
            out.printf("%s: skipped: %s%n", planned.cell().label(), planned.skipReason());
        }
        Map<String, Integer> done = new HashMap<>();
        trialsOf.forEach((key, list) -> done.put(key, list.size()));
        SweepSpec.Measurement settings = record.sweep().measurement();
        // An adaptive run gives every cell the trials its precision needs to be judged first, then spends the rest
        // of the fixed schedule's trials on the cells that are not yet precise enough.
        int firstTrials = settings.adaptive() ? Math.min(trials, SweepSpec.Measurement.FEWEST_ADAPTIVE_TRIALS)
                : trials;
        TrialSchedule schedule = TrialSchedule.of(toMeasure, firstTrials, done, record.sweep().seed());
        int budget = settings.adaptive() ? adaptiveBudget(trials) : schedule.size();
        if (schedule.size() > 0 || budget > 0) {
            if (settings.adaptive()) {
                out.printf(Locale.ROOT, "measuring %d cell%s to a precision of %s: %d trial%s each first (%d in %d "
                        + "round%s), then more for the cells not yet within it, at most %d per cell, until the run "
                        + "has taken the time the fixed schedule's %d trials would%n", toMeasure.size(),
                        toMeasure.size() == 1 ? "" : "s", Numbers.percent(settings.precision()), firstTrials,
                        firstTrials == 1 ? "" : "s", schedule.size(), schedule.rounds().size(),
                        schedule.rounds().size() == 1 ? "" : "s", settings.trialCap(), budget);
            } else {
                out.printf("measuring %d cell%s as %d trial%s in %d round%s, each round in a random order of its "
                        + "own and in fresh worker JVMs, each warmed up first%n", toMeasure.size(),
                        toMeasure.size() == 1 ? "" : "s", schedule.size(),
                        schedule.size() == 1 ? "" : "s", schedule.rounds().size(),
                        schedule.rounds().size() == 1 ? "" : "s");
            }
            record = hostSpeed.visit(record);
        }
        RunProgress progress = new RunProgress(Math.max(budget, schedule.size()));
        int round = 0;
        for (List<TrialSchedule.Slot> slots : schedule.rounds()) {
            measureRound(slots, trialsOf, accuracyOf, progress);
            round++;
        }
        if (settings.adaptive()) {
            double seconds = fixedScheduleSeconds(trialsOf, done, trials, progress.otherSecondsPerTrial());
            for (List<TrialSchedule.Slot> slots = extraRound(trialsOf, seconds, progress, round); !slots.isEmpty();
                    slots = extraRound(trialsOf, seconds, progress, ++round)) {
                measureRound(slots, trialsOf, accuracyOf, progress);
            }
            precisionSummary(record).ifPresent(out::println);
        }
        compilation.summary().ifPresent(out::println);
        guard.summary(record).ifPresent(out::println);
        if (schedule.size() > 0) {
            HostSpeedWatch.summary(record).ifPresent(out::println);
        }
        remeasureContendedPeaks();
        record = inPlanOrder(record).completed(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        ReportFiles.write(directory, record);
        JmhJson.write(directory);
        return record;
    }

    /**
     * Measures one round's trials, each cell's result written as soon as its trial is in. A worker JVM per backend
     * and thread count serves the round and is closed after it, so every round's trials run in fresh JVMs.
     */
    private void measureRound(List<TrialSchedule.Slot> slots, Map<String, List<CellResult.Trial>> trialsOf,
            Map<String, CellResult.AccuracyFigures> accuracyOf, RunProgress progress) throws IOException {
        int trials = record.sweep().measurement().trials();
        Double precision = record.sweep().measurement().precision();
        Map<String, Worker> workers = new HashMap<>();
        try {
            for (TrialSchedule.Slot slot : slots) {
                PlannedCell planned = slot.planned();
                Cell cell = planned.cell();
                String key = cell.key();
                if (failed.contains(key)) {
                    continue;
                }
                progress.ran++;
                TrialMeasurement.Outcome outcome = trial(workers, slot, progress);
                progress.measured(outcome);
                for (int retry = 1; compilation.compiling(outcome) && retry <= CompilationGuard.RETRIES; retry++) {
                    compilation.remeasure(cell, outcome, retry);
                    progress.ran++;
                    outcome = trial(workers, slot, progress);
                    progress.measured(outcome);
                }
                compilation.kept(outcome);
                for (int retry = 1; guard.contended(outcome) && retry <= ContentionGuard.RETRIES; retry++) {
                    guard.awaitQuiet(cell, outcome, retry);
                    progress.ran++;
                    outcome = trial(workers, slot, progress);
                    progress.measured(outcome);
                }
                guard.kept(outcome);
                String line;
                if (outcome.failed()) {
                    failed.add(key);
                    record = record.with(failedCell(cell, outcome.error(), outcome.accuracy()));
                    line = "FAILED: " + outcome.error();
                } else {
                    List<CellResult.Trial> list = trialsOf.computeIfAbsent(key, k -> new ArrayList<>());
                    list.removeIf(trial -> trial.index() == slot.index());
                    list.add(outcome.trial());
                    if (outcome.accuracy() != null) {
                        accuracyOf.putIfAbsent(key, outcome.accuracy());
                    }
                    record = record.with(CellTrials.result(cell, Work.of(cell.spec(), cell.batch(), cell.seqLen()),
                            list, histograms(planned.position(), list), accuracyOf.get(key),
                            record.environment().logicalCores(), precision));
                    hostSpeed.measured(key, slot.index());
                    line = null;
                }
                record = hostSpeed.visit(record);
                RunRecordFiles.write(directory, inPlanOrder(record));
                if (line == null) {
                    line = outcome(current(key), slot.index(),
                            precision != null ? SweepSpec.Measurement.FEWEST_ADAPTIVE_TRIALS : trials);
                }
                double elapsed = progress.elapsedSeconds();
                out.printf("[%d/%d] %s, trial %d: %s | elapsed %s, about %s left%n", progress.ran,
                        Math.max(progress.total, progress.ran), cell.label(), slot.index() + 1, line,
                        Numbers.duration(elapsed),
                        Numbers.duration(elapsed / progress.ran * Math.max(0, progress.total - progress.ran)));
                out.flush();
            }
        } finally {
            workers.values().forEach(Worker::close);
        }
        record = inPlanOrder(record);
        ReportFiles.write(directory, record);
        JmhJson.write(directory);
    }

    /**
     * The trials an adaptive run may spend in all, for the measured cells of the plan: as many as the fixed schedule
     * would (cells times trials), less those the record holds already (a resumed run's).
     */
    private int adaptiveBudget(int trials) {
        Map<String, CellResult> held = new HashMap<>();
        record.cells().forEach(result -> held.put(result.cell().key(), result));
        int budget = 0;
        for (PlannedCell planned : plan) {
            if (planned.skipReason() == null) {
                CellResult result = held.get(planned.cell().key());
                budget += trials - (result != null && result.ok() ? Math.min(trials, result.trials().size()) : 0);
            }
        }
        return budget;
    }

    /**
     * The time, in seconds, the fixed schedule would take for the measured cells of the plan: each cell's trials less
     * those the record held before this invocation (a resumed run's), at the average length of its trials so far (a
     * large cell's load and reference check make its trials longer) plus {@code otherPerTrial}, what each trial cost
     * beyond itself so far (worker starts, the canary, the record's writes). The workers' warm-ups are left out:
     * an adaptive run pays for its own out of this. Cells that failed get no more trials, as in the fixed schedule.
     */
    private double fixedScheduleSeconds(Map<String, List<CellResult.Trial>> trialsOf, Map<String, Integer> held,
            int trials, double otherPerTrial) {
        double seconds = 0;
        for (PlannedCell planned : plan) {
            String key = planned.cell().key();
            List<CellResult.Trial> measured = trialsOf.get(key);
            if (planned.skipReason() == null && !failed.contains(key) && measured != null && !measured.isEmpty()) {
                seconds += (trials - Math.min(trials, held.getOrDefault(key, 0)))
                        * (averageSeconds(measured) + otherPerTrial);
            }
        }
        return seconds;
    }

    private static double averageSeconds(List<CellResult.Trial> trials) {
        return trials.stream().mapToDouble(CellResult.Trial::seconds).average().orElse(0);
    }

    /**
     * The next round of an adaptive run: one more trial for each measured cell whose headline is not yet within the
     * precision target and that has fewer than the cap, as many as fit in what is left of {@code budget} seconds (each
     * at the average length of its cell's trials and the rest's cost per trial so far, and a warm-up for each worker
     * the round starts and each further model kind a worker meets), in a random order of the round's own.
     */
    private List<TrialSchedule.Slot> extraRound(Map<String, List<CellResult.Trial>> trialsOf, double budget,
            RunProgress progress, int round) {
        SweepSpec.Measurement settings = record.sweep().measurement();
        double remaining = budget - progress.elapsedSeconds();
        if (remaining <= 0) {
            return List.of();
        }
        Map<String, CellResult> held = new HashMap<>();
        record.cells().forEach(result -> held.put(result.cell().key(), result));
        Map<PlannedCell, Double> wantingSpread = new HashMap<>();
        for (PlannedCell planned : plan) {
            String key = planned.cell().key();
            List<CellResult.Trial> trials = trialsOf.get(key);
            if (planned.skipReason() != null || failed.contains(key) || trials == null
                    || trials.size() >= settings.trialCap()) {
                continue;
            }
            CellResult.Headline headline = held.get(key).headline();
            if (headline == null || headline.spread() == null) {
                wantingSpread.put(planned, Double.NEGATIVE_INFINITY);
            } else if (headline.spread() > settings.precision()) {
                wantingSpread.put(planned, headline.spread());
            }
        }
        // A round the budget cannot fill goes to the cells nearest the target (those without a spread yet first):
        // one trial is likeliest to bring them within it.
        List<PlannedCell> wanting = new ArrayList<>(wantingSpread.keySet());
        wanting.sort(java.util.Comparator.comparingDouble((PlannedCell planned) -> wantingSpread.get(planned))
                .thenComparingInt(PlannedCell::position));
        List<PlannedCell> chosen = new ArrayList<>();
        Map<String, Set<ModelKind>> workers = new HashMap<>();
        double chosenSeconds = 0;
        double other = progress.otherSecondsPerTrial();
        for (PlannedCell cell : wanting) {
            String worker = workerKey(cell.cell());
            Set<ModelKind> kinds = workers.get(worker);
            double warmUp = kinds == null ? progress.averageWarmUpSeconds(true)
                    : kinds.contains(cell.cell().kind()) ? 0 : progress.averageWarmUpSeconds(false);
            double cost = averageSeconds(trialsOf.get(cell.cell().key())) + other + warmUp;
            if (chosenSeconds + cost <= remaining) {
                chosen.add(cell);
                workers.computeIfAbsent(worker, key -> new HashSet<>()).add(cell.cell().kind());
                chosenSeconds += cost;
            }
        }
        java.util.Collections.shuffle(chosen, new java.util.Random(record.sweep().seed() * 31 + round));
        return chosen.stream().map(planned -> new TrialSchedule.Slot(planned,
                trialsOf.get(planned.cell().key()).size())).toList();
    }

    /** An adaptive run's last word: how many measured cells reached the target, and what the rest reached. */
    static Optional<String> precisionSummary(RunRecord record) {
        Double target = record.sweep().measurement().precision();
        List<CellResult> judged = record.cells().stream().filter(CellResult::ok)
                .filter(result -> result.headline() != null).toList();
        if (target == null || judged.isEmpty()) {
            return Optional.empty();
        }
        long precise = record.preciseCells();
        int trials = judged.stream().mapToInt(result -> result.trials().size()).sum();
        double worst = judged.stream().map(result -> result.headline().spread()).filter(java.util.Objects::nonNull)
                .mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return Optional.of(String.format(Locale.ROOT, "precision: %d of %d cells (%s) within %s, in %d trials (%.1f "
                + "per cell)%s", precise, judged.size(), Numbers.percent((double) precise / judged.size()),
                Numbers.percent(target), trials, (double) trials / judged.size(),
                precise == judged.size() || Double.isNaN(worst) ? "" : "; the widest spread left is "
                        + Numbers.percent(worst)));
    }

    /**
     * A round's worker JVM and the model kinds it has run, each warmed up for first.
     */
    private record Worker(TrialWorkerProcess process, Set<ModelKind> kinds) implements AutoCloseable {
        Worker(TrialWorkerProcess process) {
            this(process, new HashSet<>());
        }

        @Override
        public void close() {
            process.close();
        }
    }

    /**
     * One trial in the worker JVM of its backend and thread count, started on first use in the round; a worker that
     * ended or hung fails the trial (the backend's failure, told as such) and is replaced for the next one, and so
     * is a worker whose trial failed. Before its first trial a fresh worker warms up on that trial's cell, and again
     * before its first trial of each further model kind.
     */
    private TrialMeasurement.Outcome trial(Map<String, Worker> workers, TrialSchedule.Slot slot,
            RunProgress progress) throws IOException {
        Cell cell = slot.planned().cell();
        String workerKey = workerKey(cell);
        Worker worker = workers.get(workerKey);
        // Each arithmetic is held to its own tolerance: tf32 and bf16 round the products' operands.
        double tolerance = record.sweep().tolerance(Precision.parse(cell.precision()));
        boolean fresh = worker == null || !worker.process().alive();
        if (fresh) {
            worker = new Worker(startWorker(cell));
            workers.put(workerKey, worker);
        }
        if (!worker.kinds().contains(cell.kind())) {
            TrialMeasurement.WarmUp warmUp;
            try {
                warmUp = measurement.warmUp(worker.process(), cell,
                        fresh ? TrialMeasurement.WORKER_WARMUP_TRIALS : TrialMeasurement.KIND_WARMUP_TRIALS,
                        record.sweep().seed(), tolerance, record.sweep().engineOptions(cell.backend()));
            } catch (TrialWorkerProcess.WorkerGone gone) {
                workers.remove(workerKey).close();
                return TrialMeasurement.Outcome.failed(gone.getMessage());
            }
            progress.warmedUp(warmUp.took(), fresh);
            if (warmUp.failure() != null) {
                // The warm-up ran the trial's own cell: its failure is the trial's, told once rather than met again
                // (a hang would cost two cell timeouts), and the worker is replaced as after a failed trial.
                workers.remove(workerKey).close();
                return warmUp.failure();
            }
            worker.kinds().add(cell.kind());
        }
        try {
            TrialMeasurement.Outcome outcome = measurement.measure(worker.process(), slot.planned().position(), cell,
                    slot.index(), record.sweep().seed(), tolerance, record.sweep().engineOptions(cell.backend()));
            if (outcome.failed()) {
                // JMH keeps a benchmark's state in static fields and clears them in the trial's tear-down, which a
                // trial that failed mid-measurement never reaches: the next trial in this JVM would run the failed
                // cell's model again. (A cell after an out-of-memory one went on to exhaust the heap as well.)
                workers.remove(workerKey).close();
            }
            return outcome;
        } catch (TrialWorkerProcess.WorkerGone gone) {
            workers.remove(workerKey).close();
            return TrialMeasurement.Outcome.failed(gone.getMessage());
        }
    }

    /** The worker JVM a cell's trial runs in, within a round: one per backend and thread count. */
    private static String workerKey(Cell cell) {
        return cell.backend() + " " + cell.threads();
    }

    private TrialWorkerProcess startWorker(Cell cell) throws IOException {
        return TrialWorkerProcess.start(directory.resolve("jmh.log"), Backends.find(cell.backend())
                .map(provider -> EngineOptions.startProperties(record.sweep(), provider)).orElse(Map.of()));
    }

    /** The samples of each of {@code trials} from its JMH result file, for the cell's pooled latency distribution. */
    private List<SampleHistogram> histograms(int position, List<CellResult.Trial> trials) throws IOException {
        List<SampleHistogram> histograms = new ArrayList<>();
        for (CellResult.Trial trial : trials) {
            Path file = TrialMeasurement.resultFile(directory, position, trial.index());
            // A resumed run whose jmh/ files were not kept pools what it has; a trial's median stands in for the rest.
            histograms.add(Files.exists(file) ? JmhImport.histogram(file)
                    : SampleHistogram.of(Map.of(trial.median(), trial.samples())));
        }
        return histograms;
    }

    private CellResult current(String key) {
        return record.cells().stream().filter(result -> result.cell().key().equals(key)).findFirst().orElseThrow();
    }

    /** {@code measured} with its cells in the plan's order, whatever order the schedule measured them in. */
    private RunRecord inPlanOrder(RunRecord measured) {
        List<CellResult> cells = new ArrayList<>(measured.cells());
        cells.sort(java.util.Comparator.comparingInt(result -> position.getOrDefault(result.cell().key(),
                Integer.MAX_VALUE)));
        return measured.withCells(cells);
    }

    /** A failed cell, with its error against the reference when the check ran (and failed). */
    private static CellResult failedCell(Cell cell, String reason, CellResult.AccuracyFigures accuracy) {
        return new CellResult(cell, CellResult.Status.FAILED, reason, null, null,
                Work.of(cell.spec(), cell.batch(), cell.seqLen()), null, accuracy, null,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), 0, null);
    }

    /**
     * The bounds for each thread count the remaining cells use, where the record has none yet: the cores' FMA limit
     * and the memory bandwidth (engine-free), then the product of each backend that offers one. Measured before the
     * cells, so that they are taken on the same quiet machine and every report can use them.
     */
    private void measurePeaks(List<PlannedCell> remaining) throws IOException {
        List<Integer> threads = remaining.stream().filter(planned -> planned.skipReason() == null)
                .map(planned -> planned.cell().threads()).distinct().sorted().toList();
        Environment environment = record.environment();
        int cores = environment.logicalCores();
        List<Integer> noFma = threads.stream()
                .filter(count -> environment.fmaPeakFor(FmaProbe.DEVICE, count).isEmpty()).toList();
        List<Integer> noBandwidth = threads.stream()
                .filter(count -> environment.bandwidthFor(FmaProbe.DEVICE, count).isEmpty()).toList();
        List<Environment.FmaPeak> fma = noFma.isEmpty() ? List.of() : fmaProbe.measure(noFma, cores, out);
        List<Environment.Bandwidth> bandwidth = noBandwidth.isEmpty() ? List.of()
                : bandwidthProbe.measure(noBandwidth, cores, out);
        List<Environment.Peak> measured = new java.util.ArrayList<>();
        for (BackendProvider backend : peakBackends) {
            List<Integer> missing = threads.stream().filter(count -> environment.peaks().stream()
                    .noneMatch(peak -> peak.backend().equals(backend.id()) && peak.threads() == count)).toList();
            if (!missing.isEmpty()) {
                measured.addAll(peakProbe.measure(List.of(backend), missing, out));
            }
        }
        if (!measured.isEmpty() || !fma.isEmpty() || !bandwidth.isEmpty()) {
            measuredPeaks.addAll(measured);
            measuredFma.addAll(fma);
            measuredBandwidth.addAll(bandwidth);
            record = record.withEnvironment(environment.withPeaks(measured).withFmaPeaks(fma)
                    .withBandwidths(bandwidth));
            ReportFiles.write(directory, record);
        }
    }

    /**
     * A bound measured while other processes held the cores it needed is likely low, and every share of it too
     * high; such a bound is measured once more after the cells, and the faster of the two is kept (the faster
     * measurement is the better estimate of a bound).
     */
    private void remeasureContendedPeaks() throws IOException {
        int cores = record.environment().logicalCores();
        List<Environment.Peak> kept = new java.util.ArrayList<>();
        // One product of each size for every backend and thread count that had a contended one.
        java.util.Map<String, List<Environment.Peak>> contended = measuredPeaks.stream()
                .filter(peak -> peak.contended(cores))
                .collect(Collectors.groupingBy(peak -> peak.backend() + " " + peak.threads(),
                        java.util.LinkedHashMap::new, Collectors.toList()));
        for (List<Environment.Peak> firsts : contended.values()) {
            Environment.Peak sample = firsts.getFirst();
            out.printf(Locale.ROOT, "peak with %d thread(s) on %s was measured while others used %.2f cores; "
                    + "measuring it again%n", sample.threads(), sample.backend(), sample.otherCpuCores());
            for (BackendProvider backend : peakBackends) {
                if (!backend.id().equals(sample.backend())) {
                    continue;
                }
                // Every size is measured again, so each keeps the faster of its two figures, contended or not.
                for (Environment.Peak second : peakProbe.measure(List.of(backend), List.of(sample.threads()), out)) {
                    measuredPeaks.stream().filter(first -> first.backend().equals(second.backend())
                                    && first.threads() == second.threads() && first.n() == second.n()).findFirst()
                            .ifPresent(first -> kept.add(second.gflops() > first.gflops() ? second : first));
                }
            }
        }
        List<Environment.FmaPeak> keptFma = new java.util.ArrayList<>();
        for (Environment.FmaPeak first : measuredFma.stream().filter(peak -> peak.contended(cores)).toList()) {
            out.printf(Locale.ROOT, "FMA peak with %d thread(s) was measured while others used %.2f cores; measuring "
                    + "it again%n", first.threads(), first.otherCpuCores());
            fmaProbe.measure(List.of(first.threads()), cores, out).forEach(second -> keptFma.add(
                    second.gflops() > first.gflops() ? second : first));
        }
        List<Environment.Bandwidth> keptBandwidth = new java.util.ArrayList<>();
        for (Environment.Bandwidth first : measuredBandwidth.stream().filter(peak -> peak.contended(cores)).toList()) {
            out.printf(Locale.ROOT, "memory bandwidth with %d thread(s) was measured while others used %.2f cores; "
                    + "measuring it again%n", first.threads(), first.otherCpuCores());
            bandwidthProbe.measure(List.of(first.threads()), cores, out).forEach(second -> keptBandwidth.add(
                    second.gbPerSecond() > first.gbPerSecond() ? second : first));
        }
        if (!kept.isEmpty() || !keptFma.isEmpty() || !keptBandwidth.isEmpty()) {
            record = record.withEnvironment(record.environment().withPeaks(kept).withFmaPeaks(keptFma)
                    .withBandwidths(keptBandwidth));
            ReportFiles.write(directory, record);
        }
    }

    /** A trial's progress: its own figures, then the cell's headline once its last trial is in. */
    private static String outcome(CellResult result, int index, int trials) {
        CellResult.Trial trial = result.trials().stream().filter(t -> t.index() == index).findFirst().orElseThrow();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "median %s ms, min %s ms",
                Numbers.significant(trial.median(), 3), Numbers.significant(trial.min(), 3)));
        if (trial.otherCpuCores() != null) {
            line.append(String.format(Locale.ROOT, ", others %.2f cores", trial.otherCpuCores()));
            if (CellResult.Contention.showsSteal(trial.stealCores())) {
                line.append(String.format(Locale.ROOT, " (steal %.2f)", trial.stealCores()));
            }
        }
        if (Boolean.TRUE.equals(trial.contended())) {
            line.append(" (contended)");
        }
        if (Boolean.TRUE.equals(trial.slowHost())) {
            line.append(" (slow host)");
        }
        CellResult.Headline headline = result.headline();
        if (headline != null && result.trials().size() >= trials) {
            line.append(String.format(Locale.ROOT, "; cell: %s %s ms", headline.estimator(),
                    Numbers.significant(headline.value(), 3)));
            if (headline.hasInterval()) {
                line.append(String.format(Locale.ROOT, " (95%% %s to %s)", Numbers.significant(headline.low(), 3),
                        Numbers.significant(headline.high(), 3)));
            }
            line.append(String.format(Locale.ROOT, ", p50 %s ms, error %s",
                    Numbers.significant(result.latency().p50(), 3), Numbers.error(result.accuracy().maxAbsError())));
            if (headline.spread() != null) {
                line.append(", spread ").append(Numbers.percent(headline.spread()));
                if (headline.precise() != null) {
                    line.append(headline.precise() ? " (within the target)" : " (not yet within the target)");
                }
            }
            if (headline.multiModal()) {
                line.append(", ").append(headline.modes()).append(" modes");
            }
            if (result.disturbed()) {
                line.append(" (disturbed)");
            }
        }
        return line.toString();
    }
}
