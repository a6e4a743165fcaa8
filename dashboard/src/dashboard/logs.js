// The Logs view: the whole log of one task (or of one of its attempts), read in pages from the
// executor, from its start or its end, and followed live while the task runs. The task and
// attempt are in the URL (`#view=logs&task=compile&attempt=2`). Log text only ever goes in as text.
import { h, fill } from '../shared/dom.js';
import { bytes } from '../shared/format.js';
import { stateLabel } from '../shared/states.js';
import { createLogPager } from './log-pager.js';
import { taskPicker } from './task-picker.js';

export function logsView(store, { api, router, interval = 1000 }) {
  const picker = taskPicker(store, { label: 'Task whose log to show', testid: 'log-task', onPick: (id) => router.go({ task: id }) });
  const attempt = h('select', { 'aria-label': 'Attempt', 'data-testid': 'log-attempt' });
  attempt.addEventListener('change', () => router.go({ attempt: attempt.value ? Number(attempt.value) : null }));
  const button = (text, testid, onclick, title) => h('button', { type: 'button', text, 'data-testid': testid, title, onclick });
  const startButton = button('⇤ Start', 'log-start', () => act(pager.start), 'The first page of the log');
  const earlierButton = button('↑ Earlier', 'log-earlier', () => act(pager.earlier), 'The page before this one');
  const laterButton = button('↓ Later', 'log-later', () => act(pager.later), 'The page after this one');
  const endButton = button('End ⇥', 'log-end', () => act(pager.end), 'The last page of the log');
  const follow = h('input', { type: 'checkbox', checked: true, 'data-testid': 'log-follow' });
  follow.addEventListener('change', () => { if (follow.checked) act(pager.end); schedule(); });
  const range = h('span', { class: 'muted', 'data-testid': 'log-range', role: 'status' });
  const heading = h('h2', { 'data-testid': 'log-heading', text: 'Logs' });
  const where = h('p', { class: 'muted log-where', 'data-testid': 'log-where' });
  const text = h('pre', { class: 'log log-view', 'data-testid': 'log-text', tabindex: 0, 'aria-label': 'Log text' });
  const empty = h('div', { class: 'log-empty', 'data-testid': 'log-empty' });
  const body = h('div', { class: 'log-body' }, text);
  const el = h('section', { class: 'panel logs', 'aria-label': 'Logs' }, heading,
    h('div', { class: 'toolbar' }, picker.el, attempt,
      h('span', { class: 'button-group' }, startButton, earlierButton, laterButton, endButton),
      h('label', { class: 'check' }, follow, ' Follow while it runs'), range),
    where, empty, body);

  let task = null;
  let wanted = null;
  let visible = false;
  let timer = null;

  const pager = createLogPager({ fetchPage: (offset, limit) => api.log(task, { attempt: wanted, offset, limit }), onChange: draw });

  function draw({ reset, appended }) {
    const stick = follow.checked && text.scrollHeight - text.scrollTop - text.clientHeight < 40;
    if (reset) text.textContent = pager.text;
    else if (appended) text.append(appended);
    if (reset && !pager.atEnd) text.scrollTop = 0;
    else if (stick || reset) text.scrollTop = text.scrollHeight;
    showRange();
  }

  function showRange() {
    const { origin, from, to, size, complete } = pager.range;
    const length = size == null ? null : size - origin;
    const all = from <= origin && length != null && to >= size;
    const part = length === 0 ? (complete ? 'Nothing written: an attempt that succeeds without output leaves no log (its start, end and outcome are in the timeline).' : 'Nothing written yet.')
      : all ? `All of it: ${bytes(length)}.` : `${bytes(to - from)} shown, from byte ${(from - origin).toLocaleString()} of ${length == null ? '?' : length.toLocaleString()}.`;
    range.textContent = `${part}${complete === false ? ' The task is still writing it.' : ''}`;
    startButton.disabled = pager.atStart;
    earlierButton.disabled = pager.atStart;
    laterButton.disabled = pager.atEnd && complete === true;
    endButton.disabled = pager.atEnd && complete === true;
  }

  async function act(step) {
    if (!task) return;
    try {
      await step();
    } catch (error) {
      range.textContent = `Could not read the log: ${error.message}`;
      // The executor may be starting (503) or busy: while the view is shown, it asks again.
      clearTimeout(timer);
      timer = visible && follow.checked ? setTimeout(() => act(step), interval) : null;
      return;
    }
    schedule();
  }

  /** While the end of a log that can still grow is on screen, and the user follows it, ask for more every interval. */
  function schedule() {
    clearTimeout(timer);
    timer = null;
    if (!visible || !task || !follow.checked || !pager.atEnd || pager.range.complete !== false) return;
    timer = setTimeout(() => act(pager.later), interval);
  }

  function attempts(id) {
    const count = Number(store.rows.get(id)?.attempt ?? 0);
    const options = [h('option', { value: '', text: count > 1 ? `All ${count} attempts` : 'Whole log' })];
    for (let n = count; n >= 1 && count > 1; n--) options.push(h('option', { value: String(n), text: `Attempt ${n}` }));
    fill(attempt, options);
    attempt.value = wanted == null ? '' : String(wanted);
    attempt.hidden = !id;
  }

  function describe(id) {
    const row = store.rows.get(id) ?? {};
    const title = store.title(id);
    heading.textContent = `Log of ${id}${title !== id ? ` — ${title}` : ''}`;
    const state = stateLabel(row.state ?? 'pending');
    where.textContent = [`${state}${row.attempt ? `, attempt ${row.attempt} of ${row.max_attempts ?? '?'}` : ''}`,
      store.runId ? `in a terminal: task-master logs ${id} --run ${store.runId}` : null].filter(Boolean).join(' · ');
  }

  function open(place) {
    const id = place.task && (store.meta.has(place.task) || store.rows.has(place.task)) ? place.task : null;
    if (id === task && place.attempt === wanted && pager.range.size != null) { schedule(); return; }
    task = id;
    wanted = place.attempt;
    pager.clear();
    text.textContent = '';
    picker.set(id ?? '');
    attempts(id);
    empty.hidden = Boolean(id);
    body.hidden = !id;
    where.hidden = !id;
    if (!id) {
      heading.textContent = 'Logs';
      range.textContent = '';
      fill(empty, h('p', { text: place.task ? `There is no task "${place.task}" in this queue.` : 'Choose a task above, or open one from Tasks, Graph or Timeline, to read its whole log.' }),
        suggestions());
      return;
    }
    describe(id);
    range.textContent = 'Loading…';
    act(pager.end);
  }

  /** The tasks whose logs people open first: the running and the failed. */
  function suggestions() {
    const pick = [...store.rows.values()].filter((r) => r.state === 'running' || r.state === 'failed').slice(0, 12);
    if (!pick.length) return null;
    return h('ul', { class: 'suggestions' }, pick.map((r) => h('li', {},
      h('button', { type: 'button', class: 'link', text: String(r.id), onclick: () => router.go({ task: String(r.id) }) }),
      ' ', h('span', { class: `chip state-${r.state}`, text: stateLabel(r.state) }))));
  }

  router.subscribe((place) => { if (visible) open(place); });
  // The row says when an attempt starts (a new attempt to choose) or ends.
  store.subscribe(({ rows, snapshot, graph }) => {
    if (!visible) return;
    if (graph || (snapshot && !task)) { open(router.place); return; }
    if (!task || !(snapshot || rows?.some((r) => String(r.id) === task))) return;
    attempts(task);
    describe(task);
    // A retry writes on after a log that was complete: follow it again.
    if (store.rows.get(task)?.state === 'running' && pager.range.complete && wanted == null && follow.checked) act(pager.later);
  });

  return {
    el,
    show() { visible = true; open(router.place); },
    hide() { visible = false; schedule(); },
  };
}
