// Execution overview: run state and reason, overall progress, ETA, completed / remaining,
// counts by state, and each running task with its title, description and own progress bar.
import { h, fill, panel, progressBar, setProgress } from '../shared/dom.js';
import { duration, progressText, time } from '../shared/format.js';
import { TASK_STATES, stateLabel } from '../shared/states.js';

const FINISHED = new Set(['succeeded', 'failed', 'skipped', 'blocked']);
const ENDED = new Set(['completed', 'failed', 'stopped']);

/** What the rows alone say, until (or without) the executor's summary. */
export function localSummary(store) {
  const counts = {};
  for (const id of store.ids()) {
    const state = store.rows.get(id)?.state ?? 'pending';
    counts[state] = (counts[state] ?? 0) + 1;
  }
  const total = store.ids().length;
  const finished = Object.entries(counts).filter(([s]) => FINISHED.has(s)).reduce((a, [, n]) => a + n, 0);
  const current = [...store.rows.values()].filter((r) => r.state === 'running').map((r) => ({
    id: r.id, title: store.title(r.id), description: store.meta.get(r.id)?.description,
    progress: r.progress, message: r.progress_message, attempt: r.attempt, max_attempts: r.max_attempts, started_at: r.started_at,
  }));
  return { state: null, total, finished, counts, percent: total ? (100 * finished) / total : 0, current_tasks: current, eta_seconds: null };
}

export function overviewPanel(store) {
  const state = h('span', { class: 'run-state', 'data-testid': 'run-state', text: 'waiting' });
  const reason = h('span', { class: 'muted', 'data-testid': 'run-reason' });
  const overall = progressBar(0);
  overall.dataset.testid = 'overall-progress';
  const done = h('span', { 'data-testid': 'completed' });
  const remaining = h('span', { 'data-testid': 'remaining' });
  const eta = h('span', { 'data-testid': 'eta' });
  const checkpoint = h('span', { 'data-testid': 'last-checkpoint' });
  const counts = h('ul', { class: 'counts', 'data-testid': 'counts' });
  const current = h('div', { class: 'current-tasks', 'data-testid': 'current-tasks' });
  const el = panel('overview', 'Execution overview',
    h('div', { class: 'run-line' }, state, reason),
    overall,
    h('dl', { class: 'figures' },
      h('dt', { text: 'Finished' }), h('dd', {}, done),
      h('dt', { text: 'Remaining' }), h('dd', {}, remaining),
      h('dt', { text: 'ETA' }), h('dd', {}, eta),
      h('dt', { text: 'Last checkpoint' }), h('dd', {}, checkpoint)),
    counts,
    h('h3', { text: 'Running now' }), current);

  const bars = new Map();
  function render() {
    const local = localSummary(store);
    const s = { ...local, ...(store.summary ?? {}) };
    if (!store.summary) s.current_tasks = local.current_tasks;
    const runState = s.state ?? (store.sequence >= 0 ? 'running' : 'not running');
    state.textContent = stateLabel(runState);
    state.dataset.state = runState;
    reason.textContent = s.state_reason ? ` — ${s.state_reason}` : '';
    setProgress(overall, s.percent, `${Number(s.percent ?? 0).toFixed(1)}%`);
    done.textContent = progressText(s.total ?? 0, s.counts);
    remaining.textContent = String(Math.max(0, (s.total ?? 0) - (s.finished ?? 0)));
    const ended = ENDED.has(runState);
    eta.textContent = ended ? `none (run ${runState})` : s.eta_seconds == null ? '—' : duration(s.eta_seconds);
    // The file's name is what tells checkpoints apart; the whole path is its tooltip.
    const path = String(s.last_checkpoint?.path ?? '');
    checkpoint.textContent = s.last_checkpoint ? `${time(s.last_checkpoint.time)} · ${path.split('/').pop()}` : '—';
    checkpoint.title = path;
    fill(counts, TASK_STATES.filter((k) => s.counts?.[k]).map((k) =>
      h('li', { class: `chip state-${k}`, text: `${stateLabel(k)} ${s.counts[k]}` })));
    renderCurrent(s.current_tasks ?? []);
  }

  function renderCurrent(tasks) {
    const seen = new Set();
    for (const t of tasks) {
      const id = String(t.id);
      seen.add(id);
      let item = bars.get(id);
      if (!item) {
        item = {
          title: h('strong'), id: h('code', { text: id }), attempt: h('span', { class: 'muted' }),
          description: h('p', { class: 'description' }), bar: progressBar(0),
        };
        item.el = h('article', { class: 'current-task', dataset: { taskId: id } },
          h('div', {}, item.title, ' ', item.id, ' ', item.attempt), item.description, item.bar);
        bars.set(id, item);
      }
      item.title.textContent = t.title ?? store.title(id);
      item.description.textContent = t.description ?? store.meta.get(id)?.description ?? '';
      item.attempt.textContent = t.max_attempts > 1 ? `attempt ${t.attempt} of ${t.max_attempts}` : '';
      const p = Number(t.progress ?? 0);
      setProgress(item.bar, p, `${p.toFixed(0)}%${t.message ? ` · ${t.message}` : ''}`);
    }
    for (const [id, item] of bars) if (!seen.has(id)) { item.el.remove(); bars.delete(id); }
    const wanted = tasks.map((t) => bars.get(String(t.id)).el);
    if (wanted.some((e, i) => current.children[i] !== e) || current.children.length !== wanted.length) fill(current, wanted);
    if (!wanted.length) fill(current, h('p', { class: 'muted', text: 'No task is running.' }));
  }

  store.subscribe(render);
  render();
  return el;
}
