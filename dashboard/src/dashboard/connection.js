// The badge that says whether the page is live: connecting, live, reconnecting, offline; once
// the run has ended, that it shows the final state (served by a lingering executor, or kept from
// before the executor went away). It also tells the controls when nothing can be steered any more.
import { h } from '../shared/dom.js';
import { ENDED } from './summary.js';

export function connectionBadge(store, { controls, readOnly, onLive }) {
  const el = h('span', { class: 'connection', 'data-testid': 'connection', role: 'status', text: 'connecting' });
  let feed = 'connecting';

  const ended = () => ENDED.has(store.summary?.state);

  function update() {
    const over = ended();
    const state = over ? 'ended' : feed;
    const served = feed === 'live' || feed === 'served';
    el.textContent = over ? (served ? `run ${store.summary.state} · final state` : `run ${store.summary.state} · executor gone`)
      : readOnly && state !== 'live' ? `${state} (no executor yet: showing the queue)` : state;
    el.dataset.state = state;
    controls.setEnded(over ? store.summary.state : null);
    document.body.classList.toggle('run-ended', over);
    if (feed === 'live') onLive?.();
  }

  return {
    el,
    update,
    ended,
    setFeed(state) { feed = state; update(); },
  };
}
