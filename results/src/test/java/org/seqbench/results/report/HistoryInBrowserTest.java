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
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.core.ModelKind;
import org.seqbench.results.Fixtures;
import org.seqbench.results.Json;
import org.seqbench.results.analysis.CellHistory;
import org.seqbench.results.analysis.ChangePoint;
import org.seqbench.results.analysis.ChangePoints;
import org.seqbench.results.analysis.SyntheticHistory;

/**
 * history.html as a person sees it, opened in a real headless Chromium ({@link HeadlessChromium}): four cells' noisy
 * histories, one that got slower, one that got faster with a disturbed run, one that spiked and recovered, one
 * steady. A probe script appended to a copy of the page asks Chart.js for each chart and reads its canvas back, so
 * that the test sees what was drawn: every chart exists with one point per run inside its plot, a bar per interval,
 * a level per run, a diamond on the first run of each new level in its direction's colour, the disturbed run's
 * colour; pointing at a change's run opens its tooltip; nothing was written to the console. Saves a screenshot under
 * target/ for a person to look at.
 *
 * <p>Skips, saying why, only where no Chromium can be found.
 */
class HistoryInBrowserTest {
    /** Asks every chart what it drew; writes the answer into the page for --dump-dom to carry out. */
    private static final String PROBE = """
            <script>
            window.addEventListener('load', () => setTimeout(() => {
              const style = getComputedStyle(document.documentElement);
              const rgb = (name) => {
                const hex = style.getPropertyValue(name).trim();
                return [1, 3, 5].map((at) => parseInt(hex.substring(at, at + 2), 16));
              };
              const wanted = {slower: rgb('--verdict-regression'), faster: rgb('--verdict-improvement'),
                  disturbed: rgb('--disturbed')};
              const charts = [];
              for (const container of document.querySelectorAll('[data-chart]')) {
                const canvas = container.querySelector('canvas');
                const chart = Chart.getChart(canvas);
                const entry = {id: container.getAttribute('data-chart'), exists: chart !== undefined,
                    rendered: container.getAttribute('data-rendered') === 'true', labels: 0, values: 0,
                    valuesInArea: 0, bars: 0, levels: 0, changes: {}, painted: 0, colours: {}};
                if (chart) {
                  const area = chart.chartArea;
                  entry.labels = chart.scales.x.getLabels().length;
                  chart.data.datasets.forEach((dataset, index) => {
                    for (const element of chart.getDatasetMeta(index).data) {
                      const drawn = !element.skip && isFinite(element.x) && isFinite(element.y);
                      const inside = drawn && element.x >= area.left && element.x <= area.right
                          && element.y >= area.top - 1 && element.y <= area.bottom + 1;
                      if (dataset.role === 'value' && drawn) {
                        entry.values++;
                        entry.valuesInArea += inside ? 1 : 0;
                      }
                      if (dataset.role === 'interval' && drawn && isFinite(element.base)
                          && element.base > element.y) {
                        entry.bars++;
                      }
                      if (dataset.role === 'level' && drawn) {
                        entry.levels++;
                      }
                      if (dataset.role === 'change' && inside) {
                        entry.changes[dataset.direction] = (entry.changes[dataset.direction] || []).concat(
                            [chart.getDatasetMeta(index).data.indexOf(element)]);
                      }
                    }
                  });
                }
                const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                for (const name of Object.keys(wanted)) {
                  entry.colours[name] = 0;
                }
                for (let i = 0; i < pixels.length; i += 4) {
                  if (pixels[i + 3] === 0) {
                    continue;
                  }
                  entry.painted++;
                  for (const [name, [r, g, b]] of Object.entries(wanted)) {
                    if (Math.abs(pixels[i] - r) <= 8 && Math.abs(pixels[i + 1] - g) <= 8
                        && Math.abs(pixels[i + 2] - b) <= 8 && pixels[i + 3] > 240) {
                      entry.colours[name]++;
                    }
                  }
                }
                // Point at the first change's run (or the last run) as a pointer would, and read the tooltip: after
                // the canvas is read, as the tooltip's box may cover a run.
                if (chart) {
                  const value = chart.data.datasets.findIndex((dataset) => dataset.role === 'value');
                  const change = chart.data.datasets.find((dataset) => dataset.role === 'change');
                  const run = change ? change.data.findIndex((y) => y !== null) : chart.data.labels.length - 1;
                  const element = chart.getDatasetMeta(value).data[run];
                  chart.tooltip.setActiveElements([{datasetIndex: value, index: run}], {x: element.x, y: element.y});
                  chart.update();
                  entry.tooltip = {run: run, title: chart.tooltip.title,
                      lines: chart.tooltip.body.flatMap((body) => body.lines)};
                }
                charts.push(entry);
              }
              const probe = document.createElement('pre');
              probe.id = 'probe';
              probe.textContent = JSON.stringify({charts: charts,
                  tableRows: document.querySelectorAll('#cells tbody tr').length,
                  changeRows: document.querySelectorAll('#changes tbody tr').length});
              document.body.appendChild(probe);
            }, 100));
            </script>
            """;

    @TempDir
    Path scratch;

    /** {@code levels[k]} for {@code lengths[k]} runs each, under 2% log-normal noise from {@code seed}. */
    private static double[] noisy(long seed, double[] levels, int... lengths) {
        Random random = new Random(seed);
        List<Double> values = new ArrayList<>();
        for (int k = 0; k < levels.length; k++) {
            for (int j = 0; j < lengths[k]; j++) {
                values.add(levels[k] * Math.exp(0.02 * random.nextGaussian()));
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static List<CellHistory> histories() {
        ChangePoints.Settings settings = ChangePoints.Settings.DEFAULT;
        return List.of(
                CellHistory.of(SyntheticHistory.trend(Fixtures.cell("onnx", "fused-op", ModelKind.LSTM, 64),
                        noisy(1, new double[] {0.8, 1.2}, 7, 5), Set.of()), settings),
                CellHistory.of(SyntheticHistory.trend(Fixtures.cell("djl", "fused-op", ModelKind.GRU, 16),
                        noisy(2, new double[] {3.0, 2.1}, 10, 10), Set.of(4)), settings),
                CellHistory.of(SyntheticHistory.trend(Fixtures.cell("dl4j", "eager", ModelKind.TRANSFORMER, 256),
                        noisy(3, new double[] {12, 19, 12}, 6, 4, 6), Set.of()), settings),
                CellHistory.of(SyntheticHistory.trend(Fixtures.cell("onnx", "fused-op", ModelKind.RNN, 16),
                        noisy(4, new double[] {0.05}, 7), Set.of()), settings));
    }

    @Test
    void everyCellsChartIsDrawnWithAPointPerRunAndItsChangesMarked() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.orSkip(scratch, "HistoryInBrowserTest",
                "history.html was not checked in a browser.");
        List<CellHistory> histories = histories();
        List<List<Integer>> expected = histories.stream()
                .map(history -> history.changes().stream().map(ChangePoint::index).toList()).toList();
        assertEquals(List.of(List.of(7), List.of(10), List.of(6, 10), List.of()), expected,
                "the planted changes are found, so that the page has each kind of mark");

        Path out = Files.createDirectories(Path.of("target", "browser-history").toAbsolutePath());
        HistoryHtml.write(out, "seqbench history", "history.db", ChangePoints.Settings.DEFAULT, histories);
        Path page = out.resolve(HistoryHtml.FILE_NAME);
        Path probed = out.resolve("history-probed.html");
        Files.writeString(probed, Files.readString(page).replace("</body>", PROBE + "</body>"));

        HeadlessChromium.Run dump = chromium.run(probed, "--window-size=1280,3000", "--dump-dom");
        assertEquals(0, dump.status(), "chromium --dump-dom failed:\n" + dump.log());
        assertTrue(dump.console().isEmpty(), "the page wrote to its console:\n" + String.join("\n", dump.console()));
        JsonNode probe = probe(dump.out());
        int runs = histories.stream().mapToInt(history -> history.trend().points().size()).sum();
        assertEquals(runs, probe.get("tableRows").asInt(), "the tables have a row per run");
        assertEquals(4, probe.get("changeRows").asInt(), "the summary has a row per change");
        assertEquals(histories.size(), probe.get("charts").size(), "a chart per cell");

        for (int i = 0; i < histories.size(); i++) {
            CellHistory history = histories.get(i);
            JsonNode chart = probe.get("charts").get(i);
            String id = "history-" + i;
            int points = history.trend().points().size();
            assertEquals(id, chart.get("id").asText());
            assertTrue(chart.get("exists").asBoolean() && chart.get("rendered").asBoolean(), id + ": drawn");
            assertEquals(points, chart.get("labels").asInt(), id + ": a label per run");
            assertEquals(points, chart.get("values").asInt(), id + ": a point per run");
            assertEquals(points, chart.get("valuesInArea").asInt(), id + ": every point inside the plot");
            assertEquals(points, chart.get("bars").asInt(), id + ": a bar per interval");
            assertEquals(points, chart.get("levels").asInt(), id + ": a level per run");
            assertTrue(chart.get("painted").asInt() > 10_000, id + ": the canvas is not blank");
            List<Integer> slower = new ArrayList<>();
            List<Integer> faster = new ArrayList<>();
            for (ChangePoint change : history.changes()) {
                (change.ratio() > 1 ? slower : faster).add(change.index());
            }
            assertEquals(slower, indexes(chart.get("changes").get("slower")), id + ": the slower levels' diamonds");
            assertEquals(faster, indexes(chart.get("changes").get("faster")), id + ": the faster levels' diamonds");
            assertEquals(!slower.isEmpty(), chart.get("colours").get("slower").asInt() > 0, id + ": slower's colour");
            assertEquals(!faster.isEmpty(), chart.get("colours").get("faster").asInt() > 0, id + ": faster's colour");
            boolean disturbed = history.trend().points().stream().anyMatch(point -> point.disturbed());
            assertEquals(disturbed, chart.get("colours").get("disturbed").asInt() > 0, id + ": a disturbed run");

            HistoryHtml.Point pointed = HistoryHtml.chart(id, history).points()
                    .get(chart.get("tooltip").get("run").asInt());
            assertEquals(List.of(String.join(" ", pointed.label())), texts(chart.get("tooltip").get("title")),
                    id + ": the tooltip's title is the run's date and commit");
            assertEquals(pointed.tooltip(), texts(chart.get("tooltip").get("lines")),
                    id + ": the tooltip gives the run, commit, value, interval, settings and change");
        }

        Path screenshot = chromium.screenshot(page, out.resolve("history-screenshot.png"), 3000);
        System.out.println("HistoryInBrowserTest: screenshot of history.html at " + screenshot);
    }

    private static List<Integer> indexes(JsonNode array) {
        List<Integer> indexes = new ArrayList<>();
        if (array != null) {
            array.forEach(node -> indexes.add(node.asInt()));
        }
        return indexes;
    }

}
