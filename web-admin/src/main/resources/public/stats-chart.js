// Statistics chart of the integration details page: processed, failed, dropped per interval (uPlot).
(function () {
  'use strict';
  var box = document.getElementById('stats-chart');
  if (!box || !window.uPlot) return;
  var data = JSON.parse(box.getAttribute('data-series'));
  if (!data[0].length) {
    box.innerHTML = '<p class="muted empty">No statistics in this time range yet.</p>';
    return;
  }
  // the x axis spans the chosen time range, so a single point does not fill the chart
  function xRange() {
    var first = data[0][0], last = data[0][data[0].length - 1];
    var from = Number(box.getAttribute('data-from')) || first - 60;
    var to = Number(box.getAttribute('data-to')) || last + 60;
    return [Math.min(from, first - 60), Math.max(to, last + 60)];
  }
  function width() { return Math.max(320, box.clientWidth); }
  var plot = new uPlot({
    width: width(),
    height: 260,
    scales: {
      x: { time: true, auto: false, range: xRange() },
      y: { auto: false, range: [0, Math.max(5, Math.ceil(Math.max.apply(null, data[1].concat(data[2], data[3])) * 1.2))] }
    },
    axes: [{}, { label: 'messages' }],
    series: [
      {},
      { label: 'Processed', stroke: '#2e7d32', width: 2, points: { show: true } },
      { label: 'Failed', stroke: '#c62828', width: 2, points: { show: true } },
      { label: 'Dropped', stroke: '#ef6c00', width: 2, points: { show: true } }
    ]
  }, data, box);
  window.addEventListener('resize', function () { plot.setSize({ width: width(), height: 260 }); });
})();
