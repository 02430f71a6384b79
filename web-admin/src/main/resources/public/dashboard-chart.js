// Dashboard throughput chart (uPlot): messages received and sent per second. The server computes
// the rates; htmx replaces #dashboard-live every few seconds and this takes the new series from it.
(function () {
  'use strict';
  var box = document.getElementById('throughput-chart');
  if (!box || !window.uPlot) return;
  function series() {
    var live = document.getElementById('dashboard-live');
    try { return JSON.parse(live.getAttribute('data-series')); } catch (e) { return [[], [], []]; }
  }
  function width() { return Math.max(320, box.clientWidth); }
  var data = series();
  var plot = new uPlot({
    width: width(),
    height: 220,
    scales: { x: { time: true }, y: { range: function (u, min, max) { return [0, Math.max(5, Math.ceil((max || 0) * 1.2))]; } } },
    axes: [{}, { label: 'messages/s' }],
    series: [
      {},
      { label: 'In', stroke: '#1565c0', width: 2, spanGaps: false },
      { label: 'Out', stroke: '#2e7d32', width: 2, spanGaps: false }
    ]
  }, data, box);
  box.setAttribute('data-points', String(data[0].length));
  document.body.addEventListener('htmx:afterSettle', function () {
    var next = series();
    plot.setData(next);
    box.setAttribute('data-points', String(next[0].length));
  });
  window.addEventListener('resize', function () { plot.setSize({ width: width(), height: 220 }); });
})();
