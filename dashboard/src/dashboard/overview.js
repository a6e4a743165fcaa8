// The Overview view: the run's figures (finished, succeeded, failed, blocked, remaining, ETA,
// last checkpoint), its health and alerts, what is running now and what needs attention.
import { h, fill, panel } from '../shared/dom.js';
import { placeLink } from './router.js';
import { duration, time } from '../shared/format.js';
import { runSummary } from './summary.js';
import { runningList } from './running.js';
import { attentionList } from './attention.js';

export function overviewView(store, { router, health }) {
  const figure = (label, testid) => {
    const dd = h('dd', { 'data-testid': testid });
    return [dd, [h('dt', { text: label }), dd]];
  };
  const [finished, finishedRow] = figure('Finished', 'finished');
  const [succeeded, succeededRow] = figure('Succeeded', 'succeeded');
  const [failed, failedRow] = figure('Failed', 'failed');
  const [blocked, blockedRow] = figure('Blocked', 'blocked');
  const [skipped, skippedRow] = figure('Skipped', 'skipped');
  const [remaining, remainingRow] = figure('Remaining', 'remaining');
  const [eta, etaRow] = figure('Time left', 'eta');
  const [checkpoint, checkpointRow] = figure('Last checkpoint', 'last-checkpoint');
  const [home, homeRow] = figure('In this home', 'home-runs');
  home.hidden = homeRow[0].hidden = true;
  const running = runningList(store, { router });
  const attention = attentionList(store, { router });
  const figures = h('dl', { class: 'figures' }, finishedRow, succeededRow, failedRow, blockedRow, skippedRow, remainingRow, etaRow, checkpointRow, homeRow);
  const el = h('div', { class: 'overview' },
    h('div', { class: 'grid2' }, panel('overview', 'Execution overview', figures), health.el),
    h('section', { class: 'panel', 'aria-label': 'Tasks now' }, running.el, attention.el));

  const show = (dd, value, hideWhenZero) => {
    dd.textContent = String(value);
    const hidden = hideWhenZero && !value;
    dd.hidden = hidden;
    dd.previousSibling.hidden = hidden;
  };

  function render() {
    const s = runSummary(store);
    const n = (k) => Number(s.counts?.[k] ?? 0);
    finished.textContent = `${s.finished ?? 0} of ${s.total ?? 0}`;
    show(succeeded, n('succeeded'));
    show(failed, n('failed'));
    failed.dataset.kind = n('failed') ? 'bad' : '';
    show(blocked, n('blocked'), true);
    show(skipped, n('skipped'), true);
    show(remaining, Math.max(0, (s.total ?? 0) - (s.finished ?? 0)), s.ended);
    // A finished run has no time left to estimate.
    eta.hidden = etaRow[0].hidden = s.ended;
    eta.textContent = s.eta_seconds == null ? 'not known yet' : duration(s.eta_seconds);
    checkpoint.textContent = checkpointText(s.last_checkpoint);
    checkpoint.title = String(s.last_checkpoint?.path ?? '');
    running.render(s.ended ? [] : s.current_tasks ?? []);
  }

  router.subscribe((place) => running.select(place.task));
  store.subscribe(({ summary, snapshot, graph, rows }) => { if (summary || snapshot || graph || (!store.summary && rows)) render(); });
  render();
  return {
    el,
    /** How many runs the home has: more than one are worth a link to their list. */
    setRunCount(count) {
      home.hidden = homeRow[0].hidden = !(count > 1);
      fill(home, `${count} runs · `, placeLink(router, { view: 'runs' }, { text: 'see them all' }));
    },
  };
}

/** "20:34:00 · #3, interval": the checkpoint's number and why it was taken, from its file name; the path is its tooltip. */
function checkpointText(checkpoint) {
  if (!checkpoint) return 'none yet';
  const name = String(checkpoint.path ?? '').split('/').pop();
  const parts = /-(\d+)-([a-z][a-z-]*)\.json$/.exec(name);
  return `${time(checkpoint.time)} · ${parts ? `#${Number(parts[1])}, ${parts[2].replace(/-/g, ' ')}` : name}`;
}
