// Historical analysis: the run's timeline, resource use, error frequency and efficiency over
// time. The dashboard feeds it /api/v1/history plus live samples; the report feeds it the
// report's `history`. Every field is read defensively: a missing one draws an empty chart.
import { h } from './dom.js';
import { timeChart } from './charts.js';
import { ganttChart } from './gantt.js';
import { epochMs, isoMs, percent } from './format.js';

const MAX_SAMPLES = 20000;
const pct = (v) => `${Number(v).toFixed(0)}%`;
// Ratios as the health panel writes them, so that a legend's latest value reads exactly as the header's figure.
const ratio = (v) => percent(v);

export function historyView() {
  const timeline = ganttChart('Execution timeline (attempts)');
  const resources = timeChart({
    title: 'Resource usage over time',
    series: [{ label: 'CPU', colour: '#f0a202' }, { label: 'Memory % of budget', colour: '#5b8def' }],
    format: pct,
  });
  const errors = timeChart({
    title: 'Failed attempts (per minute)', bars: true,
    series: [{ label: 'errors', colour: '#d64545' }], format: (v) => (Number.isInteger(v) ? String(v) : ''),
  });
  const efficiency = timeChart({
    title: 'Efficiency and autonomy over time', yRange: [0, 1.05],
    series: [{ label: 'efficiency', colour: '#2e9e5b' }, { label: 'autonomy', colour: '#5b8def' }, { label: 'error rate', colour: '#d64545', dash: [4, 3] }],
    format: ratio,
  });
  const charts = h('div', { class: 'history-charts' }, h('div', { class: 'grid2' }, resources.el, errors.el), efficiency.el);
  const el = h('div', { class: 'history' }, timeline.el, charts);

  let origin = null;
  // Where open attempts end on the timeline: a report's run end; null on a live page (now).
  let endMs = null;
  let samples = [];
  let errorTimes = [];
  const attempts = new Map();

  const draw = () => {
    const xs = samples.map((s) => s.at / 1000);
    resources.setData(xs, samples.map((s) => num(s.cpu_percent)),
      samples.map((s) => (s.memory_budget_bytes > 0 ? (100 * s.memory_bytes) / s.memory_budget_bytes : null)));
    efficiency.setData(xs, samples.map((s) => num(s.efficiency)), samples.map((s) => num(s.autonomy_score)), samples.map((s) => num(s.error_rate)));
    // Buckets sized to the run (10 s for a short one, up to a day), so that a few minutes show more than one bar.
    const ends = [...errorTimes, ...[samples[0], samples[samples.length - 1]].filter(Boolean).map((s) => s.at)];
    const spanMs = ends.length ? Math.max(...ends) - Math.min(...ends) : 0;
    const bucket = BUCKETS.find((b) => spanMs / (b.seconds * 1000) <= 40) ?? BUCKETS[BUCKETS.length - 1];
    errors.setTitle(`Failed attempts (per ${bucket.label})`);
    const size = bucket.seconds;
    const buckets = new Map();
    for (const t of errorTimes) {
      const at = Math.floor(t / 1000 / size) * size;
      buckets.set(at, (buckets.get(at) ?? 0) + 1);
    }
    // Every bucket of the run (and one either side) gets a bar, zero or not, so a quiet stretch reads as quiet.
    const known = ends.map((t) => Math.floor(t / 1000 / size) * size);
    const times = [];
    if (known.length) for (let m = Math.min(...known) - size; m <= Math.max(...known) + size && times.length < 10000; m += size) times.push(m);
    errors.setData(times, times.map((m) => buckets.get(m) ?? 0));
    timeline.setData([...attempts.values()], endMs ?? undefined);
  };

  const view = {
    el,
    /** The two halves, for a page that shows them apart (the dashboard's Timeline and History views). */
    timeline,
    chartsEl: charts,
    /** Replaces everything with a history document (contract shape); `until` (ms) ends what was still running, for a report. */
    load(history, until = null) {
      origin = isoMs(history?.started_at);
      endMs = until;
      samples = [];
      errorTimes = [];
      attempts.clear();
      for (const s of arr(history?.samples)) view.addSample(s, false);
      for (const e of arr(history?.errors)) {
        const t = epochMs(e?.t_ms, origin);
        if (t != null) errorTimes.push(t);
      }
      for (const a of arr(history?.timeline)) {
        const start = epochMs(a?.start_ms, origin);
        if (start == null || a.task_id == null) continue;
        attempts.set(`${a.task_id}#${a.attempt}`, { task_id: String(a.task_id), attempt: a.attempt, start, end: a.end_ms == null ? null : epochMs(a.end_ms, origin), outcome: a.outcome });
      }
      draw();
    },
    addSample(sample, redraw = true) {
      const at = epochMs(sample?.t_ms, origin);
      if (at == null) return;
      samples.push({ ...sample, at });
      if (samples.length > MAX_SAMPLES) samples.splice(0, samples.length - MAX_SAMPLES);
      if (redraw) draw();
    },
    /** Keeps the timeline current from live task rows: each row's started_at and ended_at are its latest attempt's. */
    applyRows(rows) {
      for (const row of rows) {
        const start = isoMs(row.started_at);
        if (start == null) continue;
        const running = row.state === 'running';
        const key = `${row.id}#${row.attempt}`;
        const known = attempts.get(key);
        const guessed = { succeeded: 'succeeded', failed: 'failed', skipped: 'skipped', retry_waiting: 'failed' }[row.state] ?? 'cancelled';
        // An attempt that has ended keeps the outcome it ended with (a retry by hand makes its task pending, not it cancelled).
        const outcome = running ? 'running' : known?.end != null ? known.outcome : guessed;
        const end = running ? null : isoMs(row.ended_at);
        // A failed attempt seen live counts as an error until the next history load says otherwise.
        if (outcome === 'failed' && attempts.get(key)?.outcome !== 'failed') errorTimes.push(end ?? Date.now());
        attempts.set(key, { task_id: row.id, attempt: row.attempt, start, end, outcome });
      }
    },
    redraw: draw,
    attach() { for (const c of [resources, errors, efficiency]) c.attach(); draw(); },
  };
  return view;
}

const BUCKETS = [
  { seconds: 1, label: 'second' }, { seconds: 2, label: '2 s' }, { seconds: 5, label: '5 s' }, { seconds: 10, label: '10 s' }, { seconds: 30, label: '30 s' }, { seconds: 60, label: 'minute' }, { seconds: 300, label: '5 min' },
  { seconds: 900, label: '15 min' }, { seconds: 3600, label: 'hour' }, { seconds: 6 * 3600, label: '6 hours' }, { seconds: 86400, label: 'day' },
];
const arr = (v) => (Array.isArray(v) ? v : []);
const num = (v) => (v == null || !Number.isFinite(Number(v)) ? null : Number(v));
