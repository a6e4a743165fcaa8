// TaskMaster's task and run states, their order and their colours (one palette everywhere).
export const TASK_STATES = ['running', 'retry_waiting', 'ready', 'pending', 'failed', 'blocked', 'skipped', 'succeeded'];

export const STATE_COLOURS = {
  pending: '#9aa5b1', ready: '#5b8def', running: '#f0a202', retry_waiting: '#c77dff',
  succeeded: '#2e9e5b', failed: '#d64545', blocked: '#7a5c61', skipped: '#6c757d', cancelled: '#6c757d',
};

export const stateLabel = (state) => String(state ?? 'unknown').replace('_', ' ');

/** The state that best describes a group of tasks, for a collapsed phase. */
export function groupState(counts) {
  for (const s of ['running', 'failed', 'retry_waiting', 'ready', 'blocked']) if (counts[s]) return s;
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  if (total && counts.succeeded === total) return 'succeeded';
  if (total && (counts.succeeded ?? 0) + (counts.skipped ?? 0) === total) return 'skipped';
  return 'pending';
}
