// Renders any JSON value as plain elements (text only), for report sections whose exact shape
// belongs to the report's producer: objects as definition lists, arrays of objects as tables.
import { h } from '../shared/dom.js';

export function valueText(v) {
  if (v == null) return '—';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(3).replace(/\.?0+$/, '');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

const label = (key) => String(key).replace(/_/g, ' ');

export function renderValue(value) {
  if (Array.isArray(value)) {
    if (!value.length) return h('p', { class: 'muted', text: 'none' });
    if (value.every((v) => v && typeof v === 'object' && !Array.isArray(v))) return table(value);
    return h('ol', {}, value.map((v) => h('li', {}, typeof v === 'object' && v ? renderValue(v) : valueText(v))));
  }
  if (value && typeof value === 'object') {
    return h('dl', { class: 'figures' }, Object.entries(value).flatMap(([k, v]) => [
      h('dt', { text: label(k) }),
      h('dd', {}, v && typeof v === 'object' ? renderValue(v) : valueText(v)),
    ]));
  }
  return h('p', { text: valueText(value) });
}

function table(rows) {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return h('table', { class: 'table' },
    h('thead', {}, h('tr', {}, keys.map((k) => h('th', { text: label(k) })))),
    h('tbody', {}, rows.map((r) => h('tr', {}, keys.map((k) => h('td', { text: valueText(r[k]) }))))));
}
