// The live dashboard: reads its configuration from #tm-config, shows the queue at once (embedded
// by monitor-init, or from the server), then follows the executor's feed. The page is a header
// with the run at a glance, a tab per view, and the selected task's details beside the view;
// where the reader is (view, task, attempt, filter) is in the URL fragment (router.js).
import '../styles.css';
import { h } from '../shared/dom.js';
import { historyView } from '../shared/history.js';
import * as format from '../shared/format.js';
import { createApi } from './api.js';
import { createRouter } from './router.js';
import { createStore } from './store.js';
import { connectFeed } from './feed.js';
import { createTabs } from './tabs.js';
import { runBar } from './runbar.js';
import { connectionBadge } from './connection.js';
import { overviewView } from './overview.js';
import { resourcesPanel } from './resources.js';
import { healthPanel } from './health.js';
import { graphPanel } from './graph.js';
import { detailsPanel } from './details.js';
import { createControls } from './controls.js';
import { taskListPanel } from './tasklist.js';
import { timelineView } from './timeline.js';
import { activityPanel } from './activity.js';
import { logsView } from './logs.js';
import { runsView } from './runs.js';
import { runPicker } from './run-picker.js';
import { ENDED } from './summary.js';

function readConfig() {
  try { return JSON.parse(document.getElementById('tm-config')?.textContent || '{}') ?? {}; } catch { return {}; }
}

const config = readConfig();
const router = createRouter();
// A file written by monitor-init names its executor; it is read-only (controls need the served page).
const readOnly = Boolean(config.monitor_url);
const charts = config.include_graphs !== false;
const api = createApi(config.monitor_url);
const store = createStore();
const controls = createControls(api);

const runName = h('span', { class: 'run-name', 'data-testid': 'run-name' });
// The cluster's monitor serves every run: a picker leads from this one to the others.
const picker = config.cluster_runs_url ? runPicker(config.cluster_runs_url) : null;
const problem = h('p', { class: 'problem', role: 'alert', hidden: true });
const bar = runBar(store, { router, reportUrl: api.url('/report') });
const health = healthPanel(store);
const history = historyView();
const resources = resourcesPanel(store, { router });
const graph = graphPanel(store, { router });
const runs = runsView(store, {
  api,
  onCount: (n) => { tabs.setBadge('runs', n > 1 ? String(n) : null); views.overview.setRunCount(n); },
  // The home's record of this run says when it started and, once over, how long it took.
  onLive: (run) => bar.setTiming({ started_at: run.started_at, duration_seconds: ENDED.has(run.state) ? run.duration_seconds : null }),
});
const views = {
  overview: overviewView(store, { router, health }),
  graph,
  tasks: taskListPanel(store, { router }),
  timeline: timelineView(history, { router }),
  resources: charts ? { el: resources.el } : null,
  history: { el: h('div', { class: 'history-view' }, charts ? h('section', { class: 'panel', id: 'history', 'aria-label': 'History' }, h('h2', { text: 'History' }), history.chartsEl) : null, activityPanel(store, { router }).el) },
  logs: logsView(store, { api, router, interval: Number(config.update_interval_ms) || 1000 }),
  runs,
};
const tabs = createTabs(router, views);
const details = detailsPanel(store, { api, controls, readOnly, router });
const connection = connectionBadge(store, { controls, readOnly, onLive: () => showProblem(null) });

document.body.append(
  h('div', { class: 'masthead' },
    h('header', { class: 'top' }, h('h1', { text: 'TaskMaster' }), runName, picker?.el, connection.el, readOnly ? null : controls.el),
    bar.el, tabs.el),
  problem,
  h('main', { class: 'workspace' }, h('div', { class: 'views' }, tabs.panels), details.el));
if (charts) { resources.attach(); history.attach(); }
if (readOnly) document.body.classList.add('read-only');
tabs.start();

const showProblem = (text) => { problem.hidden = !text; problem.textContent = text ?? ''; };
let startedAt = null;

function showRun() {
  const queue = store.graph?.queue?.name;
  runName.textContent = [queue ? `queue ${queue}` : null, store.runId ? `run ${store.runId}` : null].filter(Boolean).join(' · ');
  document.title = queue ? `${queue} · TaskMaster` : 'TaskMaster';
}

if (config.graph) { store.setGraph(config.graph); showRun(); }

async function loadRun(hello) {
  const newRun = hello.run_id && hello.run_id !== store.runId;
  if (newRun || !store.graph) {
    try { store.setGraph(await api.graph()); } catch (e) { showProblem(`could not load the graph: ${e.message}`); }
  }
  if (hello.run_id) store.runId = hello.run_id;
  showRun();
  // The run's start, for the clock above the views; the charts' data when there are charts.
  api.history().then((body) => {
    startedAt = format.isoMs(body?.started_at);
    bar.setTiming({ started_at: body?.started_at });
    if (!charts) return;
    history.load(body);
    resources.load(body);
    for (const a of body?.alerts ?? []) health.addAlert(a);
  }).catch(() => {});
  api.alerts().then((body) => health.loadAlerts(body)).catch(() => {});
  runs.load();
}

store.subscribe(({ summary }) => { if (summary) connection.update(); });

connectFeed({
  api, store,
  onState: (state) => connection.setFeed(state),
  onHello: loadRun,
  isEnded: () => connection.ended(),
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
  if (!rows?.length) return;
  history.applyRows(rows);
  timelineDue ??= setTimeout(() => { timelineDue = null; history.redraw(); }, 500);
});

// Failed tasks are counted on their tab, so they are seen from any view.
store.subscribe(({ summary }) => {
  if (!summary) return;
  const failed = Number(summary.counts?.failed ?? 0);
  tabs.setBadge('tasks', failed ? `${failed} failed` : null, 'bad');
});

// For tests and the latency benchmark: the page's own objects, read-only by convention, and the
// formatters every figure goes through (tests hold them to the server's, case by case).
window.taskmasterDashboard = { store, graph, config, router, format };
