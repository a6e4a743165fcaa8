// "Running now": one compact line per running task (its progress, id, title, attempt, last
// progress message, time so far), in as many columns as the width allows, so that 64 tasks
// running at once still fit on a screen. Rows are kept by task id and updated in place.
import { h, fill, progressBar, setProgress } from '../shared/dom.js';
import { duration } from '../shared/format.js';
import { placeLink } from './router.js';

const MAX_SHOWN = 200;

export function runningList(store, { router }) {
  const list = h('div', { class: 'running-list', 'data-testid': 'current-tasks' });
  const more = h('p', { class: 'muted', hidden: true });
  const heading = h('h3', { text: 'Running now' });
  const el = h('div', { class: 'running' }, heading, list, more);
  const items = new Map();
  let shown = [];
  let ticking = null;

  function item(id) {
    let it = items.get(id);
    if (it) return it;
    const open = h('button', { type: 'button', class: 'link task-id', text: id, title: `Details of ${id}`, onclick: () => router.go({ task: id }) });
    it = {
      bar: progressBar(0), title: h('span', { class: 'title' }), attempt: h('span', { class: 'attempt' }),
      message: h('span', { class: 'message' }), elapsed: h('span', { class: 'elapsed' }), started: null,
    };
    it.el = h('article', { class: 'current-task', dataset: { taskId: id } }, it.bar, open, it.title, it.attempt, it.message, it.elapsed);
    items.set(id, it);
    return it;
  }

  function render(tasks) {
    const seen = new Set();
    shown = tasks.slice(0, MAX_SHOWN);
    for (const t of shown) {
      const id = String(t.id);
      seen.add(id);
      const it = item(id);
      const title = t.title ?? store.title(id);
      it.title.textContent = title === id ? '' : title;
      it.title.title = [title, t.description ?? store.meta.get(id)?.description].filter(Boolean).join('\n');
      it.attempt.textContent = t.max_attempts > 1 ? `attempt ${t.attempt}/${t.max_attempts}` : '';
      it.message.textContent = t.message ?? '';
      it.message.title = t.message ?? '';
      const p = Number(t.progress ?? 0);
      setProgress(it.bar, p, `${p.toFixed(0)}%`);
      it.started = Date.parse(t.started_at ?? '');
    }
    for (const [id, it] of items) if (!seen.has(id)) { it.el.remove(); items.delete(id); }
    const wanted = shown.map((t) => items.get(String(t.id)).el);
    if (wanted.length !== list.children.length || wanted.some((e, i) => list.children[i] !== e)) fill(list, wanted);
    if (!wanted.length) fill(list, h('p', { class: 'muted', text: 'No task is running.' }));
    heading.textContent = tasks.length ? `Running now (${tasks.length})` : 'Running now';
    more.hidden = tasks.length <= MAX_SHOWN;
    if (!more.hidden) {
      fill(more, `and ${tasks.length - MAX_SHOWN} more: `, placeLink(router, { view: 'tasks', state: 'running' }, { text: 'every running task' }));
    }
    tick();
    if (shown.length && !ticking) ticking = setInterval(tick, 1000);
    if (!shown.length && ticking) { clearInterval(ticking); ticking = null; }
  }

  function tick() {
    const now = Date.now();
    for (const it of items.values()) it.elapsed.textContent = Number.isNaN(it.started) || it.started == null ? '' : duration(Math.max(0, (now - it.started) / 1000));
  }

  function select(id) {
    for (const [key, it] of items) it.el.classList.toggle('selected', key === id);
  }

  return { el, render, select };
}
