// The run report: one file holding the report JSON in #tm-report-data, drawn with the
// dashboard's own chart code. Every section is optional: what is missing is left out.
import '../styles.css';
import { h, panel } from '../shared/dom.js';
import { historyView } from '../shared/history.js';
import { renderValue } from './render.js';

function readReport() {
  try { return JSON.parse(document.getElementById('tm-report-data')?.textContent || '{}') ?? {}; } catch { return {}; }
}

const report = readReport();
const pick = (...keys) => keys.map((k) => report[k]).find((v) => v != null);
const summary = pick('summary') ?? {};
const runId = summary.run_id ?? report.run_id;

const sections = [
  ['summary', 'Summary', summary],
  ['recovery', 'Recovery and autonomy', pick('recovery', 'autonomy', 'recovery_autonomy', 'figures')],
  ['slowest', 'Slowest tasks', pick('slowest_tasks', 'slowest')],
  ['critical-path', 'Critical path', pick('critical_path')],
  ['errors', 'Errors by class', pick('errors_by_class', 'errors')],
  ['recommendations', 'Recommendations', pick('recommendations')],
];
const known = new Set(['summary', 'recovery', 'autonomy', 'recovery_autonomy', 'figures', 'slowest_tasks', 'slowest',
  'critical_path', 'errors_by_class', 'errors', 'recommendations', 'history', 'run_id']);

const history = historyView();
document.body.append(
  h('header', { class: 'top' }, h('h1', { text: 'TaskMaster run report' }), h('span', { class: 'run-name', text: runId ? `run ${runId}` : '' })),
  h('main', {},
    sections.filter(([, , v]) => v != null && !(typeof v === 'object' && !Object.keys(v).length))
      .map(([id, title, value]) => panel(id, title, renderValue(value))),
    report.history ? panel('history', 'History', history.el) : null,
    Object.entries(report).filter(([k]) => !known.has(k)).map(([k, v]) => panel(`extra-${k}`, k.replace(/_/g, ' '), renderValue(v))),
    Object.keys(report).length ? null : h('p', { class: 'muted', text: 'This report holds no data.' })));
if (report.history) {
  history.attach();
  history.load(report.history);
}
window.taskmasterReport = { report };
