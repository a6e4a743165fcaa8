// Renders any JSON value as plain elements (text only), for report sections whose exact shape
// belongs to the report's producer: objects as definition lists, arrays of objects as tables.
// Field names say the unit (`_seconds`, `_bytes`, `_ms`, `percent`, rates): values are shown in it.
import { h } from '../shared/dom.js';
import { bytes, bytesPerSecond, clock, duration, percent, time } from '../shared/format.js';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d/;
const RATIO = /(^|_)(rate|score|efficiency|share_of_run)$/;
const WORDS = { cpu: 'CPU', id: 'id', avg: 'average', max: 'max', ms: '', s: '' };

// Instants inside the run (`*_ms`) as clock times in UTC: the date is the summary's.
const clockTime = (ms) => `${clock(ms)} UTC`;

export function valueText(v, key = '') {
  if (v == null) return '—';
  const k = String(key);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') {
    if (k.endsWith('_ms') && v > 1e11) return clockTime(v);
    if (k.includes('bytes_per_s')) return bytesPerSecond(v);
    if (k.includes('bytes')) return bytes(v);
    if (k.endsWith('_seconds')) return duration(v);
    if (k.includes('percent')) return `${v.toFixed(v < 10 ? 1 : 0)}%`;
    if (RATIO.test(k)) return percent(v);
    return Number.isInteger(v) ? v.toLocaleString() : v.toFixed(3).replace(/\.?0+$/, '');
  }
  if (typeof v === 'string' && ISO.test(v) && !Number.isNaN(Date.parse(v))) return time(v);
  if (typeof v === 'object' && !Array.isArray(v)) {
    const entries = Object.entries(v);
    return entries.length ? entries.map(([name, n]) => `${name} ${valueText(n, name)}`).join(', ') : 'none';
  }
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** A field name as words, without the unit its value now shows in. */
export function label(key) {
  const words = String(key).replace(/_bytes_per_s/g, '_per_second').replace(/_(seconds|bytes|ms)(?=_|$)/g, '').split('_');
  return words.map((w) => WORDS[w] ?? w).filter(Boolean).join(' ').replace(/ percent/g, ' %').replace(/^./, (c) => c.toUpperCase());
}

export function renderValue(value) {
  if (Array.isArray(value)) {
    if (!value.length) return h('p', { class: 'muted', text: 'none' });
    if (value.every((v) => v && typeof v === 'object' && !Array.isArray(v))) return table(value);
    return h('ol', {}, value.map((v) => h('li', {}, typeof v === 'object' && v ? renderValue(v) : valueText(v))));
  }
  if (value && typeof value === 'object') {
    return h('dl', { class: 'figures' }, Object.entries(value).flatMap(([k, v]) => [
      h('dt', { text: label(k) }),
      h('dd', {}, v && typeof v === 'object' ? renderValue(v) : valueText(v, k)),
    ]));
  }
  return h('p', { text: valueText(value) });
}

function table(rows) {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return h('table', { class: 'table' },
    h('thead', {}, h('tr', {}, keys.map((k) => h('th', { text: label(k) })))),
    h('tbody', {}, rows.map((r) => h('tr', {}, keys.map((k) => h('td', { text: valueText(r[k], k) }))))));
}
