// The live dashboard: reads its configuration from #tm-config, shows the queue's graph at once
// (embedded by monitor-init, or from the server), then follows the executor's feed.
import '../styles.css';
import { h, panel } from '../shared/dom.js';
import { historyView } from '../shared/history.js';
import * as format from '../shared/format.js';
import { createApi } from './api.js';
import { takeTokenFromUrl } from './token.js';
import { createStore } from './store.js';
import { connectFeed } from './feed.js';
import { overviewPanel } from './overview.js';
import { resourcesPanel } from './resources.js';
import { healthPanel } from './health.js';
import { graphPanel } from './graph.js';
import { detailsPanel } from './details.js';
import { createControls } from './controls.js';
import { taskListPanel } from './tasklist.js';
import { activityPanel } from './activity.js';

function readConfig() {
  try { return JSON.parse(document.getElementById('tm-config')?.textContent || '{}') ?? {}; } catch { return {}; }
}

const config = readConfig();
takeTokenFromUrl();
// A file written by monitor-init names its executor; it is read-only (controls need the served page).
const readOnly = Boolean(config.monitor_url);
const charts = config.include_graphs !== false;
const api = createApi(config.monitor_url);
const store = createStore();
const controls = createControls(api);

const connection = h('span', { class: 'connection', 'data-testid': 'connection', text: 'connecting' });
const runName = h('span', { class: 'run-name', 'data-testid': 'run-name' });
const problem = h('p', { class: 'problem', role: 'alert', hidden: true });
const details = detailsPanel(store, { api, controls, readOnly });
const graph = graphPanel(store, { onSelect: (id) => details.show(id) });
const tasks = taskListPanel(store, { onSelect: (id) => graph.select(id, { center: true }) || details.show(id) });
const overview = overviewPanel(store);
const resources = resourcesPanel(store);
const health = healthPanel(store);
const history = historyView();
const activity = activityPanel(store);

document.body.append(
  h('header', { class: 'top' }, h('h1', { text: 'TaskMaster' }), runName, connection, readOnly ? null : controls.el),
  problem,
  h('main', {},
    h('div', { class: 'grid2' }, overview, health.el),
    charts ? resources.el : null,
    h('div', { class: 'graph-row' }, graph.el, details.el),
    tasks.el,
    charts ? panel('history', 'History', history.el) : null,
    activity.el));
graph.attach();
if (charts) { resources.attach(); history.attach(); }
if (readOnly) document.body.classList.add('read-only');

const ENDED = new Set(['completed', 'failed', 'stopped']);
let startedAt = null;
const showProblem = (text) => { problem.hidden = !text; problem.textContent = text ?? ''; };

function showRun() {
  const queue = store.graph?.queue?.name;
  runName.textContent = [queue ? `queue ${queue}` : null, store.runId ? `run ${store.runId}` : null].filter(Boolean).join(' · ');
}

if (config.graph) { store.setGraph(config.graph); showRun(); }

async function loadRun(hello) {
  const newRun = hello.run_id && hello.run_id !== store.runId;
  if (newRun || !store.graph) {
    try { store.setGraph(await api.graph()); } catch (e) { showProblem(`could not load the graph: ${e.message}`); }
  }
  if (hello.run_id) store.runId = hello.run_id;
  showRun();
  if (charts) {
    api.history().then((body) => { startedAt = format.isoMs(body?.started_at); history.load(body); resources.load(body); for (const a of body?.alerts ?? []) health.addAlert(a); })
      .catch(() => {});
  }
  api.alerts().then((body) => health.loadAlerts(body)).catch(() => {});
}

let feedState = 'connecting';
function showConnection() {
  // Once the run has ended its executor goes away (or lingers, serving the final state): not a connection problem.
  const ended = ENDED.has(store.summary?.state);
  const state = ended ? 'ended' : feedState;
  const served = feedState === 'live' || feedState === 'served';
  connection.textContent = ended ? (served ? `run ${store.summary.state} · final state` : `run ${store.summary.state}; executor gone`)
    : readOnly && state !== 'live' ? `${state} (no executor yet: showing the queue)` : state;
  connection.dataset.state = state;
  controls.setEnded(ended ? store.summary.state : null);
  document.body.classList.toggle('run-ended', ended);
  if (feedState === 'live') showProblem(null);
}
store.subscribe(({ summary }) => { if (summary) showConnection(); });

connectFeed({
  api, store,
  onState: (state) => { feedState = state; showConnection(); },
  onHello: loadRun,
  isEnded: () => ENDED.has(store.summary?.state),
  onSample: (sample) => {
    if (charts) { history.addSample(sample); resources.addSample(sample, startedAt); }
    health.fromSample(sample);
  },
  onAlert: (alert) => health.addAlert(alert),
  onError: showProblem,
});

// The timeline follows the rows too (an attempt starts or ends between samples), redrawn at most twice a second.
let timelineDue = null;
store.subscribe(({ rows }) => {
  if (!charts || !rows?.length) return;
  history.applyRows(rows);
  timelineDue ??= setTimeout(() => { timelineDue = null; history.redraw(); }, 500);
});

// For tests and the latency benchmark: the page's own objects, read-only by convention, and the
// formatters every figure goes through (tests hold them to the server's, case by case).
window.taskmasterDashboard = { store, graph, config, format };
