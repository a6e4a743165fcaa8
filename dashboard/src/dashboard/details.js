// The details of one task (from /api/v1/tasks/{id}, else what the graph and rows know): state,
// attempts, times, dependencies, error, its last log lines, and the per-task overrides.
import { h, fill, panel } from '../shared/dom.js';
import { duration, time } from '../shared/format.js';
import { stateLabel } from '../shared/states.js';

const ACTIONS = [
  ['Retry', 'OVERRIDE_ACTION_RETRY'], ['Skip', 'OVERRIDE_ACTION_SKIP'],
  ['Mark succeeded', 'OVERRIDE_ACTION_SUCCEED'], ['Cancel', 'OVERRIDE_ACTION_CANCEL'],
];

export function detailsPanel(store, { api, controls, readOnly }) {
  const title = h('h3', { 'data-testid': 'details-title' });
  const description = h('p', { class: 'description', 'data-testid': 'details-description' });
  const facts = h('dl', { class: 'figures', 'data-testid': 'details-facts' });
  const error = h('pre', { class: 'error', 'data-testid': 'details-error', hidden: true });
  const log = h('pre', { class: 'log', 'data-testid': 'details-log' });
  const actions = h('div', { class: 'actions', hidden: readOnly },
    ACTIONS.map(([label, action]) => h('button', { type: 'button', text: label, dataset: { action },
      onclick: () => current && controls.run(`${label} ${current}`, () => api.override(current, action)) })));
  const close = h('button', { type: 'button', class: 'close', text: '×', 'aria-label': 'Close details', onclick: () => hide() });
  const el = panel('details', 'Task details', close, title, description, facts, error, actions, h('h4', { text: 'Last log lines' }), log);
  el.hidden = true;

  let current = null;
  let detail = null;
  let loading = 0;

  function hide() { el.hidden = true; current = null; }

  async function show(id) {
    current = id;
    detail = null;
    el.hidden = false;
    render();
    const ticket = ++loading;
    try {
      const body = await api.task(id);
      if (ticket === loading) { detail = body; render(); }
    } catch (e) {
      if (ticket === loading) fill(log, `(log unavailable: ${e.message})`);
    }
  }

  function render() {
    if (!current) return;
    const meta = store.meta.get(current) ?? {};
    const row = { ...(detail ?? {}), ...(store.rows.get(current) ?? {}) };
    title.textContent = `${detail?.title ?? meta.title ?? current}`;
    title.dataset.taskId = current;
    description.textContent = detail?.description ?? meta.description ?? '';
    const deps = detail?.depends_on ?? meta.depends_on ?? [];
    const dependents = detail?.dependents ?? [];
    const fact = (k, v) => [h('dt', { text: k }), h('dd', { text: v ?? '—' })];
    fill(facts,
      fact('Id', current),
      fact('State', stateLabel(row.state ?? 'pending')),
      fact('Phase', detail?.phase ?? meta.phase ?? '—'),
      fact('Attempt', row.attempt ? `${row.attempt} of ${row.max_attempts ?? '?'}` : '—'),
      fact('Progress', row.progress == null ? '—' : `${Number(row.progress).toFixed(0)}%${row.progress_message ? ` · ${row.progress_message}` : ''}`),
      fact('Started', time(row.started_at)), fact('Ended', time(row.ended_at)),
      fact('Duration', duration(row.duration_seconds)),
      fact('Next retry', row.next_retry_at ? time(row.next_retry_at) : '—'),
      fact('Blocked by', row.blocked_by ?? '—'),
      fact('Depends on', deps.length ? deps.join(', ') : 'nothing'),
      fact('Dependents', dependents.length ? dependents.join(', ') : '—'),
      fact('Log', detail?.log_path ?? '—'));
    el.dataset.state = row.state ?? 'pending';
    error.hidden = !row.last_error;
    error.textContent = row.last_error ?? '';
    if (detail) log.textContent = Array.isArray(detail.log_tail) ? detail.log_tail.join('\n') : String(detail.log_tail ?? '');
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
      if (current !== id) return;
      api.task(id).then((body) => { if (current === id) { detail = body; render(); } }).catch(() => {});
    }, 250);
  });

  return { el, show };
}
