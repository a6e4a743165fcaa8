// The selected task, beside whichever view is open (from /api/v1/tasks/{id}, else what the graph
// and rows know): state, attempts, times, dependencies, error, the end of its log with a way to
// the whole of it, and the per-task overrides. Which task is in the URL (`task=`).
import { h, fill, panel } from '../shared/dom.js';
import { duration, time } from '../shared/format.js';
import { stateLabel } from '../shared/states.js';
import { hrefOf, placeLink } from './router.js';
import { FAILING } from './summary.js';

const ACTIONS = [
  ['Retry', 'OVERRIDE_ACTION_RETRY'], ['Skip', 'OVERRIDE_ACTION_SKIP'],
  ['Mark succeeded', 'OVERRIDE_ACTION_SUCCEED'], ['Cancel', 'OVERRIDE_ACTION_CANCEL'],
];

export function detailsPanel(store, { api, controls, readOnly, router }) {
  const title = h('h3', { 'data-testid': 'details-title' });
  const description = h('p', { class: 'description', 'data-testid': 'details-description' });
  const facts = h('dl', { class: 'figures', 'data-testid': 'details-facts' });
  const error = h('pre', { class: 'error', 'data-testid': 'details-error', hidden: true });
  const log = h('pre', { class: 'log', 'data-testid': 'details-log' });
  const go = (text, testid, view) => placeLink(router, () => ({ view, task: current }), { class: 'button', text, 'data-testid': testid });
  const wholeLog = go('Whole log', 'details-whole-log', 'logs');
  const inGraph = go('Show in graph', 'details-in-graph', 'graph');
  const actions = h('div', { class: 'actions', hidden: readOnly },
    ACTIONS.map(([label, action]) => h('button', { type: 'button', text: label, dataset: { action },
      onclick: () => current && controls.run(`${label} ${current}`, () => api.override(current, action)) })));
  const close = h('button', { type: 'button', class: 'close', text: '×', 'aria-label': 'Close details', onclick: () => router.go({ task: null }) });
  const el = panel('details', 'Task details', close, title, description, facts, error,
    // Ways to look further, there also once the run is over (unlike the overrides).
    h('div', { class: 'links' }, wholeLog, inGraph), actions, h('h4', { text: 'End of its log' }), log);
  el.hidden = true;

  let current = null;
  let detail = null;
  let loading = 0;

  function show(id) {
    if (id === current) return;
    current = id;
    detail = null;
    el.hidden = !id;
    if (!id) return;
    log.textContent = '';
    render();
    load(id);
  }

  async function load(id) {
    const ticket = ++loading;
    try {
      const body = await api.task(id);
      if (ticket === loading && current === id) { detail = body; render(); }
    } catch (e) {
      if (ticket === loading && current === id) fill(log, `(log unavailable: ${e.message})`);
    }
  }

  function render() {
    if (!current) return;
    const meta = store.meta.get(current) ?? {};
    const row = { ...(detail ?? {}), ...(store.rows.get(current) ?? {}) };
    const state = row.state ?? 'pending';
    title.textContent = `${detail?.title ?? meta.title ?? current}`;
    title.dataset.taskId = current;
    description.textContent = detail?.description ?? meta.description ?? '';
    const deps = detail?.depends_on ?? meta.depends_on ?? [];
    const dependents = detail?.dependents ?? [];
    const fact = (k, v) => (v == null ? null : [h('dt', { text: k }), h('dd', { text: v })]);
    fill(facts,
      fact('Id', current),
      fact('State', stateLabel(state)),
      fact('Phase', detail?.phase ?? meta.phase ?? null),
      fact('Attempt', row.attempt ? `${row.attempt} of ${row.max_attempts ?? '?'}` : 'not started'),
      fact('Progress', row.progress == null || !row.attempt ? null : `${Number(row.progress).toFixed(0)}%${row.progress_message ? ` · ${row.progress_message}` : ''}`),
      fact('Started', row.started_at ? time(row.started_at) : null), fact('Ended', row.ended_at ? time(row.ended_at) : null),
      fact('Duration', row.duration_seconds == null ? null : duration(row.duration_seconds)),
      fact('Next attempt', row.next_retry_at ? time(row.next_retry_at) : null),
      fact('Blocked by', row.blocked_by ?? null),
      fact('Depends on', deps.length ? deps.join(', ') : 'nothing'),
      fact('Needed by', dependents.length ? dependents.join(', ') : detail ? 'nothing' : null),
      fact('Log file', detail?.log_path ?? null));
    el.dataset.state = state;
    // A task that succeeded after a failed attempt keeps that attempt's error: it is history, not a failure.
    error.hidden = !row.last_error;
    error.classList.toggle('earlier', !FAILING.has(state));
    error.textContent = row.last_error ? (FAILING.has(state) ? row.last_error : `An earlier attempt failed: ${row.last_error}`) : '';
    wholeLog.href = hrefOf({ view: 'logs', task: current });
    inGraph.href = hrefOf({ view: 'graph', task: current });
    if (detail) {
      log.textContent = Array.isArray(detail.log_tail) ? detail.log_tail.join('\n') : String(detail.log_tail ?? '');
      log.scrollTop = log.scrollHeight;
    }
  }

  let refresh = null;
  store.subscribe(({ rows, snapshot }) => {
    if (!current) return;
    if (!snapshot && !rows?.some((r) => String(r.id) === current)) return;
    render();
    // The log grows while the task runs: fetch it again, at most four times a second.
    if (refresh) return;
    const id = current;
    refresh = setTimeout(() => {
      refresh = null;
      if (current === id) load(id);
    }, 250);
  });
  router.subscribe((place) => show(place.task));
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && current && !e.target.closest?.('dialog')) router.go({ task: null }); });
  show(router.place.task);

  return { el };
}
