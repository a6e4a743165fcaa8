// Time-series charts (uPlot) shared by the dashboard and the report.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { h } from './dom.js';

const observer = new ResizeObserver((entries) => {
  for (const entry of entries) entry.target.tmChart?.resize();
});

/**
 * A line chart over time. `series`: [{ label, colour, scale?, dash?, fill? }]; `scales`:
 * extra uPlot scales; `format` turns a y value into text for the legend and axis.
 * Returns { el, setData(seconds[], ...ys[]) }.
 */
export function timeChart({ title, series, height = 160, format = (v) => String(v), yRange, bars = false }) {
  const empty = h('p', { class: 'muted chart-empty', text: 'No data yet.' });
  const el = h('figure', { class: 'chart' }, h('figcaption', { text: title }), empty);
  const body = h('div', { class: 'chart-body', hidden: true });
  el.append(body);
  let plot = null;
  let data = [[], ...series.map(() => [])];
  const opts = () => ({
    width: Math.max(200, body.clientWidth || 400),
    height,
    legend: { show: true },
    cursor: { drag: { x: true, y: false } },
    scales: { x: { time: true, range: (u, min, max) => (min == null ? [0, 60] : min === max ? [min - 60, max + 60] : [min, max]) }, y: yRange ? { range: yRange } : { auto: true } },
    axes: [{}, { values: (u, vals) => vals.map(format), size: 70 }],
    series: [{}, ...series.map((s) => ({
      label: s.label, stroke: s.colour, width: 1.5, dash: s.dash,
      fill: s.fill ?? (bars ? s.colour : undefined),
      paths: bars ? uPlot.paths.bars({ size: [0.8, 40] }) : undefined,
      value: (u, v) => (v == null ? '—' : format(v)),
    }))],
  });
  const chart = {
    el,
    setData(xs, ...ys) {
      data = [xs, ...ys];
      // An empty chart says so instead of drawing axes around nothing.
      empty.hidden = xs.length > 0;
      body.hidden = xs.length === 0;
      if (!xs.length) return;
      if (!plot) {
        if (!el.isConnected) return;
        plot = new uPlot(opts(), data, body);
        body.tmChart = chart;
        observer.observe(body);
      } else plot.setData(data);
    },
    resize() { if (plot && body.clientWidth) plot.setSize({ width: body.clientWidth, height }); },
    /** Draws what it was given once the element is on the page. */
    attach() { if (!plot) chart.setData(...data); },
  };
  return chart;
}
