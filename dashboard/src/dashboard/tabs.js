// The tab bar: one link per view (so each is a real, shareable address), marked up as an ARIA
// tablist. Arrow keys, Home and End move between tabs; the number keys 1–8 jump to one from
// anywhere outside a text field, and "/" goes to the view's search field. Only the current view is shown; a view is told when it is
// shown, so that what it draws (the graph, the charts) is laid out at its real size.
import { h } from '../shared/dom.js';
import { placeLink, VIEWS } from './router.js';

const LABELS = {
  overview: 'Overview', graph: 'Graph', tasks: 'Tasks', timeline: 'Timeline',
  resources: 'Resources', history: 'History', logs: 'Logs', runs: 'Runs',
};

/**
 * @param views { name: { el, show?(), badge? } } — the views there are (a view left out has no tab)
 */
export function createTabs(router, views) {
  const names = VIEWS.filter((name) => views[name]);
  const tabs = new Map();
  for (const name of names) {
    const badge = h('span', { class: 'tab-badge', hidden: true });
    // The selected task stays selected across views; a state filter belongs to the view it was chosen in.
    const tab = placeLink(router, { view: name, state: null },
      { role: 'tab', id: `tab-${name}`, 'aria-controls': `view-${name}`, 'data-testid': `tab-${name}`, dataset: { view: name } });
    tab.append(LABELS[name], badge);
    const panel = h('div', { class: 'view', id: `view-${name}`, role: 'tabpanel', 'aria-labelledby': `tab-${name}`, hidden: true }, views[name].el);
    tabs.set(name, { tab, badge, panel });
  }

  const bar = h('nav', { class: 'tabs', role: 'tablist', 'aria-label': 'Views', 'data-testid': 'tabs' }, names.map((n) => tabs.get(n).tab));
  bar.addEventListener('keydown', (event) => {
    const at = names.indexOf(event.target.dataset?.view);
    if (at < 0) return;
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: names.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const name = names[(to + names.length) % names.length];
    router.go({ view: name, state: null });
    tabs.get(name).tab.focus();
  });
  document.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return;
    // "/" searches in the view shown, as on many sites.
    if (event.key === '/') {
      const search = tabs.get(current)?.panel.querySelector('input[type=search]');
      if (search) { event.preventDefault(); search.focus(); }
      return;
    }
    const n = Number(event.key);
    if (Number.isInteger(n) && n >= 1 && n <= names.length) router.go({ view: names[n - 1], state: null });
  });

  let current = null;
  function show(place) {
    if (place.view === current) return;
    const before = current;
    current = views[place.view] ? place.view : names[0];
    if (before) views[before].hide?.();
    for (const name of names) {
      const selected = name === current;
      const { tab } = tabs.get(name);
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      tabs.get(name).panel.hidden = !selected;
    }
    document.body.dataset.view = current;
    views[current].show?.();
  }
  router.subscribe(show);

  return {
    el: bar,
    /** Every view's panel, to be put on the page; then `start()` shows the one the URL names. */
    panels: names.map((n) => tabs.get(n).panel),
    start: () => show(router.place),
    get current() { return current; },
    /** A count beside a tab's name (failed tasks, firing alerts); null hides it. */
    setBadge(name, text, kind) {
      const item = tabs.get(name);
      if (!item) return;
      item.badge.hidden = text == null;
      item.badge.textContent = text ?? '';
      item.badge.dataset.kind = kind ?? '';
    },
  };
}

const isTyping = (el) => el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName) || el.closest('dialog'));
