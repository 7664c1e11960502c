package org.seqbench.harness.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.seqbench.core.Work;
import org.seqbench.harness.measure.BandwidthProbe;
import org.seqbench.harness.measure.CellMeasurement;
import org.seqbench.harness.measure.FmaProbe;
import org.seqbench.harness.measure.HostCanary;
import org.seqbench.harness.measure.JmhProbeRunner;
import org.seqbench.harness.measure.PeakProbe;
import org.seqbench.harness.sweep.SweepPlanner.PlannedCell;
import org.seqbench.results.CellResult;
import org.seqbench.results.Environment;
import org.seqbench.results.Json;
import org.seqbench.results.Numbers;
import org.seqbench.results.report.ReportFiles;
import org.seqbench.results.RunRecord;
import org.seqbench.spi.BackendProvider;

/**
 * Runs a planned sweep into a run directory: first the machine's bounds (once, for the thread counts the record has
 * none for: the cores' FMA limit, the memory bandwidth, each engine's matrix product), then each cell in turn, each finished cell written at once (run.json, cells.csv, summary.md,
 * report.html, jmh.json), with progress and an estimate of the time left. A resumed run skips the cells its record
 * already holds as ok or skipped and measures the rest, failed ones included. The host-speed canary
 * ({@link HostCanary}) runs before the first cell and after each measured one; a cell it found the host slow around
 * is marked, and the run ends with the canary's range.
 */
public final class SweepRun {
    /** Seconds a cell costs beyond JMH's own iterations (JVM fork, engine start, setup), before any was measured. */
    private static final double ASSUMED_OVERHEAD_SECONDS = 3.0;

    private final Path directory;
    private final List<PlannedCell> plan;
    private final CellMeasurement measurement;
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

    /**
     * @param peakBackends the backends whose matrix product measures the peak (those without one are passed over)
     * @param peakProbe how the peak is measured
     */
    public SweepRun(Path directory, RunRecord record, List<PlannedCell> plan, PrintWriter out,
            List<BackendProvider> peakBackends, PeakProbe peakProbe) {
        this.directory = directory;
        this.record = record;
        this.plan = plan;
        this.measurement = new CellMeasurement(directory, record.sweep().measurement());
        this.out = out;
        this.peakBackends = peakBackends;
        this.peakProbe = peakProbe;
        // The engine-free probes' JMH output joins the cells' in the run's log.
        JmhProbeRunner probes = JmhProbeRunner.standard(directory.resolve("jmh.log"));
        this.fmaProbe = new FmaProbe(probes);
        this.bandwidthProbe = BandwidthProbe.here(probes);
    }

    /** Measures every cell not yet done; returns the final record. */
    public RunRecord execute() throws IOException {
        Set<String> done = record.cells().stream()
                .filter(result -> result.status() != CellResult.Status.FAILED)
                .map(result -> result.cell().key()).collect(Collectors.toSet());
        List<PlannedCell> remaining = plan.stream().filter(planned -> !done.contains(planned.cell().key())).toList();
        if (!done.isEmpty()) {
            out.printf("resuming: %d of %d cells already done, %d to go%n", plan.size() - remaining.size(),
                    plan.size(), remaining.size());
        }
        ReportFiles.write(directory, record);
        measurePeaks(remaining);
        boolean measuring = remaining.stream().anyMatch(planned -> planned.skipReason() == null);
        if (measuring) {
            record = hostSpeed.visit(record);
        }
        Instant start = Instant.now();
        double measuredSeconds = 0;
        int measured = 0;
        for (int i = 0; i < remaining.size(); i++) {
            PlannedCell planned = remaining.get(i);
            int number = plan.size() - remaining.size() + i + 1;
            CellResult result;
            if (planned.skipReason() != null) {
                result = CellResult.skipped(planned.cell(), planned.skipReason(),
                        Work.of(planned.cell().spec(), planned.cell().batch(), planned.cell().seqLen()),
                        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            } else {
                out.printf("[%d/%d] %s ...%n", number, plan.size(), planned.cell().label());
                out.flush();
                result = measurement.measure(planned.position(), planned.cell(), record.sweep().seed(),
                        record.sweep().tolerance());
                measuredSeconds += result.wallSeconds();
                measured++;
            }
            record = record.with(result);
            if (planned.skipReason() == null) {
                hostSpeed.measured(result.cell().key());
                record = hostSpeed.visit(record);
                result = judged(result);
            }
            ReportFiles.write(directory, record);
            writeJmhJson();
            double perCell = measured > 0 ? measuredSeconds / measured
                    : record.sweep().measurement().secondsPerCell() + ASSUMED_OVERHEAD_SECONDS;
            long left = remaining.subList(i + 1, remaining.size()).stream()
                    .filter(cell -> cell.skipReason() == null).count();
            out.printf("[%d/%d] %s: %s | elapsed %s, about %s left%n", number, plan.size(), planned.cell().label(),
                    outcome(result), Numbers.duration(Duration.between(start, Instant.now()).toMillis() / 1000.0),
                    Numbers.duration(left * perCell));
        }
        if (measuring) {
            HostSpeedWatch.summary(record).ifPresent(out::println);
        }
        remeasureContendedPeaks();
        record = record.completed(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        ReportFiles.write(directory, record);
        writeJmhJson();
        return record;
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

    /** {@code result} as the record now holds it, with the canary's verdict. */
    private CellResult judged(CellResult result) {
        return record.cells().stream().filter(cell -> cell.cell().key().equals(result.cell().key())).findFirst()
                .orElse(result);
    }

    private static String outcome(CellResult result) {
        return switch (result.status()) {
            case OK -> String.format(Locale.ROOT, "p50 %s ms, mean %s ms, error %s%s",
                    Numbers.significant(result.latency().p50(), 3), Numbers.significant(result.latency().mean(), 3),
                    Numbers.error(result.accuracy().maxAbsError()),
                    result.contention() == null ? "" : String.format(Locale.ROOT, ", used %.2f cores, others %.2f%s%s",
                            result.contention().ownCpuCores(), result.contention().otherCpuCores(),
                            CellResult.Contention.showsSteal(result.contention().stealCores())
                                    ? String.format(Locale.ROOT, " (steal %.2f)", result.contention().stealCores())
                                    : "",
                            result.contended() ? " (contended)" : ""))
                    + (Boolean.TRUE.equals(result.slowHost()) ? " (slow host)" : "");
            case FAILED -> "FAILED: " + result.reason();
            case SKIPPED -> "skipped: " + result.reason();
        };
    }

    /** jmh.json: every cell's raw JMH result in one array, in plan order, as JMH's own -rf json would write it. */
    private void writeJmhJson() throws IOException {
        Path jmhDirectory = directory.resolve("jmh");
        ObjectMapper json = Json.mapper();
        ArrayNode all = json.createArrayNode();
        if (Files.isDirectory(jmhDirectory)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(jmhDirectory, "cell-[0-9]*.json")) {
                List<Path> sorted = new java.util.ArrayList<>();
                files.forEach(sorted::add);
                sorted.sort(null);
                for (Path file : sorted) {
                    JsonNode benchmarks = json.readTree(file.toFile());
                    if (benchmarks != null && benchmarks.isArray()) {
                        benchmarks.forEach(all::add);
                    }
                }
            }
        }
        org.seqbench.results.RunRecordFiles.writeAtomically(directory.resolve("jmh.json"),
                json.writeValueAsString(all));
    }
}
