// Numbers and times as a person reads them.
export function duration(seconds) {
  if (seconds == null || !Number.isFinite(Number(seconds))) return '—';
  let s = Math.max(0, Number(seconds));
  if (s < 10) return `${s.toFixed(1)}s`;
  s = Math.round(s);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  if (h) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m) return `${m}m ${String(r).padStart(2, '0')}s`;
  return `${r}s`;
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

export function time(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleTimeString();
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

/** A clock time for an axis or legend: hh:mm:ss, or hh:mm when the span shown is hours long. */
export function clock(ms, spanMs = 0) {
  if (ms == null || !Number.isFinite(Number(ms))) return '—';
  const d = new Date(Number(ms));
  const two = (n) => String(n).padStart(2, '0');
  const hm = `${two(d.getHours())}:${two(d.getMinutes())}`;
  return spanMs > 3 * 3600_000 ? hm : `${hm}:${two(d.getSeconds())}`;
}

/** The last of a series that is a number, or null. */
export function lastNumber(values) {
  for (let i = (values?.length ?? 0) - 1; i >= 0; i--) if (values[i] != null && Number.isFinite(Number(values[i]))) return Number(values[i]);
  return null;
}
