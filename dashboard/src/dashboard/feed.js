// The live feed: one EventSource on /api/v1/events. `hello` starts (or restarts, after a
// reconnect) from a fresh snapshot; updates older than the snapshot are dropped by the store;
// `resync` means this tab fell behind and reloads the snapshot.
export function connectFeed({ api, store, onState, onHello, onSample, onAlert, onError }) {
  let source = null;
  let snapshotLoading = null;
  const early = [];

  async function loadSnapshot() {
    snapshotLoading = api.tasks();
    try {
      store.setSnapshot(await snapshotLoading);
    } catch (error) {
      onError?.(`could not load the tasks: ${error.message}`);
    } finally {
      snapshotLoading = null;
      for (const update of early.splice(0)) store.applyUpdate(update);
    }
  }

  const parse = (event) => {
    try { return JSON.parse(event.data); } catch { return null; }
  };

  function open() {
    onState('connecting');
    source = new EventSource(api.url('/api/v1/events'));
    source.addEventListener('open', () => onState('live'));
    source.addEventListener('error', () => {
      onState(source.readyState === EventSource.CLOSED ? 'offline' : 'reconnecting');
      if (source.readyState === EventSource.CLOSED) setTimeout(open, 3000);
    });
    source.addEventListener('hello', async (event) => {
      onState('live');
      const hello = parse(event) ?? {};
      await onHello?.(hello);
      await loadSnapshot();
    });
    source.addEventListener('update', (event) => {
      const update = parse(event);
      if (!update) return;
      if (snapshotLoading) early.push(update);
      else store.applyUpdate(update);
    });
    source.addEventListener('sample', (event) => { const s = parse(event); if (s) onSample?.(s); });
    source.addEventListener('alert', (event) => { const a = parse(event); if (a) onAlert?.(a); });
    source.addEventListener('resync', () => loadSnapshot());
  }

  open();
  return { close: () => source?.close() };
}
