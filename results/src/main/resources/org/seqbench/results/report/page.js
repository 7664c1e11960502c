// What every seqbench page's charts share, registered once for all of them before the page's own script runs.
(function () {
  'use strict';
  // Marks a chart's container once Chart.js has drawn it, so that a test (or a person) can tell drawn from blank.
  Chart.register({
    id: 'seqbenchRendered',
    afterRender(chart) {
      chart.canvas.parentNode.setAttribute('data-rendered', 'true');
    }
  });
})();
