// Numbers and times as a person reads them: the same text as the C# formatters of
// TaskMaster.Core/Display (HumanDuration, ClockTime, Counted, ProgressText), which every other view uses.

/** A duration as people write it: 850ms, 1.5s, 24s, 2m 5s, 1h 5m, 2d 3h (HumanDuration). */
export function duration(seconds) {
  if (seconds == null || !Number.isFinite(Number(seconds))) return '—';
  // Whole milliseconds first (half away from zero), then integer steps, exactly as HumanDuration does.
  const ms = Math.max(0, Math.round(Number(seconds) * 1000));
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const tenths = Math.floor((ms + 50) / 100);
  if (tenths < 100) return tenths % 10 === 0 ? `${tenths / 10}s` : `${Math.floor(tenths / 10)}.${tenths % 10}s`;
  const s = Math.floor((ms + 500) / 1000);
  const pair = (major, majorUnit, minor, minorUnit) => (minor === 0 ? `${major}${majorUnit}` : `${major}${majorUnit} ${minor}${minorUnit}`);
  if (s < 60) return `${s}s`;
  if (s < 3600) return pair(Math.floor(s / 60), 'm', s % 60, 's');
  if (s < 86400) return pair(Math.floor(s / 3600), 'h', Math.floor((s % 3600) / 60), 'm');
  return pair(Math.floor(s / 86400), 'd', Math.floor((s % 86400) / 3600), 'h');
}

/** A count and its noun, singular only for one: 1 task, 2 tasks (Counted). */
export function counted(n, singular, plural = `${singular}s`) {
  return `${n} ${Number(n) === 1 ? singular : plural}`;
}

/**
 * How far a run is, never reading as done when tasks failed (ProgressText):
 * "7 of 7 tasks finished: 5 succeeded, 1 failed, 1 blocked", skipped named when there are any.
 */
export function progressText(total, counts = {}) {
  const n = (k) => Number(counts?.[k] ?? 0);
  const finished = n('succeeded') + n('failed') + n('blocked') + n('skipped');
  const text = `${finished} of ${counted(Number(total ?? 0), 'task')} finished: ${n('succeeded')} succeeded, ${n('failed')} failed, ${n('blocked')} blocked`;
  return n('skipped') > 0 ? `${text}, ${n('skipped')} skipped` : text;
}

export function bytes(n) {
  if (n == null || !Number.isFinite(Number(n))) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = Number(n), i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(i && v < 10 ? 1 : 0)} ${units[i]}`;
}

export function percent(ratio, digits = 1) {
  if (ratio == null || !Number.isFinite(Number(ratio))) return '—';
  return `${(Number(ratio) * 100).toFixed(digits)}%`;
}

const two = (n) => String(n).padStart(2, '0');

/** An instant on a 24-hour clock in UTC, the zone named, whatever the browser's zone: 2026-12-01 20:35:47 UTC (ClockTime). */
export function time(value) {
  if (value == null || value === '') return '—';
  const d = new Date(typeof value === 'number' ? value : String(value));
  if (Number.isNaN(d.getTime())) return String(value);
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC`;
}

/** Milliseconds since the epoch from a `*_ms` field, or from an offset when a producer sent one. */
export function epochMs(value, originMs) {
  const v = Number(value);
  if (!Number.isFinite(v)) return null;
  return v < 1e11 && originMs ? originMs + v : v;
}

export function isoMs(iso) {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? null : t;
}

/** A rate of bytes per second. */
export function bytesPerSecond(n) {
  return n == null || !Number.isFinite(Number(n)) ? '—' : `${bytes(n)}/s`;
}

/** A clock time in UTC for an axis or legend (whose title names the zone): hh:mm:ss, or hh:mm when the span shown is hours long. */
export function clock(ms, spanMs = 0) {
  if (ms == null || !Number.isFinite(Number(ms))) return '—';
  const d = new Date(Number(ms));
  const hm = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
  return spanMs > 3 * 3600_000 ? hm : `${hm}:${two(d.getUTCSeconds())}`;
}

/** The last of a series that is a number, or null. */
export function lastNumber(values) {
  for (let i = (values?.length ?? 0) - 1; i >= 0; i--) if (values[i] != null && Number.isFinite(Number(values[i]))) return Number(values[i]);
  return null;
}
