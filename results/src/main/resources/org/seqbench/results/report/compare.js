// seqbench compare: draws the forest plots described in the page's inline JSON with Chart.js (inlined above this
// script). Each plot is a horizontal bar chart: per verdict, a floating bar dataset [low, high] for the intervals and
// a point-only line dataset for the ratios, so that the legend shows, and hides, one verdict at a time.
(function () {
  'use strict';

  // Listed in this order in the legend; their colours are the page's style sheet's, as the table's are.
  const VERDICTS = ['regression', 'improvement', 'noisy', 'no-change'];
  const NAMES = {'regression': 'regression', 'improvement': 'improvement', 'noisy': 'noisy', 'no-change': 'no change'};
  // Shape as well as colour, for print and for colour-blind readers.
  const SHAPES = {'regression': 'triangle', 'improvement': 'rectRot', 'noisy': 'circle', 'no-change': 'circle'};
  const GUIDE = '#1a1a1a';
  const BAND = 'rgba(0, 0, 0, 0.07)';

  const style = getComputedStyle(document.documentElement);
  const colour = (verdict) => style.getPropertyValue('--verdict-' + verdict).trim();

  function format(value) {
    return String(Number(value.toPrecision(3)));
  }

  // Ratio ticks symmetric in log space (1.1 and 1/1.1), the finest pairs dropped until a few remain.
  function ratioTicks(min, max) {
    const steps = [1.05, 1.1, 1.25, 1.5, 2, 3, 5, 10, 20, 50, 100, 1000];
    let ticks = [1];
    steps.forEach((step) => ticks.push(step, 1 / step));
    ticks = ticks.filter((value) => value >= min && value <= max).sort((a, b) => a - b);
    for (const step of steps) {
      if (ticks.length <= 9) {
        break;
      }
      ticks = ticks.filter((value) => Math.abs(value - step) > 1e-9 && Math.abs(value - 1 / step) > 1e-9);
    }
    return ticks;
  }

  // The threshold band [1/(1+t), 1+t] shaded and a line at 1, under the data.
  function guides(spec) {
    return {
      id: 'seqbenchGuides',
      beforeDatasetsDraw(chart) {
        const area = chart.chartArea;
        const x = chart.scales.x;
        const context = chart.ctx;
        const left = Math.max(area.left, x.getPixelForValue(spec.fasterBound));
        const right = Math.min(area.right, x.getPixelForValue(spec.slowerBound));
        const one = x.getPixelForValue(1);
        context.save();
        context.fillStyle = BAND;
        context.fillRect(left, area.top, right - left, area.bottom - area.top);
        context.strokeStyle = GUIDE;
        context.lineWidth = 1.5;
        context.beginPath();
        context.moveTo(one, area.top);
        context.lineTo(one, area.bottom);
        context.stroke();
        context.restore();
      }
    };
  }

  function datasets(spec) {
    const sets = [];
    for (const verdict of VERDICTS) {
      if (!spec.rows.some((row) => row.verdict === verdict)) {
        continue;
      }
      const hue = colour(verdict);
      sets.push({
        type: 'bar',
        role: 'interval',
        verdict: verdict,
        label: NAMES[verdict] + ', 95% interval',
        // A row without an interval (its low and high left out of the data) has the point only.
        data: spec.rows.map((row) => (row.verdict === verdict && row.low !== undefined ? [row.low, row.high] : null)),
        backgroundColor: hue + '40',
        borderColor: hue,
        borderWidth: 1,
        borderSkipped: false,
        barPercentage: 0.55,
        categoryPercentage: 1,
        grouped: false,
        order: 2
      });
      sets.push({
        type: 'line',
        role: 'ratio',
        verdict: verdict,
        label: NAMES[verdict],
        indexAxis: 'y',
        data: spec.rows.map((row) => (row.verdict === verdict ? row.ratio : null)),
        showLine: false,
        pointStyle: SHAPES[verdict],
        pointRadius: 5,
        pointHoverRadius: 7,
        pointBorderWidth: 1.5,
        borderColor: hue,
        backgroundColor: verdict === 'noisy' ? '#ffffff' : hue,
        order: 1
      });
    }
    return sets;
  }

  function extent(spec) {
    let low = Math.min(spec.fasterBound, 1);
    let high = Math.max(spec.slowerBound, 1);
    for (const row of spec.rows) {
      for (const value of [row.ratio, row.low, row.high]) {
        if (isFinite(value) && value > 0) {
          low = Math.min(low, value);
          high = Math.max(high, value);
        }
      }
    }
    return [low / 1.04, high * 1.04];
  }

  // A legend entry shows or hides a verdict's points and intervals together.
  function toggleVerdict(event, item, legend) {
    const chart = legend.chart;
    const verdict = chart.data.datasets[item.datasetIndex].verdict;
    const visible = chart.isDatasetVisible(item.datasetIndex);
    chart.data.datasets.forEach((dataset, index) => {
      if (dataset.verdict === verdict) {
        chart.setDatasetVisibility(index, !visible);
      }
    });
    chart.update();
  }

  function draw(container, spec) {
    const [min, max] = extent(spec);
    const ticks = ratioTicks(min, max);
    return new Chart(container.querySelector('canvas'), {
      type: 'bar',
      data: {labels: spec.rows.map((row) => row.label), datasets: datasets(spec)},
      options: {
        indexAxis: 'y',
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: {mode: 'index', axis: 'y', intersect: false},
        scales: {
          x: {
            type: 'logarithmic',
            position: 'bottom',
            min: min,
            max: max,
            title: {display: true, text: spec.axis},
            grid: {color: '#e6e6e6'},
            afterBuildTicks: (scale) => {
              scale.ticks = ticks.map((value) => ({value: value}));
            },
            ticks: {callback: (value) => format(value), autoSkip: false, maxRotation: 0}
          },
          y: {
            type: 'category',
            grid: {display: false},
            ticks: {autoSkip: false, font: {size: 11}}
          }
        },
        plugins: {
          title: {display: true, text: spec.title, font: {size: 15, weight: '600'}, color: '#1a1a1a'},
          legend: {
            position: 'bottom',
            onClick: toggleVerdict,
            labels: {
              usePointStyle: true,
              font: {size: 12},
              filter: (item, chartData) => chartData.datasets[item.datasetIndex].role === 'ratio'
            }
          },
          tooltip: {
            filter: (item) => item.dataset.role === 'ratio' && item.raw !== null,
            callbacks: {
              title: (items) => (items.length ? spec.rows[items[0].dataIndex].label : ''),
              label: (item) => spec.rows[item.dataIndex].tooltip
            }
          }
        }
      },
      plugins: [guides(spec)]
    });
  }

  seqbench.drawCharts(draw);
})();
