// A field to name a task by its id or title: suggestions (at most 50, so that a 10,000-task queue
// costs nothing) while typing, picked with Enter or from the list.
import { h, fill } from '../shared/dom.js';

const SUGGESTIONS = 50;
let lists = 0;

export function taskPicker(store, { label, testid, onPick }) {
  const list = h('datalist', { id: `task-picker-${++lists}` });
  const input = h('input', { type: 'search', placeholder: 'Task id or title', 'aria-label': label, 'data-testid': testid, list: list.id, autocomplete: 'off' });

  function matches(q) {
    const query = q.trim().toLowerCase();
    const found = [];
    for (const id of store.ids()) {
      if (found.length >= SUGGESTIONS) break;
      if (!query || id.toLowerCase().includes(query) || String(store.title(id)).toLowerCase().includes(query)) found.push(id);
    }
    return found;
  }

  /** The task the text names: an exact id, else the only match. */
  function resolve(text) {
    const q = text.trim();
    if (!q) return null;
    if (store.meta.has(q) || store.rows.has(q)) return q;
    const found = matches(q);
    return found.length === 1 ? found[0] : null;
  }

  input.addEventListener('input', (event) => {
    fill(list, matches(input.value).map((id) => h('option', { value: id, text: store.title(id) === id ? '' : store.title(id) })));
    input.setCustomValidity('');
    // Chosen from the list (not typed letter by letter, where "t1" may be on its way to "t10").
    if (!(event instanceof InputEvent) || event.inputType === 'insertReplacementText') {
      if (store.meta.has(input.value) || store.rows.has(input.value)) onPick(input.value);
    }
  });
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    const id = resolve(input.value);
    input.setCustomValidity(id || !input.value ? '' : 'No task has this id or title');
    input.reportValidity();
    if (id) onPick(id);
  });

  return { el: h('span', { class: 'task-picker' }, input, list), set(id) { input.value = id; } };
}
