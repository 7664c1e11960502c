// seqbench history: draws each cell's runs described in the page's inline JSON with Chart.js (inlined above this
// script). One chart per cell, the runs on a category axis, oldest first: the level (median of trial medians) as a line, each run's interval
// as a floating bar, the levels as a stepped line, and the first run of each new level as a diamond, slower and
// faster levels each a dataset of their own, so that the legend shows, and hides, each of them in its colour.
(function () {
  'use strict';

  const style = getComputedStyle(document.documentElement);
  const colour = (name) => style.getPropertyValue(name).trim();
  const VALUE = colour('--accent');
  const DISTURBED = colour('--disturbed');
  const LEVEL = colour('--ink');
  // A change's diamond in compare.html's verdict colours: slower as a regression, faster as an improvement.
  const CHANGE = {slower: colour('--verdict-regression'), faster: colour('--verdict-improvement')};

  function datasets(spec) {
    const points = spec.points;
    const sets = [
      {
        type: 'bar',
        role: 'interval',
        label: '95% interval across trials',
        // A run without an interval (its low and high left out of the data) has the point only.
        data: points.map((point) => (point.low !== undefined ? [point.low, point.high] : null)),
        backgroundColor: VALUE + '33',
        borderColor: VALUE,
        borderWidth: 1,
        borderSkipped: false,
        barPercentage: 0.3,
        categoryPercentage: 1,
        grouped: false,
        order: 3
      },
      {
        type: 'line',
        role: 'value',
        label: spec.axis + ' (hollow triangle: a disturbed run)',
        data: points.map((point) => point.value),
        borderColor: VALUE,
        backgroundColor: VALUE,
        borderWidth: 1.5,
        pointStyle: (context) => (points[context.dataIndex].disturbed ? 'triangle' : 'circle'),
        pointRadius: (context) => (points[context.dataIndex].disturbed ? 6 : 3.5),
        pointHoverRadius: 7,
        pointBorderWidth: (context) => (points[context.dataIndex].disturbed ? 2.5 : 1.5),
        pointBorderColor: (context) => (points[context.dataIndex].disturbed ? DISTURBED : VALUE),
        pointBackgroundColor: (context) => (points[context.dataIndex].disturbed ? '#ffffff' : VALUE),
        order: 1
      },
      {
        type: 'line',
        role: 'level',
        label: 'level (geometric mean of its runs)',
        data: points.map((point) => point.level),
        stepped: 'middle',
        borderColor: LEVEL,
        borderDash: [6, 4],
        borderWidth: 1.5,
        pointRadius: 0,
        pointHoverRadius: 0,
        fill: false,
        order: 2
      }
    ];
    for (const direction of ['slower', 'faster']) {
      if (!points.some((point) => point.change === direction)) {
        continue;
      }
      sets.push({
        type: 'line',
        role: 'change',
        direction: direction,
        label: 'first run of a ' + direction + ' level',
        data: points.map((point) => (point.change === direction ? point.value : null)),
        showLine: false,
        pointStyle: 'rectRot',
        pointRadius: 8,
        pointHoverRadius: 9,
        pointBorderWidth: 1.5,
        borderColor: LEVEL,
        backgroundColor: CHANGE[direction],
        order: 0
      });
    }
    return sets;
  }

  function draw(container, spec) {
    return new Chart(container.querySelector('canvas'), {
      type: 'line',
      data: {labels: spec.points.map((point) => point.label), datasets: datasets(spec)},
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: {mode: 'index', axis: 'x', intersect: false},
        scales: {
          x: {
            type: 'category',
            offset: true,
            title: {display: true, text: 'run: date and commit, oldest first'},
            grid: {display: false},
            ticks: {autoSkip: true, maxRotation: 0, font: {size: 11}}
          },
          y: {
            // Fitted to the runs rather than from zero: the levels and the scatter around them are what is read.
            type: 'linear',
            beginAtZero: false,
            grace: '5%',
            title: {display: true, text: spec.axis},
            grid: {color: '#e6e6e6'}
          }
        },
        plugins: {
          title: {display: true, text: spec.title, font: {size: 15, weight: '600'}, color: '#1a1a1a'},
          legend: {position: 'bottom', labels: {usePointStyle: true, font: {size: 12}}},
          tooltip: {
            filter: (item) => item.dataset.role === 'value',
            callbacks: {
              title: (items) => (items.length ? spec.points[items[0].dataIndex].label.join(' ') : ''),
              label: (item) => spec.points[item.dataIndex].tooltip
            }
          }
        }
      }
    });
  }

  seqbench.drawCharts(draw);
})();
