// The monitor's HTTP API (docs/monitoring-contract.md): reads under /api/v1, control under the
// transcoded /v1 endpoints with the bearer token.
import { getToken } from './token.js';

export function createApi(baseUrl) {
  const base = String(baseUrl ?? '').replace(/\/+$/, '');
  const url = (path) => `${base}${path}`;

  async function get(path) {
    const response = await fetch(url(path), { headers: { Accept: 'application/json' }, cache: 'no-store' });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${response.statusText}`);
    return response.json();
  }

  /**
   * A state-changing call. Resolves to { ok, status, body, message } whatever the server
   * answered, so the UI can show a refusal as plainly as a success.
   */
  async function post(path, body = {}) {
    const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
    const token = getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    let response;
    try {
      response = await fetch(url(path), { method: 'POST', headers, body: JSON.stringify(body) });
    } catch (error) {
      return { ok: false, status: 0, body: null, message: `could not reach the executor (${error.message})` };
    }
    const text = await response.text();
    let parsed = null;
    try { parsed = text ? JSON.parse(text) : null; } catch { parsed = null; }
    const said = parsed?.message ?? parsed?.detail ?? parsed?.title ?? parsed?.error
      ?? (parsed?.path ? `saved ${parsed.path}` : text.trim());
    return { ok: response.ok, status: response.status, body: parsed, message: said || response.statusText };
  }

  return {
    url,
    graph: () => get('/api/v1/graph'),
    tasks: () => get('/api/v1/tasks'),
    task: (id) => get(`/api/v1/tasks/${encodeURIComponent(id)}`),
    history: () => get('/api/v1/history'),
    alerts: () => get('/api/v1/alerts'),
    runs: () => get('/api/v1/runs'),
    /** One page of a task's log: `offset` and `limit` in bytes, `attempt` null for the whole file. */
    log: (id, { attempt, offset = 0, limit }) => {
      const query = new URLSearchParams({ offset: String(offset) });
      if (attempt != null) query.set('attempt', String(attempt));
      if (limit != null) query.set('limit', String(limit));
      return get(`/api/v1/tasks/${encodeURIComponent(id)}/log?${query}`);
    },
    pause: () => post('/v1/run:pause', { reason: 'from the dashboard' }),
    resume: () => post('/v1/run:continue', { reason: 'from the dashboard' }),
    stop: () => post('/v1/run:stop', { emergency: true, reason: 'emergency stop from the dashboard' }),
    checkpoint: () => post('/v1/checkpoints', {}),
    override: (id, action) => post(`/v1/tasks/${encodeURIComponent(id)}:override`, { taskId: id, action, reason: 'from the dashboard' }),
  };
}
