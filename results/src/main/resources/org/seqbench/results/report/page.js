// What every seqbench page's charts share, set up once before the page's own script runs: the page's data, Chart.js's
// defaults, the mark of a drawn chart, and the walk over the page's chart containers.
(function () {
  'use strict';
  const data = JSON.parse(document.getElementById('seqbench-data').textContent);
  const specs = new Map(data.charts.map((chart) => [chart.id, chart]));

  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
  Chart.defaults.color = '#333333';
  // Marks a chart's container once Chart.js has drawn it, so that a test (or a person) can tell drawn from blank.
  Chart.register({
    id: 'seqbenchRendered',
    afterRender(chart) {
      chart.canvas.parentNode.setAttribute('data-rendered', 'true');
    }
  });

  window.seqbench = {
    /** Calls draw(container, spec) for every [data-chart] container, with the chart's spec from the data. */
    drawCharts(draw) {
      for (const container of document.querySelectorAll('[data-chart]')) {
        const spec = specs.get(container.getAttribute('data-chart'));
        if (!spec) {
          console.error('seqbench: no data for chart ' + container.getAttribute('data-chart'));
          continue;
        }
        draw(container, spec);
      }
    }
  };
})();
