// The event log: what happened since this page opened (the journal events that came with each
// update), newest first, each line naming its task as a link to it. Progress reports are left
// out: the rows and the running list show them.
import { h } from '../shared/dom.js';
import { clock } from '../shared/format.js';
import { describeEvent } from './event-text.js';

const KEEP = 500;
const QUIET = new Set(['TaskProgressed']);

export function activityPanel(store, { router }) {
  const list = h('ol', { class: 'activity', 'data-testid': 'activity', reversed: true });
  const empty = h('p', { class: 'muted', text: 'Nothing has happened since this page was opened. What happened before is in the timeline, the charts and each task\'s log.' });
  const el = h('section', { class: 'panel', id: 'activity', 'aria-label': 'Events' }, h('h2', { text: 'Events since this page was opened (times in UTC)' }), empty, list);
  store.subscribe(({ events }) => {
    const shown = (events ?? []).filter((e) => !QUIET.has(e?.type));
    if (!shown.length) return;
    empty.hidden = true;
    const items = shown.map((e) => {
      const { task, text } = describeEvent(e);
      return h('li', { dataset: { type: String(e.type) } }, h('time', { text: clock(Date.parse(e.at ?? e.time)), datetime: String(e.at ?? e.time ?? '') }), ' ',
        task ? h('button', { type: 'button', class: 'link task-id', text: task, onclick: () => router.go({ task }) }) : null,
        task ? ' ' : null, h('span', { text }));
    });
    list.prepend(...items.reverse());
    while (list.children.length > KEEP) list.lastChild.remove();
  });
  return { el };
}
