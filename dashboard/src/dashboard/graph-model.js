// What the dependency graph shows, computed from the queue: which phases are collapsed into one
// node, the visible nodes and edges, and
// the upstream / downstream closure of a task. No DOM and no cytoscape here.
import { groupState } from '../shared/states.js';

export const PHASE_PREFIX = 'phase::';
export const phaseNodeId = (name) => `${PHASE_PREFIX}${name}`;

/** Tasks per stage when a big queue without phases is grouped by dependency depth. */
export const STAGE_SIZE = 500;

/** Above this many task nodes on screen, phases are not drawn as boxes around their tasks. */
export const BOXED_LIMIT = 2000;

/**
 * @param groupAbove a queue without phases and with more tasks than this is grouped into
 *   stages of consecutive dependency depths, so that it can be collapsed like phases.
 */
export function createGraphModel(graph, { groupAbove = Infinity } = {}) {
  const tasks = (graph?.tasks ?? []).map((t) => ({ ...t, id: String(t.id), depends_on: (t.depends_on ?? []).map(String) }));
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const dependents = new Map(tasks.map((t) => [t.id, []]));
  for (const t of tasks) for (const d of t.depends_on) dependents.get(d)?.push(t.id);
  if (tasks.length > groupAbove && !tasks.some((t) => t.phase)) assignStages(tasks, dependents);
  const phaseNames = [...new Set([...(graph?.phases ?? []).map((p) => p.name), ...tasks.map((t) => t.phase).filter(Boolean)])];
  const phaseOf = (id) => byId.get(id)?.phase ?? null;

  /** The node that stands for a task: itself, or its phase when that is collapsed. */
  const visibleId = (id, collapsed) => {
    const phase = phaseOf(id);
    return phase && collapsed.has(phase) ? phaseNodeId(phase) : id;
  };

  function closure(id, next) {
    const seen = new Set();
    const stack = [...next(id)];
    while (stack.length) {
      const n = stack.pop();
      if (seen.has(n)) continue;
      seen.add(n);
      stack.push(...next(n));
    }
    return seen;
  }

  return {
    tasks, byId, phaseNames, phaseOf, visibleId,
    dependents: (id) => dependents.get(id) ?? [],
    upstream: (id) => closure(id, (n) => byId.get(n)?.depends_on ?? []),
    downstream: (id) => closure(id, (n) => dependents.get(n) ?? []),

    /** Cytoscape element definitions for this view of the graph. */
    elements(collapsed, stateOf) {
      const nodes = [];
      const counts = new Map();
      // Thousands of tasks inside compound phase boxes cost seconds per redraw: drawn bare instead.
      const shown = tasks.filter((t) => !(t.phase && collapsed.has(t.phase))).length;
      const boxes = shown <= BOXED_LIMIT;
      for (const name of phaseNames) {
        if (collapsed.has(name)) counts.set(name, {});
        else if (boxes) nodes.push({ group: 'nodes', data: { id: phaseNodeId(name), label: name, kind: 'group' } });
      }
      for (const t of tasks) {
        const state = stateOf(t.id);
        if (t.phase && collapsed.has(t.phase)) {
          const c = counts.get(t.phase);
          c[state] = (c[state] ?? 0) + 1;
          continue;
        }
        nodes.push({ group: 'nodes', data: { id: t.id, label: nodeLabel(t), state, kind: 'task', parent: boxes && t.phase ? phaseNodeId(t.phase) : undefined } });
      }
      for (const [name, c] of counts) nodes.push({ group: 'nodes', data: { id: phaseNodeId(name), kind: 'phase', ...phaseData(name, c) } });
      const edges = [];
      const seen = new Set();
      for (const t of tasks) {
        const target = visibleId(t.id, collapsed);
        for (const d of t.depends_on) {
          if (!byId.has(d)) continue;
          const source = visibleId(d, collapsed);
          const key = `${source}\u0000${target}`;
          if (source === target || seen.has(key)) continue;
          seen.add(key);
          edges.push({ group: 'edges', data: { id: `e${edges.length}`, source, target } });
        }
      }
      return { nodes, edges };
    },

    phaseData,
  };
}

function nodeLabel(t) {
  const title = t.title && t.title !== t.id ? String(t.title) : '';
  return title ? `${truncate(title, 28)}\n${truncate(t.id, 28)}` : truncate(t.id, 28);
}

function phaseData(name, counts) {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const done = (counts.succeeded ?? 0) + (counts.skipped ?? 0);
  const running = counts.running ? `, ${counts.running} running` : '';
  const failed = counts.failed ? `, ${counts.failed} failed` : '';
  return { label: `▸ ${truncate(name, 30)}\n${done}/${total} done${running}${failed}`, state: groupState(counts), counts };
}

/** Longest-path depth of every node (Kahn's order); nodes on a cycle keep depth 0. */
function depths(ids, next) {
  const incoming = new Map(ids.map((id) => [id, 0]));
  for (const id of ids) for (const n of next(id)) if (incoming.has(n)) incoming.set(n, incoming.get(n) + 1);
  const depth = new Map(ids.map((id) => [id, 0]));
  const queue = ids.filter((id) => incoming.get(id) === 0);
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    for (const n of next(id)) {
      if (!incoming.has(n)) continue;
      depth.set(n, Math.max(depth.get(n), depth.get(id) + 1));
      incoming.set(n, incoming.get(n) - 1);
      if (incoming.get(n) === 0) queue.push(n);
    }
  }
  return depth;
}

/** Puts each task in a stage named after the depths it spans, about STAGE_SIZE tasks each. */
function assignStages(tasks, dependents) {
  const depth = depths(tasks.map((t) => t.id), (id) => dependents.get(id) ?? []);
  const byDepth = new Map();
  for (const t of tasks) {
    const d = depth.get(t.id);
    if (!byDepth.has(d)) byDepth.set(d, []);
    byDepth.get(d).push(t);
  }
  let stage = [];
  let count = 0;
  const flush = () => {
    count++;
    const first = depth.get(stage[0].id), last = depth.get(stage[stage.length - 1].id);
    const name = `Stage ${count}: depth ${first === last ? first : `${first}–${last}`}`;
    for (const t of stage) t.phase = name;
    stage = [];
  };
  for (const d of [...byDepth.keys()].sort((a, b) => a - b)) {
    for (const t of byDepth.get(d)) {
      stage.push(t);
      if (stage.length >= STAGE_SIZE) flush();
    }
  }
  if (stage.length) flush();
}

const truncate = (s, n) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
