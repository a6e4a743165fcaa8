// The Runs view: every run in the executor's home, newest first (`GET /api/v1/runs`, the same
// list as `task-master runs --format json`), with the one this page follows marked live.
import { h, fill } from '../shared/dom.js';
import { duration, time } from '../shared/format.js';
import { stateLabel } from '../shared/states.js';
import { ENDED } from './summary.js';


export function runsView(store, { api, onCount, onLive }) {
  const body = h('tbody');
  const note = h('p', { class: 'muted', 'data-testid': 'runs-note' });
  const table = h('table', { class: 'table runs-table', 'data-testid': 'runs-table' },
    h('thead', {}, h('tr', {}, ['Run', 'Queue', 'State', 'Started', 'Duration', 'Tasks'].map((t) => h('th', { text: t })))), body);
  const el = h('section', { class: 'panel', 'aria-label': 'Runs' }, h('h2', { text: 'Runs in this home' }), note, h('div', { class: 'table-scroll' }, table));

  let loading = null;
  let lastState = null;

  async function load() {
    loading ??= api.runs().then(render, (error) => {
      fill(body);
      note.textContent = `The executor did not list its home's runs (${error.message}).`;
    }).finally(() => { loading = null; });
    return loading;
  }

  function render(answer) {
    const runs = Array.isArray(answer?.runs) ? answer.runs : [];
    onCount?.(runs.length);
    const live = store.runId;
    fill(body, runs.map((run) => row(run, String(run.run_id) === live)));
    const mine = runs.find((r) => String(r.run_id) === live);
    if (mine) onLive?.(mine);
    if (!runs.length) fill(body, h('tr', {}, h('td', { colspan: 6, class: 'muted', text: 'No run has been recorded in this home yet.' })));
    const others = runs.length - (runs.some((r) => String(r.run_id) === live) ? 1 : 0);
    note.textContent = others > 0
      ? `This page follows the run marked live. For another, in a terminal: task-master report --run ID, task-master logs TASK --run ID.`
      : 'This is the only run in this home.';
  }

  function row(run, live) {
    const state = String(run.state ?? 'unreadable');
    const counts = run.counts ?? {};
    const total = counts.total ?? run.total ?? run.task_count;
    const parts = ['succeeded', 'failed', 'blocked', 'skipped', 'running', 'pending'].filter((k) => counts[k])
      .map((k) => `${counts[k]} ${k === 'pending' ? 'waiting' : k}`);
    const tasks = [total != null ? `${total} tasks` : null, parts.join(', ')].filter(Boolean).join(': ');
    const queue = typeof run.queue === 'object' && run.queue ? run.queue.name ?? run.queue.path : run.queue ?? run.queue_name;
    const ended = ENDED.has(state);
    const seconds = run.duration_seconds ?? (!ended && run.started_at ? (Date.now() - Date.parse(run.started_at)) / 1000 : null);
    return h('tr', { dataset: { runId: String(run.run_id), live: String(live) }, class: live ? 'live-run' : null },
      h('td', {}, h('code', { text: String(run.run_id) }), live ? h('span', { class: 'badge live', text: 'live · this page' }) : null),
      h('td', { text: queue ?? '—' }),
      h('td', {}, h('span', { class: 'run-state', dataset: { state }, text: stateLabel(state) })),
      h('td', { text: time(run.started_at) }),
      h('td', { text: `${duration(seconds)}${ended ? '' : ' so far'}` }),
      // A run whose state could not be made (its queue file changed, say) says why instead.
      h('td', { text: run.problem ?? (tasks || '—'), class: run.problem ? 'muted' : null }));
  }

  // A new run or a run that ended changes the list: read it again then.
  store.subscribe(({ summary }) => {
    const state = summary?.state ?? null;
    if (state === lastState) return;
    lastState = state;
    load();
  });

  return { el, load, show: load };
}
