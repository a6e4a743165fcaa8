// "Needs attention": the tasks that failed, are blocked, or wait for a retry, each with what went
// wrong and a link to its log. Kept from the rows that change, so a 10,000-task run costs nothing.
import { h, fill } from '../shared/dom.js';
import { time } from '../shared/format.js';
import { stateLabel } from '../shared/states.js';
import { placeLink } from './router.js';

const STATES = ['failed', 'retry_waiting', 'blocked'];
const MAX_SHOWN = 50;

export function attentionList(store, { router }) {
  const list = h('ul', { class: 'attention-list', 'data-testid': 'attention' });
  const more = h('p', { class: 'muted', hidden: true });
  const el = h('div', { class: 'attention', hidden: true }, h('h3', { text: 'Needs attention' }), list, more);
  const ids = new Set();

  function track(row) {
    const id = String(row.id);
    if (STATES.includes(row.state)) ids.add(id);
    else ids.delete(id);
  }


  function render() {
    const rows = [...ids].map((id) => store.rows.get(id)).filter(Boolean)
      .sort((a, b) => STATES.indexOf(a.state) - STATES.indexOf(b.state));
    el.hidden = rows.length === 0;
    fill(list, rows.slice(0, MAX_SHOWN).map((r) => {
      const id = String(r.id);
      const why = r.state === 'blocked' ? `needs ${r.blocked_by ?? 'a task that failed'}, which failed`
        : r.state === 'retry_waiting' ? `${r.last_error ?? 'failed'}; attempt ${Number(r.attempt) + 1} at ${time(r.next_retry_at)}`
          : r.last_error ?? 'failed';
      return h('li', { dataset: { taskId: id, state: r.state } },
        h('span', { class: `chip state-${r.state}`, text: stateLabel(r.state) }),
        h('button', { type: 'button', class: 'link task-id', text: id, onclick: () => router.go({ task: id }) }),
        h('span', { class: 'why', text: why, title: why }),
        r.state === 'blocked' ? null : placeLink(router, { view: 'logs', task: id }, { text: 'log', class: 'log-link' }));
    }));
    const failed = rows.filter((r) => r.state === 'failed').length;
    more.hidden = rows.length <= MAX_SHOWN;
    if (!more.hidden) fill(more, `${rows.length - MAX_SHOWN} more: `, placeLink(router, { view: 'tasks', state: 'failed' }, { text: `all ${failed} failed tasks` }));
  }

  store.subscribe(({ snapshot, rows, graph }) => {
    if (snapshot || graph) { ids.clear(); for (const r of store.rows.values()) track(r); render(); return; }
    if (!rows?.length) return;
    const before = ids.size;
    let touched = false;
    for (const r of rows) { const had = ids.has(String(r.id)); track(r); touched ||= had || ids.has(String(r.id)); }
    if (touched || ids.size !== before) render();
  });
  return { el };
}
