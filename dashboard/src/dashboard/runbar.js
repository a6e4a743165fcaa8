// The run at a glance, above every view: its state and why, overall progress, how many tasks
// are in each state (each count a link to those tasks), and how long it has run.
import { h, fill } from '../shared/dom.js';
import { duration, time } from '../shared/format.js';
import { TASK_STATES, stateLabel } from '../shared/states.js';
import { placeLink } from './router.js';
import { runSummary } from './summary.js';

// The order a person reads a run in: what went wrong, what is going on, what is done.
const SEGMENTS = ['succeeded', 'skipped', 'failed', 'blocked', 'running'];
const ORDER = ['failed', 'blocked', 'running', 'retry_waiting', 'ready', 'pending', 'skipped', 'succeeded'];

export function runBar(store, { router, reportUrl }) {
  const state = h('span', { class: 'run-state', 'data-testid': 'run-state', text: 'waiting' });
  const reason = h('span', { class: 'muted run-reason', 'data-testid': 'run-reason' });
  // One segment per outcome (so a failed run's bar shows red, not a proud 100 %), then the running tasks' own progress.
  const segments = SEGMENTS.map((k) => h('span', { class: `segment state-${k}`, dataset: { state: k } }));
  const overall = h('div', { class: 'bar segmented', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'data-testid': 'overall-progress' }, segments);
  const figure = h('span', { class: 'runbar-figure', 'data-testid': 'overall-figure' });
  const counts = h('ul', { class: 'counts', 'data-testid': 'counts', 'aria-label': 'Tasks by state' });
  const clock = h('span', { class: 'muted run-clock', 'data-testid': 'run-clock' });
  // The run's report (task-master report's page), as the monitor builds it now; in a tab of its own.
  const report = h('a', { class: 'run-report', href: reportUrl, target: '_blank', rel: 'noopener', text: 'Report', 'data-testid': 'run-report',
    title: 'The run\'s report as task-master report writes it: failed tasks, slowest, critical path, errors, recommendations' });
  const el = h('section', { class: 'runbar', 'aria-label': 'Run' },
    h('div', { class: 'runbar-state' }, state, reason), h('div', { class: 'runbar-progress' }, overall, figure), counts, h('div', { class: 'runbar-end' }, clock, report));

  let timing = {};
  let ticking = null;

  function render() {
    const s = runSummary(store);
    state.textContent = stateLabel(s.state);
    state.dataset.state = s.state;
    reason.textContent = s.state_reason ? s.state_reason : '';
    reason.title = s.state_reason ?? '';
    const text = `${Number(s.percent ?? 0).toFixed(1)}% · ${s.finished ?? 0} of ${s.total ?? 0} finished`;
    const total = Number(s.total ?? 0);
    const share = (k) => (total ? (100 * counts0(s, k)) / total : 0);
    const ended = SEGMENTS.slice(0, -1).reduce((sum, k) => sum + share(k), 0);
    segments.forEach((seg, i) => {
      const k = SEGMENTS[i];
      seg.style.width = `${k === 'running' ? Math.max(0, Number(s.percent ?? 0) - ended) : share(k)}%`;
    });
    overall.setAttribute('aria-valuenow', Number(s.percent ?? 0).toFixed(1));
    overall.setAttribute('aria-valuetext', text);
    figure.textContent = text;
    fill(counts, ORDER.filter((k) => TASK_STATES.includes(k) && s.counts?.[k]).map((k) =>
      h('li', {}, placeLink(router, { view: 'tasks', state: k },
        { class: `chip state-${k}`, text: `${s.counts[k]} ${stateLabel(k)}`, title: `Show the ${stateLabel(k)} tasks` }))));
    showClock(s);
  }

  function showClock(s = runSummary(store)) {
    const started = Date.parse(timing.started_at ?? '');
    if (Number.isNaN(started)) { clock.textContent = ''; return; }
    const seconds = timing.duration_seconds ?? (s.ended ? null : (Date.now() - started) / 1000);
    clock.textContent = `started ${time(timing.started_at)}${seconds == null ? '' : s.ended ? ` · took ${duration(seconds)}` : ` · running for ${duration(seconds)}`}`;
    // A live run's clock moves on its own; once per second is what it shows.
    if (!s.ended && !ticking) ticking = setInterval(() => showClock(), 1000);
    if (s.ended && ticking) { clearInterval(ticking); ticking = null; }
  }

  store.subscribe(({ summary, snapshot, graph, rows }) => { if (summary || snapshot || graph || (!store.summary && rows)) render(); });
  render();

  return {
    el,
    /** When the run started (and ended): from the history or the home's run list. */
    setTiming(next) { timing = { ...timing, ...Object.fromEntries(Object.entries(next).filter(([, v]) => v != null)) }; showClock(); },
  };
}

const counts0 = (s, k) => Number(s.counts?.[k] ?? 0);
