package org.seqbench.results.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seqbench.results.Cell;
import org.seqbench.results.CellResult;
import org.seqbench.results.Environment;
import org.seqbench.results.RunRecord;
import org.seqbench.results.SweepSpec;
import org.seqbench.study.StudyRecord;

/**
 * Run and study records whose every string a file or the command line gives (run id, profile, hostname, CPU, the
 * backends' names and engine versions, engine setting values, variants, failure reasons, the study's machine and
 * trainer) holds markup that would run a script, were it let through unescaped; and the checks of a page built
 * from them.
 */
final class HostileText {
    /** Ends an inline script, starts one, and failing that sets the flag from an attribute. */
    static final String MARKUP = "</script><script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\">"
            + "<!--";

    private HostileText() {
    }

    /** {@code run} with every string a file gives replaced by, or ending in, {@link #MARKUP}. */
    static RunRecord of(RunRecord run, String runId) {
        SweepSpec sweep = run.sweep();
        Map<String, Map<String, String>> settings = new LinkedHashMap<>();
        for (Environment.BackendInfo backend : run.environment().backends()) {
            settings.put(backend.id(), Map.of("optimization", MARKUP));
        }
        SweepSpec hostileSweep = new SweepSpec(MARKUP, sweep.backends(), sweep.kinds(), sweep.seqLens(),
                sweep.batches(), sweep.hiddenSizes(), sweep.layers(), sweep.threads(), sweep.inputSize(), sweep.heads(),
                sweep.ffnRatio(), sweep.outputSize(), sweep.bidirectional(), sweep.variants(), sweep.seed(),
                sweep.tolerance(), sweep.measurement(), sweep.shard(), settings);
        Environment environment = run.environment();
        List<Environment.BackendInfo> backends = environment.backends().stream()
                .map(backend -> new Environment.BackendInfo(backend.id(), MARKUP, MARKUP, backend.device(),
                        backend.available(), backend.available() ? null : MARKUP,
                        Map.of("optimization", MARKUP)))
                .toList();
        Environment hostileEnvironment = new Environment(MARKUP, environment.logicalCores(),
                environment.memoryBytes(), MARKUP, MARKUP, MARKUP, MARKUP, MARKUP, backends,
                Map.of("OMP_NUM_THREADS", MARKUP), environment.peaks(), environment.fmaPeaks(),
                environment.bandwidths());
        List<CellResult> cells = new ArrayList<>();
        for (CellResult result : run.cells()) {
            Cell cell = result.cell();
            Cell renamed = new Cell(cell.backend(), cell.variant() + MARKUP, cell.device(), cell.precision(),
                    cell.kind(), cell.seqLen(), cell.batch(), cell.hiddenSize(), cell.layers(), cell.threads(),
                    cell.inputSize(), cell.heads(), cell.ffnSize(), cell.outputSize(), cell.bidirectional());
            cells.add(new CellResult(renamed, result.status(), result.reason() == null ? null : MARKUP,
                    result.latency(), result.throughput(), result.work(), result.gflops(), result.accuracy(),
                    result.contention(), result.startedAt(), result.wallSeconds(), result.slowHost(),
                    result.trials(), result.headline(), result.memory()));
        }
        return new RunRecord(run.schemaVersion(), runId + MARKUP, run.createdAt(), run.completedAt(), hostileSweep,
                hostileEnvironment, cells, run.canary());
    }

    /** {@code study} run on a machine and by a trainer whose names hold {@link #MARKUP}. */
    static StudyRecord of(StudyRecord study) {
        return new StudyRecord(study.schema(), study.studyId() + MARKUP, study.started(), study.finished(), MARKUP,
                MARKUP, study.trainerId(), study.crossTrainer(), study.memoryBackends(), study.config(),
                study.parameters(), study.gradients(), study.trainings(), study.memory(), study.crossChecks());
    }

    /**
     * {@code page} holds the markup only escaped: no element it would start is in the page, the inline scripts are
     * the page's own four, and its data block holds no {@code <} (so no {@code </script} or {@code <!--}) and
     * parses as JSON.
     */
    static void assertEscaped(String page) throws java.io.IOException {
        assertFalse(page.contains(MARKUP), "the markup, raw");
        assertFalse(page.contains("<script>window"), "a script started by the data");
        assertFalse(page.contains("<img"), "an element started by the data");
        assertFalse(page.contains("onerror=\""), "an attribute started by the data");
        assertEquals(4, PageProbes.occurrences(page, "</script>"), "the data block, Chart.js, the shared and the "
                + "page's script: no script the data ended or started");
        PageProbes.data(page);
    }
}
