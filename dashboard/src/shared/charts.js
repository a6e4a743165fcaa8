// Time-series charts (uPlot) shared by the dashboard and the report.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { h } from './dom.js';
import { clock, lastNumber } from './format.js';

const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800];

const observer = new ResizeObserver((entries) => {
  for (const entry of entries) entry.target.tmChart?.resize();
});

/**
 * A line chart over time. `series`: [{ label, colour, scale?, dash?, fill? }]; `scales`:
 * extra uPlot scales; `format` turns a y value into text for the legend and axis.
 * Returns { el, setData(seconds[], ...ys[]), setTitle(text) }.
 */
export function timeChart({ title, series, height = 160, format = (v) => String(v), yRange, bars = false }) {
  const empty = h('p', { class: 'muted chart-empty', text: 'No data yet.' });
  const el = h('figure', { class: 'chart' }, h('figcaption', { text: title }), empty);
  const body = h('div', { class: 'chart-body', hidden: true });
  el.append(body);
  let plot = null;
  let data = [[], ...series.map(() => [])];
  const span = (u) => ((u.scales.x.max ?? 0) - (u.scales.x.min ?? 0)) * 1000;
  // Off the chart, the legend shows each series' latest value; over it, the value under the cursor.
  const legendValue = (u, v, i, idx) => {
    const value = idx == null ? lastNumber(data[i]) : v;
    return value == null ? '—' : format(value);
  };
  const opts = () => ({
    width: Math.max(200, body.clientWidth || 400),
    height,
    // Room on the right for the last time label.
    padding: [8, 28, 0, 0],
    legend: { show: true },
    cursor: { drag: { x: true, y: false } },
    scales: { x: { time: true, range: (u, min, max) => (min == null ? [0, 60] : min === max ? [min - 60, max + 60] : [min, max]) }, y: yRange ? { range: yRange } : { auto: true, range: (u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] } },
    axes: [
      // Whole seconds at least: labels are clock times to the second.
      { values: (u, splits) => splits.map((t) => clock(t * 1000, span(u))), space: 90, incrs: TIME_STEPS },
      { values: (u, vals) => vals.map(format), size: 70 },
    ],
    series: [
      { label: 'time (UTC)', value: (u, v, i, idx) => (idx == null ? 'latest' : clock(v * 1000)) },
      ...series.map((s) => ({
        label: s.label, stroke: s.colour, width: 1.5, dash: s.dash,
        fill: s.fill ?? (bars ? s.colour : undefined),
        paths: bars ? uPlot.paths.bars({ size: [0.8, 40] }) : undefined,
        // Dots only while there are few samples: a long run reads as a line.
        points: { show: (u) => !bars && (u.data?.[0]?.length ?? 0) < 60 },
        value: legendValue,
      }))],
  });
  const caption = el.querySelector('figcaption');
  const chart = {
    el,
    setTitle(text) { caption.textContent = text; },
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
