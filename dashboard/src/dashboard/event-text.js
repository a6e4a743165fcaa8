// A journal event (RunEventJson: camelCase, `type`, TimeSpans as "hh:mm:ss.fffffff") as a line a
// person reads: which task, and what happened to it.
import { duration } from '../shared/format.js';

/** Seconds from a .NET TimeSpan string ("1.02:03:04.5" or "00:00:01.25"), or null. */
export function timeSpanSeconds(text) {
  const m = /^(-)?(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(String(text ?? ''));
  if (!m) return null;
  const s = Number(m[2] ?? 0) * 86400 + Number(m[3]) * 3600 + Number(m[4]) * 60 + Number(m[5]);
  return m[1] ? -s : s;
}

const took = (e) => { const s = timeSpanSeconds(e.duration); return s == null ? '' : ` in ${duration(s)}`; };
const attempt = (e) => (e.attempt > 1 ? ` (attempt ${e.attempt})` : '');

const OVERRIDES = { skip: 'skipped', retry: 'retried', succeed: 'marked succeeded', cancel: 'cancelled' };

const TEXT = {
  RunStarted: (e) => (e.resumedFrom ? `run resumed from ${e.resumedFrom}` : `run started: ${e.taskCount} tasks, ${e.concurrency} at a time`),
  TaskStarted: (e) => `started${attempt(e)}`,
  TaskSucceeded: (e) => `succeeded${took(e)}${attempt(e)}`,
  TaskFailed: (e) => `failed${attempt(e)}: ${e.reason ?? ''}${e.willRetry ? '; it will be retried' : ''}`,
  TaskRetryScheduled: (e) => `attempt ${e.nextAttempt} in ${duration(timeSpanSeconds(e.delay))}`,
  TasksBlocked: (e) => {
    const ids = e.taskIds ?? [];
    return ids.length === 1 ? `${ids[0]} is blocked: ${e.causeTaskId} failed` : `${ids.length} tasks are blocked because ${e.causeTaskId} failed: ${ids.join(', ')}`;
  },
  TaskCancelled: (e) => `cancelled${attempt(e)}: ${e.reason ?? ''}`,
  TaskOverridden: (e) => `${OVERRIDES[e.action] ?? e.action} by an operator${e.reason ? `: ${e.reason}` : ''}`,
  RunPaused: (e) => `run paused${e.byOperator ? ' by an operator' : ''}: ${e.reason ?? ''}`,
  RunResumed: (e) => `run continued${e.byOperator ? ' by an operator' : ''}${e.reason ? `: ${e.reason}` : ''}`,
  RunStopRequested: (e) => `${e.emergency ? 'emergency stop' : 'stop'} requested${e.reason ? `: ${e.reason}` : ''}`,
  RunInterrupted: (e) => `run interrupted: ${e.reason ?? ''}`,
  RunCompleted: (e) => (e.succeeded ? 'run completed: every task succeeded' : 'run ended with failures'),
  RunRolledBack: (e) => `run rolled back to checkpoint #${e.checkpointSequence} because ${e.causeTaskId} failed`,
  CheckpointTaken: (e) => `checkpoint #${e.checkpointSequence} taken (${e.reason ?? ''})`,
  CheckpointFailed: (e) => `checkpoint failed (${e.reason ?? ''}): ${e.error ?? ''}`,
  ExecutorFaulted: (e) => `executor fault: ${e.reason ?? ''}`,
};

/** { task, text } for an event; `task` is the id it is about (null for run-wide events). */
export function describeEvent(e) {
  const text = TEXT[e?.type]?.(e) ?? `${e?.type ?? 'event'}${e?.reason ? `: ${e.reason}` : ''}`;
  const task = e?.type === 'TasksBlocked' ? null : e?.taskId ?? null;
  return { task: task == null ? null : String(task), text };
}
