// seqbench report: draws the charts described in the page's inline JSON with Chart.js (inlined above this script):
// line charts, and the decision charts (a scatter of winners over length and batch).
// Only Chart.js's public API is used: chart options, scriptable options, and a plugin of a few lines (page.js has
// what both pages share).
(function () {
  'use strict';

  // Okabe-Ito, distinguishable with any common colour-vision deficiency, with its yellow (faint on white) replaced by
  // the wine of Paul Tol's muted scheme.
  const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#000000', '#882255'];
  const DASHES = [[], [7, 4], [2, 3], [10, 3, 2, 3]];
  const REFERENCE = '#6b6b6b';

  function format(value) {
    if (value === null || value === undefined || !isFinite(value)) {
      return 'n/a';
    }
    const magnitude = Math.abs(value);
    if (magnitude !== 0 && (magnitude >= 1e6 || magnitude < 1e-3)) {
      return value.toExponential(2);
    }
    return Number(value.toPrecision(3)).toLocaleString('en');
  }

  // Each point's confidence interval as a vertical bar with caps, for the visible lines that carry one.
  const errorBars = {
    id: 'seqbenchErrorBars',
    afterDatasetsDraw(chart) {
      const context = chart.ctx;
      const x = chart.scales.x;
      const y = chart.scales.y;
      chart.data.datasets.forEach((dataset, index) => {
        if (!dataset.errorBars || !chart.isDatasetVisible(index)) {
          return;
        }
        context.save();
        context.strokeStyle = dataset.borderColor;
        context.lineWidth = 1.2;
        for (const point of dataset.data) {
          if (point.low === null || point.low === undefined || point.high === null || point.high === undefined) {
            continue;
          }
          const px = x.getPixelForValue(point.x);
          const top = y.getPixelForValue(point.high);
          const bottom = y.getPixelForValue(point.low);
          context.beginPath();
          context.moveTo(px, top);
          context.lineTo(px, bottom);
          context.moveTo(px - 4, top);
          context.lineTo(px + 4, top);
          context.moveTo(px - 4, bottom);
          context.lineTo(px + 4, bottom);
          context.stroke();
        }
        context.restore();
      });
    }
  };

  // The 1-2-5 value at or below (down) or at or above (up) a positive value: log axes end on labelled values.
  function niceBound(value, up) {
    const decade = Math.pow(10, Math.floor(Math.log10(value)));
    const steps = [1, 2, 5, 10];
    const mantissa = value / decade;
    if (up) {
      return decade * steps.find((step) => step >= mantissa - 1e-9);
    }
    return decade * steps.slice().reverse().find((step) => step <= mantissa + 1e-9);
  }

  // On a logarithmic axis, label the 1-2-5 steps of each decade only; the other grid lines stay unlabelled.
  function logTick(value) {
    const mantissa = value / Math.pow(10, Math.floor(Math.log10(value)));
    const rounded = Math.round(mantissa * 100) / 100;
    return rounded === 1 || rounded === 2 || rounded === 5 ? format(value) : '';
  }

  // The range of everything a chart draws (points, their intervals, guide lines), so that nothing sits on the edge.
  function extent(spec, key) {
    let low = Infinity;
    let high = -Infinity;
    const take = (value) => {
      if (value !== null && value !== undefined && isFinite(value) && value > 0) {
        low = Math.min(low, value);
        high = Math.max(high, value);
      }
    };
    for (const line of spec.lines) {
      for (const point of line.points) {
        take(point[key]);
        if (key === 'y') {
          take(point.low);
          take(point.high);
        }
      }
    }
    for (const reference of spec.references) {
      take(reference[key + '1']);
      take(reference[key + '2']);
    }
    return [low, high];
  }

  function axis(spec, position, range) {
    const scale = {
      type: spec.logarithmic ? 'logarithmic' : 'linear',
      position: position,
      title: {display: true, text: spec.title},
      beginAtZero: spec.beginAtZero,
      grid: {color: '#e6e6e6'}
    };
    if (spec.ticks.length > 0) {
      // Label exactly the measured values (16, 64, 256), not the library's decades.
      const first = spec.ticks[0];
      const last = spec.ticks[spec.ticks.length - 1];
      scale.min = spec.logarithmic ? first / 1.25 : Math.max(0, first - 0.5);
      scale.max = spec.logarithmic ? last * 1.25 : last + 0.5;
      scale.afterBuildTicks = (built) => {
        built.ticks = spec.ticks.map((value) => ({value: value}));
      };
      scale.ticks = {callback: (value) => String(value), autoSkip: false, maxRotation: 0};
    } else if (spec.logarithmic) {
      if (isFinite(range[0])) {
        scale.min = niceBound(range[0] / 1.1, false);
        scale.max = niceBound(range[1] * 1.1, true);
      }
      scale.ticks = {callback: (value) => logTick(value), autoSkip: false};
    } else {
      scale.grace = '6%';
      scale.ticks = {callback: (value) => format(value)};
    }
    return scale;
  }

  function datasets(spec) {
    const lines = spec.lines.map((line) => {
      const colour = PALETTE[line.colour % PALETTE.length];
      return {
        label: line.label,
        data: line.points,
        hidden: line.hidden,
        errorBars: true,
        borderColor: colour,
        backgroundColor: colour,
        borderDash: DASHES[line.dash % DASHES.length],
        borderWidth: 2,
        pointRadius: (context) => (context.raw && context.raw.contended ? 6 : 3),
        pointStyle: (context) => (context.raw && context.raw.contended ? 'triangle' : 'circle'),
        pointBackgroundColor: (context) => (context.raw && context.raw.contended ? '#ffffff' : colour),
        tension: 0
      };
    });
    const references = spec.references.map((reference) => ({
      label: reference.label,
      data: [{x: reference.x1, y: reference.y1}, {x: reference.x2, y: reference.y2}],
      borderColor: REFERENCE,
      backgroundColor: REFERENCE,
      borderDash: [5, 5],
      borderWidth: 1.5,
      pointRadius: 0,
      pointHoverRadius: 0
    }));
    return lines.concat(references);
  }

  // A decision chart: a point per measured (T, B) in the colour and shape of the backend that wins there, filled
  // where its margin is significant. The container records how many points Chart.js laid out, for a test to count.
  const SHAPES = ['circle', 'triangle', 'rect', 'rectRot', 'star', 'crossRot', 'rectRounded', 'cross'];

  function regions(container, spec) {
    const canvas = container.querySelector('canvas');
    const datasets = spec.winners.map((winner) => {
      const colour = PALETTE[winner.colour % PALETTE.length];
      return {
        label: winner.label,
        data: winner.points,
        showLine: false,
        pointStyle: SHAPES[winner.colour % SHAPES.length],
        pointRadius: 8,
        pointHoverRadius: 10,
        borderWidth: 2,
        borderColor: colour,
        backgroundColor: colour,
        pointBackgroundColor: (context) => (context.raw && context.raw.significant ? colour : '#ffffff')
      };
    });
    const chart = new Chart(canvas, {
      type: 'scatter',
      data: {datasets: datasets},
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        scales: {x: axis(spec.x, 'bottom', [NaN, NaN]), y: axis(spec.y, 'left', [NaN, NaN])},
        plugins: {
          title: {display: true, text: spec.title, font: {size: 15, weight: '600'}, color: '#1a1a1a'},
          legend: {position: 'bottom', labels: {usePointStyle: true, font: {size: 12}}},
          tooltip: {callbacks: {title: () => '', label: (item) => item.raw.note}}
        }
      }
    });
    const points = chart.data.datasets.reduce((sum, dataset, index) => sum + chart.getDatasetMeta(index).data.length, 0);
    container.setAttribute('data-points', String(points));
    return chart;
  }

  function draw(container, spec) {
    if (spec.winners) {
      return regions(container, spec);
    }
    const canvas = container.querySelector('canvas');
    return new Chart(canvas, {
      type: 'line',
      data: {datasets: datasets(spec)},
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        interaction: {mode: 'nearest', intersect: false},
        scales: {x: axis(spec.x, 'bottom', extent(spec, 'x')), y: axis(spec.y, 'left', extent(spec, 'y'))},
        plugins: {
          title: {display: true, text: spec.title, font: {size: 15, weight: '600'}, color: '#1a1a1a'},
          legend: {position: 'bottom', labels: {boxWidth: 28, boxHeight: 2, font: {size: 12}}},
          tooltip: {
            callbacks: {
              title: (items) => (items.length ? spec.x.title + ' ' + format(items[0].raw.x) : ''),
              label: (item) => {
                const point = item.raw;
                let text = item.dataset.label + ': ' + format(point.y) + ' ' + spec.unit;
                if (point.low !== undefined && point.low !== null) {
                  text += ' (CI ' + format(point.low) + ' to ' + format(point.high) + ')';
                }
                if (point.note) {
                  text += ', ' + point.note;
                }
                if (point.contended) {
                  text += ' \u26A0 measured under contention';
                }
                return text;
              }
            }
          }
        }
      },
      plugins: [errorBars]
    });
  }

  seqbench.drawCharts(draw);
})();
