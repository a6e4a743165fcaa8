// The activity log: the journal events that came with each update, newest first.
import { h, panel } from '../shared/dom.js';
import { time } from '../shared/format.js';

const KEEP = 200;

export function activityPanel(store) {
  const list = h('ol', { class: 'activity', 'data-testid': 'activity', reversed: true });
  const empty = h('p', { class: 'muted', text: 'Events show here as they happen while this page is open; the task table and history hold what came before.' });
  const el = panel('activity', 'Activity', empty, list);
  store.subscribe(({ events }) => {
    if (!events?.length) return;
    empty.hidden = true;
    const items = events.map((e) => {
      const detail = e.reason ?? e.error ?? e.message ?? '';
      const line = [e.type, e.taskId ?? e.task_id, e.attempt ? `#${e.attempt}` : '', detail].filter(Boolean).join(' ');
      return h('li', {}, h('time', { text: time(e.at ?? e.time) }), ' ', h('span', { text: line }));
    });
    list.prepend(...items.reverse());
    while (list.children.length > KEEP) list.lastChild.remove();
  });
  return { el };
}
