// System health: autonomy score, error rate, recovery success rate, efficiency, and the alerts
// panel (firing first), kept from /api/v1/alerts and the feed's `alert` events.
import { h, fill, panel } from '../shared/dom.js';
import { percent, time } from '../shared/format.js';

export function healthPanel(store) {
  const figure = (label, testid) => {
    const value = h('strong', { class: 'figure', 'data-testid': testid, text: '—' });
    return [h('div', { class: 'stat' }, value, h('span', { class: 'muted', text: label })), value];
  };
  const [autonomyEl, autonomy] = figure('autonomy score', 'autonomy');
  const [errorEl, errorRate] = figure('error rate', 'error-rate');
  const [recoveryEl, recovery] = figure('recovery success', 'recovery-rate');
  const [efficiencyEl, efficiency] = figure('efficiency', 'efficiency');
  const list = h('ul', { class: 'alerts', 'data-testid': 'alerts' });
  const el = panel('health', 'Health', h('div', { class: 'stats' }, autonomyEl, errorEl, recoveryEl, efficiencyEl),
    h('h3', { text: 'Alerts' }), list);

  const alerts = new Map();
  function renderAlerts() {
    const all = [...alerts.values()].sort((a, b) =>
      (a.state === 'firing' ? 0 : 1) - (b.state === 'firing' ? 0 : 1) || String(b.starts_at).localeCompare(String(a.starts_at)));
    fill(list, all.length ? all.slice(0, 50).map((a) => h('li', { class: `alert ${a.state} ${a.severity}`, dataset: { alert: String(a.name) } },
      h('span', { class: 'badge', text: `${a.state ?? '?'} · ${a.severity ?? ''}` }), ' ',
      h('strong', { text: String(a.name ?? 'alert') }), ' ', h('span', { text: a.summary ?? '' }),
      h('div', { class: 'muted', text: `${a.description ?? ''} (since ${time(a.starts_at)}${a.ends_at ? `, resolved ${time(a.ends_at)}` : ''})` })))
      : h('li', { class: 'muted', text: 'No alerts.' }));
  }

  store.subscribe(({ summary }) => {
    if (!summary) return;
    autonomy.textContent = percent(summary.autonomy_score);
    errorRate.textContent = percent(summary.error_rate);
    recovery.textContent = percent(summary.recovery_rate);
    efficiency.textContent = percent(summary.efficiency);
  });
  renderAlerts();

  return {
    el,
    addAlert(alert) { if (alert?.id != null) { alerts.set(String(alert.id), alert); renderAlerts(); } },
    loadAlerts(body) {
      const items = Array.isArray(body) ? body : [...(body?.active ?? []), ...(body?.recent ?? []), ...(body?.alerts ?? [])];
      for (const a of items) if (a?.id != null) alerts.set(String(a.id), a);
      renderAlerts();
    },
    /** From a history sample, when no summary has come yet. */
    fromSample(sample) {
      if (store.summary) return;
      autonomy.textContent = percent(sample.autonomy_score);
      errorRate.textContent = percent(sample.error_rate);
      efficiency.textContent = percent(sample.efficiency);
    },
  };
}
