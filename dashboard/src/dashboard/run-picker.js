// The run picker of the cluster's monitor (docs/monitoring-contract.md): every run of the cluster,
// newest first, the one shown selected; choosing another opens its dashboard, a sibling page
// (/runs/<id>/). Absent from one executor's dashboard, which has one run.
import { h, fill } from '../shared/dom.js';

const REFRESH_MS = 5000;

/** The run a page under /runs/<id>/ shows. */
function shownRunId() {
  const parts = window.location.pathname.split('/').filter(Boolean);
  return parts.length >= 2 && parts[parts.length - 2] === 'runs' ? decodeURIComponent(parts[parts.length - 1]) : null;
}

function label(run) {
  const state = run.problem ? 'cannot be shown' : (run.state ?? 'starting');
  return `${run.queue_name} · ${run.run_id} · ${state} · ${run.finished}/${run.total}`;
}

export function runPicker(listUrl) {
  const current = shownRunId();
  const select = h('select', { class: 'run-picker', 'data-testid': 'run-picker', 'aria-label': 'Run of the cluster' });
  select.addEventListener('change', () => {
    if (select.value && select.value !== current) window.location.assign(new URL(`../${encodeURIComponent(select.value)}/`, window.location.href).href);
  });

  async function refresh() {
    let body;
    try {
      const response = await fetch(new URL(listUrl, window.location.href).href, { headers: { Accept: 'application/json' }, cache: 'no-store' });
      if (!response.ok) return;
      body = await response.json();
    } catch { return; }
    // A list being read is not rebuilt under the reader.
    if (document.activeElement === select) return;
    fill(select, (body.runs ?? []).map((run) => h('option', { value: run.run_id, text: label(run), selected: run.run_id === current })));
    select.value = current ?? '';
  }

  refresh();
  setInterval(refresh, REFRESH_MS);
  return { el: select };
}
