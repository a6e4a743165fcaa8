// Resource monitoring from the feed's `sample` events: CPU trend, memory against its O(√n)
// budget, disk I/O, network status, and each running task's CPU and memory.
import { h, fill, panel } from '../shared/dom.js';
import { timeChart } from '../shared/charts.js';
import { bytes, bytesPerSecond, epochMs, isoMs } from '../shared/format.js';
import { ENDED } from './summary.js';

// What `network` says: the way out to the alert webhook, not a probe of the machine's network.
const NETWORK = {
  ok: 'the alert webhook is reachable', degraded: 'the alert webhook needed retries',
  down: 'the alert webhook is unreachable', none: 'nothing outside this machine is used (no alert webhook is set)',
};

const WINDOW = 600; // samples kept here (10 minutes at the default interval); history keeps all

export function resourcesPanel(store, { router }) {
  const cpu = timeChart({ title: 'Executor CPU (100% = one core)', series: [{ label: 'CPU', colour: '#f0a202', fill: 'rgba(240,162,2,.15)' }], format: (v) => `${Number(v).toFixed(0)}%` });
  const memory = timeChart({
    title: 'Executor memory vs its O(√n) budget',
    series: [{ label: 'memory', colour: '#5b8def', fill: 'rgba(91,141,239,.15)' }, { label: 'budget', colour: '#d64545', dash: [6, 4] }],
    format: bytes,
  });
  const disk = timeChart({ title: 'Executor disk I/O', series: [{ label: 'read', colour: '#2e9e5b' }, { label: 'write', colour: '#c77dff' }], format: bytesPerSecond });
  const network = h('span', { class: 'badge', 'data-testid': 'network', text: 'not measured yet' });
  const memoryNow = h('span', { 'data-testid': 'memory-now', text: '—' });
  const perTask = h('tbody');
  const el = panel('resources', 'Resources',
    h('dl', { class: 'figures' }, h('dt', { text: 'Executor memory' }), h('dd', {}, memoryNow),
      h('dt', { text: 'Network connectivity' }), h('dd', {}, network)),
    h('div', { class: 'grid3' }, cpu.el, memory.el, disk.el),
    h('h3', { text: 'Each running task (its processes together)' }),
    h('table', { class: 'table compact', 'data-testid': 'per-task-resources' },
      h('thead', {}, h('tr', {}, h('th', { text: 'Task' }), h('th', { text: 'CPU' }), h('th', { text: 'Memory' }))), perTask));

  let samples = [];
  let lastTasks = [];
  // Once the run is over nothing runs, whatever the last sample saw.
  store.subscribe(({ summary }) => { if (summary) showTasks(lastTasks); });
  function draw() {
    const xs = samples.map((s) => s.at / 1000);
    cpu.setData(xs, samples.map((s) => s.cpu_percent ?? null));
    memory.setData(xs, samples.map((s) => s.memory_bytes ?? null), samples.map((s) => s.memory_budget_bytes ?? null));
    disk.setData(xs, samples.map((s) => s.disk_read_bytes_per_s ?? null), samples.map((s) => s.disk_write_bytes_per_s ?? null));
  }

  return {
    el,
    attach() { for (const c of [cpu, memory, disk]) c.attach(); },
    load(history) {
      const origin = isoMs(history?.started_at);
      samples = (history?.samples ?? []).slice(-WINDOW).map((s) => ({ ...s, at: epochMs(s.t_ms, origin) })).filter((s) => s.at != null);
      if (samples.length) show(samples[samples.length - 1]);
      draw();
    },
    addSample(sample, origin) {
      const at = epochMs(sample.t_ms, origin);
      if (at == null) return;
      samples.push({ ...sample, at });
      if (samples.length > WINDOW) samples.shift();
      show(sample);
      draw();
    },
  };

  function show(sample) {
    network.textContent = NETWORK[sample.network] ?? sample.network ?? 'not measured yet';
    network.dataset.state = sample.network ?? 'unknown';
    const budget = sample.memory_budget_bytes;
    memoryNow.textContent = `${bytes(sample.memory_bytes)} of ${bytes(budget)} budget${budget > 0 ? ` (${((100 * sample.memory_bytes) / budget).toFixed(0)}%)` : ''}`;
    lastTasks = Array.isArray(sample.tasks) ? sample.tasks : [];
    showTasks(lastTasks);
  }

  function showTasks(sampled) {
    const tasks = ENDED.has(store.summary?.state) ? [] : sampled;
    fill(perTask, tasks.length ? tasks.map((t) => h('tr', { dataset: { taskId: String(t.id) } },
      h('td', { class: 'task-id' }, h('button', { type: 'button', class: 'link', title: store.title(String(t.id)), text: String(t.id), onclick: () => router.go({ task: String(t.id) }) })),
      h('td', { text: t.cpu_percent == null ? '—' : `${Number(t.cpu_percent).toFixed(0)}%` }),
      h('td', { text: bytes(t.memory_bytes) })))
      : h('tr', {}, h('td', { colspan: 3, class: 'muted', text: 'No task is running.' })));
  }
}
