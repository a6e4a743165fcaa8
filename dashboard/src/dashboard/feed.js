// The live feed: one EventSource on /api/v1/events. `hello` starts (or restarts, after a
// reconnect) from a fresh snapshot; `resync` means this tab fell behind and reloads it. While a
// snapshot loads, updates are held back and applied after it (the store drops the ones the
// snapshot already has), so none is lost to a snapshot older than itself.
export function connectFeed({ api, store, onState, onHello, onSample, onAlert, onError, isEnded }) {
  let source = null;
  let held = null;

  async function resync(before) {
    held ??= [];
    try {
      await before?.();
      store.setSnapshot(await api.tasks());
      onError?.(null);
    } catch (error) {
      onError?.(`could not load the tasks: ${error.message}`);
      // In the instant before the run's first event the server answers 503: ask again shortly, the
      // updates still held, or the tasks that started before this page would never show.
      if (source && source.readyState !== EventSource.CLOSED) { setTimeout(() => resync(), 500); return; }
    }
    const updates = held ?? [];
    held = null;
    for (const update of updates) store.applyUpdate(update);
  }

  const parse = (event) => {
    try { return JSON.parse(event.data); } catch { return null; }
  };

  function open() {
    onState('connecting');
    source = new EventSource(api.url('/api/v1/events'));
    source.addEventListener('open', () => onState('live'));
    source.addEventListener('error', () => {
      // The run is over and its feed with it: no reconnecting, just an eye on whether the executor still serves it.
      if (isEnded?.()) { source.close(); watchEnded(); return; }
      const closed = source.readyState === EventSource.CLOSED;
      onState(closed ? 'offline' : 'reconnecting');
      if (closed) setTimeout(open, 3000);
    });
    source.addEventListener('hello', (event) => {
      onState('live');
      const hello = parse(event) ?? {};
      resync(() => onHello?.(hello));
    });
    source.addEventListener('update', (event) => {
      const update = parse(event);
      if (!update) return;
      if (held) held.push(update);
      else store.applyUpdate(update);
    });
    source.addEventListener('sample', (event) => { const s = parse(event); if (s) onSample?.(s); });
    source.addEventListener('alert', (event) => { const a = parse(event); if (a) onAlert?.(a); });
    source.addEventListener('resync', () => resync());
  }

  /** After the run: 'served' while the executor still answers (--monitor-linger), 'gone' once not; a new run reopens the feed. */
  async function watchEnded() {
    try {
      const snapshot = await api.tasks();
      const runId = snapshot?.summary?.run_id;
      // Another run, or this one resumed (its journal went on): follow it live again.
      if ((runId && store.runId && runId !== store.runId) || Number(snapshot?.sequence) > store.sequence) { open(); return; }
      onState('served');
    } catch {
      onState('gone');
    }
    setTimeout(watchEnded, 5000);
  }

  open();
  return { close: () => source?.close() };
}
