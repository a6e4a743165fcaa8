// The run's summary as every part of the page reads it: the executor's own (the feed's
// `summary`), or, before it comes (a monitor-init file with no executor yet), what the rows say.
export const FINISHED = new Set(['succeeded', 'failed', 'skipped', 'blocked']);
export const ENDED = new Set(['completed', 'failed', 'stopped']);
/** A task whose error is its present, not an earlier attempt's. */
export const FAILING = new Set(['failed', 'retry_waiting']);

/** What the rows alone say, until (or without) the executor's summary. */
export function localSummary(store) {
  const counts = {};
  const current = [];
  for (const id of store.ids()) {
    const row = store.rows.get(id);
    const state = row?.state ?? 'pending';
    counts[state] = (counts[state] ?? 0) + 1;
    if (state === 'running') current.push(currentTask(store, row));
  }
  const total = store.ids().length;
  const finished = Object.entries(counts).filter(([s]) => FINISHED.has(s)).reduce((a, [, n]) => a + n, 0);
  return { state: null, total, finished, counts, percent: total ? (100 * finished) / total : 0, current_tasks: current, eta_seconds: null };
}

export function currentTask(store, row) {
  const id = String(row.id);
  return {
    id, title: store.title(id), description: store.meta.get(id)?.description, progress: row.progress,
    message: row.progress_message, attempt: row.attempt, max_attempts: row.max_attempts, started_at: row.started_at,
  };
}

const localDefaults = { counts: {}, current_tasks: [], finished: 0, total: 0, percent: 0 };

/** The summary to show, with the run's state named even before the executor says it. */
export function runSummary(store) {
  // The rows are counted only while there is no summary: at 10,000 tasks that is work per update.
  const s = store.summary ? { ...localDefaults, ...store.summary } : localSummary(store);
  s.state ??= store.sequence >= 0 ? 'running' : 'not started';
  s.ended = ENDED.has(s.state);
  return s;
}
