// The Timeline view: every attempt of every task as a bar over the run's time (the history's
// attempt timeline, kept current from the rows); a row clicked selects its task.
import { h } from '../shared/dom.js';
import { stateLabel } from '../shared/states.js';

export function timelineView(history, { router }) {
  const chart = history.timeline;
  chart.onSelect((id) => router.go({ task: id }));
  const legend = h('ul', { class: 'counts legend', 'aria-label': 'Colours' },
    ['running', 'succeeded', 'failed', 'skipped'].map((k) => h('li', { class: `chip state-${k}`, text: stateLabel(k) })));
  const el = h('section', { class: 'panel', id: 'timeline', 'aria-label': 'Timeline' }, h('h2', { text: 'Timeline' }),
    h('p', { class: 'muted', text: 'One row per task, one bar per attempt, coloured by how it ended (a cancelled attempt as skipped); a row clicked opens its task.' }),
    legend, chart.el);
  router.subscribe((place, before) => { if (place.task !== before.task) chart.select(place.task); });
  chart.select(router.place.task);
  return { el, show: () => chart.redraw() };
}
