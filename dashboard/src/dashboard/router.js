// Where the page is: the view, the selected task and attempt, a state filter, all kept in the
// URL fragment (`#view=logs&task=compile&attempt=2`) so that any of them can be bookmarked or
// shared. The fragment never reaches a server; the control token that arrives in it too is taken
// out first (token.js) and never written back.
import { h } from '../shared/dom.js';
import { takeTokenFromUrl } from './token.js';

export const VIEWS = ['overview', 'graph', 'tasks', 'timeline', 'resources', 'history', 'logs', 'runs'];
const KEYS = ['view', 'task', 'attempt', 'state'];

function read() {
  takeTokenFromUrl();
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const view = params.get('view');
  const attempt = Number(params.get('attempt'));
  return {
    view: VIEWS.includes(view) ? view : 'overview',
    task: params.get('task') || null,
    attempt: Number.isInteger(attempt) && attempt > 0 ? attempt : null,
    state: params.get('state') || null,
  };
}

/** The fragment for a place: only what differs from the defaults. */
export function hrefOf(place) {
  if (typeof place === 'function') return '#';
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = place[key];
    if (value == null || value === '' || (key === 'view' && value === 'overview')) continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `#${text}` : '#';
}

/**
 * A link to a place: a real address (open it in another tab, copy it), followed in the page
 * without reloading it. `props` are the element's other attributes (text, class, title…).
 */
export function placeLink(router, place, props = {}) {
  return h('a', { ...props, href: hrefOf(place), onclick: (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    router.go(typeof place === 'function' ? place() : place);
  } });
}

export function createRouter() {
  const listeners = new Set();
  let place = read();
  const same = (a, b) => KEYS.every((k) => (a[k] ?? null) === (b[k] ?? null));

  function changed(next) {
    if (same(next, place)) return;
    const before = place;
    place = next;
    for (const fn of listeners) fn(place, before);
  }

  // Typed in, a link followed, back or forward.
  const onUrl = () => changed(read());
  window.addEventListener('hashchange', onUrl);
  window.addEventListener('popstate', onUrl);

  return {
    get place() { return place; },
    subscribe(fn) { listeners.add(fn); return () => listeners.delete(fn); },
    /**
     * Goes somewhere: `patch` names what changes (null clears it). A new view is a step that
     * Back undoes; choosing a task or an attempt within a view replaces the current entry.
     */
    go(patch) {
      const next = { ...place, ...patch };
      if (!VIEWS.includes(next.view)) next.view = 'overview';
      if (patch.task !== undefined && patch.attempt === undefined && patch.task !== place.task) next.attempt = null;
      if (same(next, place)) return;
      const url = location.pathname + location.search + hrefOf(next);
      if (next.view !== place.view) history.pushState(null, '', url);
      else history.replaceState(null, '', url);
      changed(next);
    },
  };
}
