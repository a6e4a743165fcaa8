// The execution timeline: one row per task, one bar per attempt, drawn on a canvas (text with
// fillText, so titles are never markup). Hand-written: it is TaskMaster's own view of attempts.
// Each bar runs from the attempt's start to its end as the server defines them (AttemptSpan), the
// same instants the task table's duration comes from; the list under it says the same in words.
import { h, fill } from './dom.js';
import { STATE_COLOURS } from './states.js';
import { counted, duration } from './format.js';

const ROW = 16, LABEL = 170, MAX_ROWS = 300;
const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 21600, 43200, 86400];
const OUTCOME_COLOURS = { ...STATE_COLOURS, running: STATE_COLOURS.running };

export function ganttChart(title) {
  const canvas = h('canvas', { class: 'gantt-canvas', 'aria-label': title, role: 'img' });
  const note = h('p', { class: 'muted' });
  // The bars in words, for screen readers (and tests): task, attempt, outcome, duration.
  const list = h('ol', { class: 'visually-hidden', 'data-testid': 'timeline-attempts' });
  const el = h('figure', { class: 'chart gantt' }, h('figcaption', { text: title }), h('div', { class: 'gantt-scroll' }, canvas), note, list);
  let last = [];
  let lastNow;
  let shown = [];
  let selected = null;
  let onSelect = null;
  // A click on a row names its task (the dashboard opens its details).
  canvas.addEventListener('click', (event) => {
    const row = Math.floor((event.clientY - canvas.getBoundingClientRect().top) / ROW);
    if (onSelect && shown[row] !== undefined) onSelect(shown[row]);
  });
  const chart = {
    el,
    /**
     * attempts: [{ task_id, attempt, start, end|null, outcome }] with start/end in ms; an attempt still
     * running is drawn up to `nowMs` (a report passes its run's end, a live page now).
     */
    setData(attempts, nowMs = Date.now()) {
      last = attempts;
      lastNow = nowMs;
      const rows = [...new Set(attempts.map((a) => a.task_id))];
      shown = rows.slice(-MAX_ROWS);
      note.textContent = rows.length > MAX_ROWS ? `Latest ${MAX_ROWS} of ${rows.length} tasks.` : `${counted(rows.length, 'task')}, ${counted(attempts.length, 'attempt')}.`;
      const index = new Map(shown.map((id, i) => [id, i]));
      fill(list, attempts.filter((a) => index.has(a.task_id)).map((a) => {
        const ms = Math.max(0, (a.end ?? nowMs) - a.start);
        return h('li', { dataset: { taskId: a.task_id, attempt: a.attempt, durationMs: ms, outcome: a.outcome } },
          `${a.task_id} attempt ${a.attempt}: ${a.outcome}, ${duration(ms / 1000)}${a.end == null ? ' so far' : ''}`);
      }));
      // Hidden (another view of the dashboard is shown), the canvas is drawn when it is shown again.
      if (!el.isConnected || el.closest('[hidden]')) return;
      const width = Math.max(300, el.clientWidth || 600);
      const ratio = window.devicePixelRatio || 1;
      canvas.width = width * ratio;
      canvas.height = (shown.length * ROW + 24) * ratio;
      canvas.style.width = `${width}px`;
      canvas.style.height = `${shown.length * ROW + 24}px`;
      const g = canvas.getContext('2d');
      g.scale(ratio, ratio);
      g.clearRect(0, 0, width, shown.length * ROW + 24);
      if (!attempts.length) return;
      const t0 = Math.min(...attempts.map((a) => a.start));
      // A finished run's timeline ends with its last attempt; a live one runs up to now.
      const t1 = Math.max(...attempts.map((a) => a.end ?? nowMs));
      const span = Math.max(1, t1 - t0);
      const x = (t) => LABEL + ((t - t0) / span) * (width - LABEL - 8);
      g.font = '11px system-ui, sans-serif';
      g.textBaseline = 'middle';
      const mark = index.get(selected);
      if (mark !== undefined) { g.fillStyle = 'rgba(31,111,235,.12)'; g.fillRect(0, mark * ROW, width, ROW); }
      g.fillStyle = '#555';
      shown.forEach((id, i) => g.fillText(id.length > 26 ? `${id.slice(0, 25)}…` : id, 4, i * ROW + ROW / 2));
      for (const a of attempts) {
        const row = index.get(a.task_id);
        if (row === undefined) continue;
        const left = x(a.start);
        g.fillStyle = OUTCOME_COLOURS[a.outcome] ?? '#999';
        g.fillRect(left, row * ROW + 2, Math.max(2, x(a.end ?? nowMs) - left), ROW - 4);
      }
      // Ticks at a round step (about one per 90 px), as time since the first attempt started.
      const axisY = shown.length * ROW + 12;
      const plotWidth = width - LABEL - 8;
      const step = STEPS.find((s) => (span / 1000 / s) * 90 <= plotWidth) ?? STEPS[STEPS.length - 1];
      g.strokeStyle = 'rgba(0,0,0,.08)';
      g.fillStyle = '#555';
      for (let t = 0; t <= span / 1000 + 1e-9; t += step) {
        const px = x(t0 + t * 1000);
        g.beginPath(); g.moveTo(px + 0.5, 0); g.lineTo(px + 0.5, shown.length * ROW); g.stroke();
        const label = duration(t);
        const w = g.measureText(label).width;
        if (px + w / 2 < width - 60) g.fillText(label, Math.max(LABEL, px - w / 2), axisY);
      }
      const total = duration(span / 1000);
      g.fillText(total, width - 8 - g.measureText(total).width, axisY);
    },
    redraw() { chart.setData(last, lastNow); },
    /** Marks a task's row; `handler` is told the task of a row clicked. */
    select(id) { selected = id; chart.redraw(); },
    onSelect(handler) { onSelect = handler; canvas.style.cursor = handler ? 'pointer' : ''; },
  };
  return chart;
}
