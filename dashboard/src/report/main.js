// The run report: one file holding the report JSON (`task-master report --format json`) in
// #tm-report-data, drawn with the dashboard's own chart code. Every section is optional and
// read defensively: what is missing is left out, what is unknown is shown as a plain table.
import '../styles.css';
import { h, fill, panel } from '../shared/dom.js';
import { historyView } from '../shared/history.js';
import { duration, percent, progressText } from '../shared/format.js';
import { renderValue } from './render.js';

function readReport() {
  try { return JSON.parse(document.getElementById('tm-report-data')?.textContent || '{}') ?? {}; } catch { return {}; }
}

const report = readReport();
const isScalar = (v) => v == null || typeof v !== 'object';
const present = (v) => v != null && !(typeof v === 'object' && !Object.keys(v).length);

/** The run at a glance: an explicit `summary`, else the report's own scalar fields. */
function summary() {
  const base = report.summary && typeof report.summary === 'object' ? report.summary
    : Object.fromEntries(Object.entries(report).filter(([, v]) => isScalar(v)));
  const queue = report.queue?.name ? { queue: report.queue.name } : {};
  // How far the run got, as every view says it: a run with failures never reads as done.
  const progress = report.counts && typeof report.counts === 'object' ? { tasks: progressText(report.counts.total, report.counts) } : {};
  const figures = { ...queue, ...progress, ...base };
  if (typeof figures.duration_seconds === 'number') figures.duration_seconds = duration(figures.duration_seconds);
  return figures;
}

function criticalPath(value) {
  if (!value || Array.isArray(value) || typeof value !== 'object') return renderValue(value);
  const line = [value.duration_seconds != null ? duration(value.duration_seconds) : null,
    value.share_of_run != null ? `${percent(value.share_of_run, 0)} of the run` : null].filter(Boolean).join(', ');
  return h('div', {}, line ? h('p', { text: line }) : null, renderValue(value.tasks ?? []));
}

/** Each task that failed for good: its error and class, every attempt, the end of its stderr (as text), its log. */
function failedTasks(value) {
  if (!Array.isArray(value)) return renderValue(value);
  if (!value.length) return h('p', { class: 'muted', text: 'None: no task failed for good.' });
  return h('div', { class: 'failed-tasks' }, value.map((t) => h('article', { class: 'failed-task', dataset: { taskId: String(t?.id ?? '') } },
    h('h3', {}, h('code', { text: String(t?.id ?? '') }), ' ', h('span', { text: String(t?.title ?? '') })),
    h('dl', { class: 'figures' },
      h('dt', { text: 'Error' }), h('dd', { text: String(t?.error ?? '—') }),
      h('dt', { text: 'Class' }), h('dd', { text: [t?.class, t?.kind].filter(Boolean).join(' · ') || '—' }),
      h('dt', { text: 'Log' }), h('dd', {}, h('code', { text: String(t?.log_path ?? '—') }))),
    renderValue(t?.attempts ?? []),
    Array.isArray(t?.stderr_tail) && t.stderr_tail.length
      ? [h('h4', { text: 'Last lines of stderr' }), fill(h('pre', { class: 'log' }), t.stderr_tail.join('\n'))]
      : null)));
}

function recommendations(value) {
  if (!Array.isArray(value)) return renderValue(value);
  if (!value.length) return h('p', { class: 'muted', text: 'None: nothing stood out.' });
  return h('ul', { class: 'recommendations' }, value.map((r) => (r && typeof r === 'object'
    ? h('li', {}, h('span', { text: r.message ?? r.text ?? JSON.stringify(r) }), ' ',
      h('span', { class: 'muted', text: [r.rule, r.task_id].filter(Boolean).join(' · ') }))
    : h('li', { text: String(r) }))));
}

const recovery = [report.recovery, report.autonomy].some(present) ? { recovery: report.recovery, autonomy: report.autonomy } : null;
const sections = [
  ['summary', 'Summary', summary(), renderValue],
  ['counts', 'Tasks', report.counts, renderValue],
  ['recovery', 'Recovery and autonomy', recovery, renderValue],
  ['failed-tasks', 'Failed tasks', report.failed_tasks, failedTasks],
  ['resources', 'Resources', report.resources, renderValue],
  ['slowest', 'Slowest tasks', report.slowest_tasks, renderValue],
  ['critical-path', 'Critical path', report.critical_path, criticalPath],
  ['errors', 'Errors by class', report.errors_by_class, renderValue],
  ['error-trend', 'Error trend', report.error_trend, renderValue],
  ['recommendations', 'Recommendations', report.recommendations, recommendations],
];
const shown = new Set(['summary', 'counts', 'recovery', 'autonomy', 'failed_tasks', 'resources', 'slowest_tasks', 'critical_path',
  'errors_by_class', 'error_trend', 'recommendations', 'history', 'queue']);

const history = historyView();
document.body.append(
  h('header', { class: 'top' }, h('h1', { text: 'TaskMaster run report' }),
    h('span', { class: 'run-name', text: report.run_id ? `run ${report.run_id}` : '' })),
  h('main', {},
    // The run at a glance side by side; the tables and charts below at full width.
    h('div', { class: 'grid3' }, sections.slice(0, 3).filter(([, , value]) => present(value)).map(([id, title, value, render]) => panel(id, title, render(value)))),
    // Failed tasks show even when there are none, so that a reader knows none failed.
    sections.slice(3).filter(([id, , value]) => present(value) || (id === 'failed-tasks' && Array.isArray(value))).map(([id, title, value, render]) => panel(id, title, render(value))),
    report.history ? panel('history', 'History', history.el) : null,
    Object.entries(report).filter(([k, v]) => !shown.has(k) && !isScalar(v)).map(([k, v]) => panel(`extra-${k}`, k.replace(/_/g, ' '), renderValue(v))),
    Object.keys(report).length ? null : h('p', { class: 'muted', text: 'This report holds no data.' })));
if (report.history) {
  history.attach();
  // What was still running when the report was made is drawn up to the run's end (or the report's time), never past it.
  const until = Date.parse(report.ended_at ?? report.generated_at ?? '');
  history.load(report.history, Number.isNaN(until) ? null : until);
}
window.taskmasterReport = { report };
