// The task table: one row per task (state, attempt, progress, duration, error), filtered by text
// and state. Rows are keyed by task id and updated in place, so a change is one DOM write.
import { h, fill, panel } from '../shared/dom.js';
import { counted, duration } from '../shared/format.js';
import { TASK_STATES, stateLabel } from '../shared/states.js';

const MAX_ROWS = 1000;

export function taskListPanel(store, { onSelect }) {
  const query = h('input', { type: 'search', placeholder: 'Filter tasks', 'aria-label': 'Filter tasks', 'data-testid': 'task-filter' });
  const state = h('select', { 'aria-label': 'Task state' }, h('option', { value: '', text: 'All states' }),
    TASK_STATES.map((s) => h('option', { value: s, text: stateLabel(s) })));
  const note = h('span', { class: 'muted' });
  const body = h('tbody');
  const el = panel('tasks', 'Tasks', h('div', { class: 'toolbar' }, query, state, note),
    h('div', { class: 'table-scroll' }, h('table', { class: 'table', 'data-testid': 'task-table' },
      h('thead', {}, h('tr', {}, ['Task', 'State', 'Attempt', 'Progress', 'Duration', 'Error'].map((t) => h('th', { text: t })))), body)));

  const rows = new Map();

  function rowFor(id) {
    const cells = Array.from({ length: 6 }, () => h('td'));
    const tr = h('tr', { dataset: { taskId: id }, onclick: () => onSelect(id) }, cells);
    const link = h('button', { type: 'button', class: 'link', text: id, title: store.title(id) });
    cells[0].append(link, h('div', { class: 'muted', text: store.title(id) === id ? '' : store.title(id) }));
    return { tr, cells };
  }

  function update(id) {
    const item = rows.get(id);
    if (!item) return;
    const r = store.rows.get(id) ?? {};
    const s = r.state ?? 'pending';
    item.tr.dataset.state = s;
    item.cells[1].textContent = stateLabel(s);
    item.cells[1].className = `state-${s}`;
    item.cells[2].textContent = r.attempt ? `${r.attempt}/${r.max_attempts ?? '?'}` : '';
    item.cells[3].textContent = r.progress == null ? '' : `${Number(r.progress).toFixed(0)}%`;
    item.cells[4].textContent = r.duration_seconds == null ? '' : duration(r.duration_seconds);
    item.cells[5].textContent = r.last_error ?? (r.blocked_by ? `blocked by ${r.blocked_by}` : '');
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
    note.textContent = ids.length > MAX_ROWS ? `first ${MAX_ROWS} of ${ids.length}` : counted(ids.length, 'task');
  }

  query.addEventListener('input', rebuild);
  state.addEventListener('change', rebuild);
  store.subscribe(({ graph, snapshot, rows: changed }) => {
    if (graph || snapshot || state.value) { rebuild(); return; }
    for (const r of changed ?? []) {
      const id = String(r.id);
      if (rows.has(id)) update(id);
      else if (!store.meta.size && rows.size < MAX_ROWS) rebuild();
    }
  });
  return { el };
}
