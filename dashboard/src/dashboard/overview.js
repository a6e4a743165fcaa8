// The Overview view: the run's figures (how far it got, as every view writes it: a run with
// failures never reads as done; what remains, the time left, the last checkpoint), its health
// and alerts, what is running now and what needs attention.
import { h, fill, panel } from '../shared/dom.js';
import { duration, progressText, time } from '../shared/format.js';
import { placeLink } from './router.js';
import { runSummary } from './summary.js';
import { runningList } from './running.js';
import { attentionList } from './attention.js';

export function overviewView(store, { router, health }) {
  const figure = (label, testid) => {
    const dd = h('dd', { 'data-testid': testid });
    return [dd, [h('dt', { text: label }), dd]];
  };
  const [progress, progressRow] = figure('Progress', 'completed');
  const [remaining, remainingRow] = figure('Remaining', 'remaining');
  const [eta, etaRow] = figure('Time left', 'eta');
  const [checkpoint, checkpointRow] = figure('Last checkpoint', 'last-checkpoint');
  const [home, homeRow] = figure('In this home', 'home-runs');
  home.hidden = homeRow[0].hidden = true;
  const running = runningList(store, { router });
  const attention = attentionList(store, { router });
  const figures = h('dl', { class: 'figures' }, progressRow, remainingRow, etaRow, checkpointRow, homeRow);
  const el = h('div', { class: 'overview' },
    h('div', { class: 'grid2' }, panel('overview', 'Execution overview', figures), health.el),
    h('section', { class: 'panel', 'aria-label': 'Tasks now' }, running.el, attention.el));

  const showRow = (dd, shown) => { dd.hidden = !shown; dd.previousSibling.hidden = !shown; };

  function render() {
    const s = runSummary(store);
    progress.textContent = progressText(s.total ?? 0, s.counts);
    const left = Math.max(0, (s.total ?? 0) - (s.finished ?? 0));
    remaining.textContent = String(left);
    showRow(remaining, !s.ended || left > 0);
    // A finished run has no time left to estimate.
    showRow(eta, !s.ended);
    eta.textContent = s.eta_seconds == null ? 'not known yet' : duration(s.eta_seconds);
    // The file's name is what tells checkpoints apart (the CLI names it too); the whole path is its tooltip.
    const path = String(s.last_checkpoint?.path ?? '');
    checkpoint.textContent = s.last_checkpoint ? `${time(s.last_checkpoint.time)} · ${path.split('/').pop()}` : 'none yet';
    checkpoint.title = path;
    running.render(s.ended ? [] : s.current_tasks ?? []);
  }

  router.subscribe((place) => running.select(place.task));
  store.subscribe(({ summary, snapshot, graph, rows }) => { if (summary || snapshot || graph || (!store.summary && rows)) render(); });
  render();
  return {
    el,
    /** How many runs the home has: more than one are worth a link to their list. */
    setRunCount(count) {
      showRow(home, count > 1);
      fill(home, `${count} runs · `, placeLink(router, { view: 'runs' }, { text: 'see them all' }));
    },
  };
}
