package org.seqbench.results.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.seqbench.results.report.PageProbes.probe;
import static org.seqbench.results.report.PageProbes.texts;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.core.ModelKind;
import org.seqbench.results.CellResult;
import org.seqbench.results.Fixtures;
import org.seqbench.results.Json;
import org.seqbench.results.RunRecord;
import org.seqbench.results.analysis.Bootstrap;
import org.seqbench.results.analysis.CellComparison;
import org.seqbench.results.analysis.Comparison;
import org.seqbench.results.analysis.EnvironmentDifference;
import org.seqbench.results.analysis.TrialEstimator;
import org.seqbench.results.analysis.Verdict;

/**
 * compare.html as a person sees it, opened in a real headless Chromium ({@link HeadlessChromium}): the recorded run
 * (every kind, two backends) measured as trials, against a copy of it in which some cells got slower, some faster,
 * some noisy or too few trials for an interval, one went missing and the failed one stayed failed. A probe script
 * appended to a copy of the page asks Chart.js for each chart and reads its canvas back, so that the test sees what
 * was drawn, not what was meant to be: every kind's chart exists with one point per compared cell and one bar per
 * interval inside its plot, each verdict's colour is on the canvas, pointing at a ratio opens its tooltip, nothing
 * was written to the console, and the table has a row per cell. Saves a screenshot under target/ for a person to look at.
 *
 * <p>Skips, saying why, only where no Chromium can be found.
 */
class CompareInBrowserTest {
    /** Asks every chart what it drew; writes the answer into the page for --dump-dom to carry out. */
    private static final String PROBE = """
            <script>
            window.addEventListener('load', () => setTimeout(() => {
              const style = getComputedStyle(document.documentElement);
              const rgb = (verdict) => {
                const hex = style.getPropertyValue('--verdict-' + verdict).trim();
                return [1, 3, 5].map((at) => parseInt(hex.substring(at, at + 2), 16));
              };
              const charts = [];
              for (const container of document.querySelectorAll('[data-chart]')) {
                const canvas = container.querySelector('canvas');
                const chart = Chart.getChart(canvas);
                const entry = {id: container.getAttribute('data-chart'), exists: chart !== undefined, points: 0,
                    pointsInArea: 0, bars: 0, painted: 0, colours: {}};
                if (chart) {
                  const area = chart.chartArea;
                  chart.data.datasets.forEach((dataset, index) => {
                    if (!chart.isDatasetVisible(index)) {
                      return;
                    }
                    for (const element of chart.getDatasetMeta(index).data) {
                      if (dataset.role === 'ratio' && !element.skip && isFinite(element.x) && isFinite(element.y)) {
                        entry.points++;
                        if (element.x >= area.left && element.x <= area.right && element.y >= area.top
                            && element.y <= area.bottom) {
                          entry.pointsInArea++;
                        }
                      }
                      if (dataset.role === 'interval' && isFinite(element.x) && isFinite(element.base)
                          && element.x > element.base) {
                        entry.bars++;
                      }
                    }
                  });
                  // Point at the first drawn ratio as a pointer would, and read back the tooltip it opens.
                  const index = chart.data.datasets.findIndex((dataset) => dataset.role === 'ratio');
                  const row = chart.data.datasets[index].data.findIndex((value) => value !== null);
                  const element = chart.getDatasetMeta(index).data[row];
                  chart.tooltip.setActiveElements([{datasetIndex: index, index: row}], {x: element.x, y: element.y});
                  chart.update();
                  entry.tooltip = {row: row, title: chart.tooltip.title,
                      lines: chart.tooltip.body.flatMap((body) => body.lines)};
                }
                const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                const wanted = ['regression', 'improvement', 'noisy', 'no-change'].map((verdict) => [verdict, rgb(verdict)]);
                for (const [verdict] of wanted) {
                  entry.colours[verdict] = 0;
                }
                for (let i = 0; i < pixels.length; i += 4) {
                  if (pixels[i + 3] === 0) {
                    continue;
                  }
                  entry.painted++;
                  for (const [verdict, [r, g, b]] of wanted) {
                    if (Math.abs(pixels[i] - r) <= 8 && Math.abs(pixels[i + 1] - g) <= 8
                        && Math.abs(pixels[i + 2] - b) <= 8 && pixels[i + 3] > 240) {
                      entry.colours[verdict]++;
                    }
                  }
                }
                charts.push(entry);
              }
              const probe = document.createElement('pre');
              probe.id = 'probe';
              probe.textContent = JSON.stringify({charts: charts,
                  tableRows: document.querySelectorAll('#cells tbody tr').length});
              document.body.appendChild(probe);
            }, 100));
            </script>
            """;

    @TempDir
    Path scratch;

    @Test
    void everyKindsForestIsDrawnWithAPointPerComparedCellAndTheTableHasARowPerCell() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.orSkip(scratch, "CompareInBrowserTest",
                "compare.html was not checked in a browser.");
        RunRecord baseline = measured(RecordedRun.read(scratch), "20261124-100000-quick", false);
        RunRecord current = measured(RecordedRun.read(scratch), "20261125-100000-quick", true);
        Comparison comparison = Comparison.of(baseline, current, Comparison.Settings.DEFAULT, Bootstrap.DEFAULT);
        Set<Verdict> verdicts = EnumSet.noneOf(Verdict.class);
        comparison.cells().forEach(cell -> verdicts.add(cell.verdict()));
        assertEquals(EnumSet.allOf(Verdict.class), verdicts, "the runs give every verdict");
        assertTrue(comparison.cells().stream().anyMatch(cell -> cell.verdict() == Verdict.NOISY
                && !cell.ratio().hasInterval()), "and a cell drawn as a point without an interval");

        Path out = Files.createDirectories(Path.of("target", "browser-compare").toAbsolutePath());
        CompareHtml.write(out, comparison, EnvironmentDifference.of(baseline.environment(), current.environment()));
        Path page = out.resolve(CompareHtml.FILE_NAME);
        Path probed = out.resolve("compare-probed.html");
        Files.writeString(probed, Files.readString(page).replace("</body>", PROBE + "</body>"));

        HeadlessChromium.Run dump = chromium.run(probed, "--window-size=1280,4000", "--dump-dom");
        assertEquals(0, dump.status(), "chromium --dump-dom failed:\n" + dump.log());
        assertTrue(dump.console().isEmpty(), "the page wrote to its console:\n" + String.join("\n", dump.console()));
        JsonNode probe = probe(dump.out());
        assertEquals(comparison.cells().size(), probe.get("tableRows").asInt(), "the table has one row per cell");

        List<String> drawn = new ArrayList<>();
        for (JsonNode chart : probe.get("charts")) {
            drawn.add(chart.get("id").asText());
        }
        assertEquals(List.of("forest-rnn", "forest-lstm", "forest-gru", "forest-transformer"), drawn,
                "a chart per kind");
        List<CompareHtml.Forest> forests = CompareHtml.forests(comparison);
        for (JsonNode chart : probe.get("charts")) {
            String id = chart.get("id").asText();
            CompareHtml.Row pointed = forests.stream().filter(forest -> forest.id().equals(id)).findFirst()
                    .orElseThrow().rows().get(chart.get("tooltip").get("row").asInt());
            assertEquals(List.of(pointed.label()), texts(chart.get("tooltip").get("title")), id + ": tooltip title");
            assertEquals(pointed.tooltip(), texts(chart.get("tooltip").get("lines")),
                    id + ": the tooltip gives the ratio, interval, p-value, verdict and reason");
            ModelKind kind = ModelKind.parse(id.substring("forest-".length()));
            List<CellComparison> plotted = comparison.cells().stream()
                    .filter(cell -> cell.cell().kind() == kind && cell.verdict() != Verdict.NOT_COMPARABLE).toList();
            assertTrue(chart.get("exists").asBoolean(), id + ": a Chart.js instance");
            assertEquals(plotted.size(), chart.get("points").asInt(), id + ": a point per compared cell");
            assertEquals(plotted.size(), chart.get("pointsInArea").asInt(), id + ": every point inside the plot");
            assertEquals(plotted.stream().filter(cell -> cell.ratio().hasInterval()).count(),
                    chart.get("bars").asInt(), id + ": a bar per interval, none for a cell without one");
            assertTrue(chart.get("painted").asInt() > 10_000, id + ": the canvas is not blank");
            for (CellComparison cell : plotted) {
                assertTrue(chart.get("colours").get(cell.verdict().id()).asInt() > 0,
                        id + ": the colour of " + cell.verdict().id() + " is on the canvas");
            }
        }

        Path screenshot = chromium.screenshot(page, out.resolve("compare-screenshot.png"), 4000);
        System.out.println("CompareInBrowserTest: screenshot of compare.html at " + screenshot);
    }

    /**
     * {@code run}'s ok cells measured as ten tight trials around their median; with {@code moved}, every tenth cell
     * from the second 30% slower, from the fifth 25% faster, from the seventh ten wide trials (noisy), from the ninth
     * one trial (too few for an interval), and the tenth cell dropped.
     */
    private static RunRecord measured(RunRecord run, String runId, boolean moved) {
        List<CellResult> cells = new ArrayList<>();
        int position = 0;
        for (CellResult cell : run.cells()) {
            if (!cell.ok()) {
                cells.add(cell);
                continue;
            }
            double ms = cell.latency().p50();
            int which = moved ? position++ % 10 : 0;
            switch (which) {
                case 1 -> cells.add(trials(cell, 10, ms * 1.3, 0.002));
                case 4 -> cells.add(trials(cell, 10, ms * 0.75, 0.002));
                case 6 -> cells.add(trials(cell, 10, ms, 0.08));
                case 8 -> cells.add(trials(cell, 1, ms, 0.002));
                case 9 -> {
                    // Left out of the current run: not comparable, "not in the current run".
                }
                default -> cells.add(trials(cell, 10, ms, 0.002));
            }
        }
        return new RunRecord(run.schemaVersion(), runId, run.createdAt(), run.completedAt(), run.sweep(),
                run.environment(), cells, run.canary());
    }

    /** {@code cell} as {@code n} trials whose minima are {@code ms} times 1, 1 + step, 1 + 2 step, ... */
    private static CellResult trials(CellResult cell, int n, double ms, double step) {
        double[] minima = new double[n];
        for (int i = 0; i < n; i++) {
            minima[i] = ms * (1 + step * i);
        }
        return Fixtures.withTrials(cell, Fixtures.trials(minima), TrialEstimator.HEADLINE);
    }

}
