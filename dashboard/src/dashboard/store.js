// The dashboard's copy of the run: the graph, every task's row, the summary, in feed order.
// Components subscribe and get told what changed.
export function createStore() {
  const listeners = new Set();
  const store = {
    runId: null,
    graph: null,
    meta: new Map(),
    rows: new Map(),
    summary: null,
    sequence: -1,
    subscribe(fn) { listeners.add(fn); return () => listeners.delete(fn); },
    emit(change) { for (const fn of listeners) fn(change); },

    setGraph(graph) {
      store.graph = graph;
      store.meta = new Map((graph?.tasks ?? []).map((t) => [String(t.id), t]));
      if (graph?.run_id) store.runId = graph.run_id;
      store.emit({ graph: true });
    },

    /** A snapshot from /api/v1/tasks: replaces every row. */
    setSnapshot(snapshot) {
      store.rows = new Map((snapshot?.tasks ?? []).map((r) => [String(r.id), r]));
      store.sequence = Number(snapshot?.sequence ?? 0);
      // The snapshot's summary: all a page opened after the run's end gets (no update follows).
      if (snapshot?.summary) store.summary = snapshot.summary;
      store.emit({ snapshot: true, rows: [...store.rows.values()], summary: snapshot?.summary });
    },

    /** An `update` from the feed; ignored when the snapshot already has it. */
    applyUpdate(update) {
      const sequence = Number(update?.sequence ?? 0);
      if (sequence <= store.sequence) return false;
      store.sequence = sequence;
      const rows = update.tasks ?? [];
      for (const row of rows) store.rows.set(String(row.id), row);
      if (update.summary) store.summary = update.summary;
      store.emit({ rows, summary: update.summary, events: update.events ?? [] });
      return true;
    },

    setSummary(summary) { store.summary = summary; store.emit({ summary }); },

    title(id) { return store.meta.get(id)?.title ?? id; },
    ids() { return store.meta.size ? [...store.meta.keys()] : [...store.rows.keys()]; },
  };
  return store;
}
