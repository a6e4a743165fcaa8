// The Tasks view: one compact row per task (state, attempt, progress, duration, what went wrong,
// a link to its log), filtered by text and by state (the state is in the URL: `state=failed`).
// Rows are keyed by task id and updated in place, so a change is one DOM write.
import { h, fill } from '../shared/dom.js';
import { counted, duration } from '../shared/format.js';
import { TASK_STATES, stateLabel } from '../shared/states.js';
import { placeLink } from './router.js';
import { FAILING } from './summary.js';

const MAX_ROWS = 1000;

export function taskListPanel(store, { router }) {
  const query = h('input', { type: 'search', placeholder: 'Filter by id or title', 'aria-label': 'Filter tasks', 'data-testid': 'task-filter' });
  const state = h('select', { 'aria-label': 'Task state', 'data-testid': 'task-state-filter' }, h('option', { value: '', text: 'All states' }),
    TASK_STATES.map((s) => h('option', { value: s, text: stateLabel(s) })));
  const note = h('span', { class: 'muted', 'data-testid': 'task-count' });
  const body = h('tbody');
  const el = h('section', { class: 'panel', id: 'tasks', 'aria-label': 'Tasks' }, h('h2', { text: 'Tasks' }),
    h('div', { class: 'toolbar' }, query, state, note),
    h('div', { class: 'table-scroll' }, h('table', { class: 'table compact', 'data-testid': 'task-table' },
      h('thead', {}, h('tr', {}, ['Task', 'State', 'Attempt', 'Progress', 'Duration', 'Error', ''].map((t) => h('th', { text: t })))), body)));

  const rows = new Map();
  let selected = null;

  function rowFor(id) {
    const cells = Array.from({ length: 7 }, () => h('td'));
    const tr = h('tr', { dataset: { taskId: id }, onclick: (e) => { if (!e.target.closest('a')) router.go({ task: id }); } }, cells);
    const title = store.title(id);
    cells[0].append(h('button', { type: 'button', class: 'link task-id', text: id, title }), title === id ? '' : h('span', { class: 'muted title', text: title, title }));
    cells[1].append(h('span', { class: 'chip' }));
    cells[6].append(placeLink(router, { view: 'logs', task: id }, { text: 'log', class: 'log-link', 'aria-label': `Log of ${id}` }));
    if (id === selected) tr.classList.add('selected');
    return { tr, cells };
  }

  function update(id) {
    const item = rows.get(id);
    if (!item) return;
    const r = store.rows.get(id) ?? {};
    const s = r.state ?? 'pending';
    item.tr.dataset.state = s;
    item.cells[1].firstChild.textContent = stateLabel(s);
    item.cells[1].firstChild.className = `chip state-${s}`;
    item.cells[2].textContent = r.attempt ? `${r.attempt}/${r.max_attempts ?? '?'}` : '';
    item.cells[3].textContent = r.progress == null || !r.attempt ? '' : `${Number(r.progress).toFixed(0)}%`;
    item.cells[4].textContent = r.duration_seconds == null ? '' : duration(r.duration_seconds);
    // An error beside a task that went on to succeed is an earlier attempt's: said so, and quieter.
    const why = r.last_error ? (FAILING.has(s) ? r.last_error : `earlier attempt: ${r.last_error}`) : r.blocked_by ? `blocked by ${r.blocked_by}` : '';
    item.cells[5].textContent = why;
    item.cells[5].className = r.last_error && !FAILING.has(s) ? 'muted' : '';
    // A task that never started has no log to open.
    item.cells[6].firstChild.hidden = !r.attempt;
  }

  function rebuild() {
    const q = query.value.trim().toLowerCase();
    const want = state.value;
    const ids = store.ids().filter((id) => (!want || (store.rows.get(id)?.state ?? 'pending') === want)
      && (!q || id.toLowerCase().includes(q) || String(store.title(id)).toLowerCase().includes(q)));
    rows.clear();
    const shown = ids.slice(0, MAX_ROWS);
    for (const id of shown) { rows.set(id, rowFor(id)); update(id); }
    fill(body, shown.map((id) => rows.get(id).tr));
    if (!shown.length) fill(body, h('tr', {}, h('td', { colspan: 7, class: 'muted', text: want || q ? 'No task matches.' : 'No tasks.' })));
    note.textContent = ids.length > MAX_ROWS ? `the first ${MAX_ROWS} of ${counted(ids.length, 'task')}` : counted(ids.length, 'task');
  }

  query.addEventListener('input', rebuild);
  state.addEventListener('change', () => router.go({ state: state.value || null }));
  router.subscribe((place, before) => {
    if ((place.state ?? '') !== state.value) { state.value = place.state ?? ''; rebuild(); }
    if (place.task !== before.task) {
      rows.get(selected)?.tr.classList.remove('selected');
      selected = place.task;
      rows.get(selected)?.tr.classList.add('selected');
    }
  });
  state.value = router.place.state ?? '';
  selected = router.place.task;
  store.subscribe(({ graph, snapshot, rows: changed }) => {
    if (graph || snapshot) { rebuild(); return; }
    for (const r of changed ?? []) {
      const id = String(r.id);
      // A task that comes into the state filtered for, or leaves it.
      const matches = (r.state ?? 'pending') === state.value;
      if (state.value && matches !== rows.has(id) && !(matches && rows.size >= MAX_ROWS)) { rebuild(); return; }
      if (rows.has(id)) update(id);
      else if (!store.meta.size && rows.size < MAX_ROWS) { rebuild(); return; }
    }
  });
  return { el };
}
