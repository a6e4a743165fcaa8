// The dependency graph (cytoscape, laid out by dagre): pan, zoom, search by id or title, filter
// by state, collapse and expand phases, click a task for its details, its upstream and
// downstream highlighted, node colours following the feed. Laid out only once its view is first
// shown (a 10,000-task queue costs nothing until someone looks at its graph).
import cytoscape from 'cytoscape';
import dagre from 'cytoscape-dagre';
import { h, panel } from '../shared/dom.js';
import { counted } from '../shared/format.js';
import { STATE_COLOURS, TASK_STATES, stateLabel } from '../shared/states.js';
import { createGraphModel, phaseNodeId, PHASE_PREFIX } from './graph-model.js';

cytoscape.use(dagre);

/** Above this many tasks, phases start collapsed. */
export const COLLAPSE_THRESHOLD = 300;
/** Above this many visible nodes, dagre (seconds at 500 nodes) gives way to cytoscape's own breadth-first layout. */
export const DAGRE_LIMIT = 200;

const style = [
  { selector: 'node', style: {
    'background-color': (n) => STATE_COLOURS[n.data('state')] ?? '#9aa5b1', label: 'data(label)', 'font-size': 10,
    'text-wrap': 'wrap', 'text-valign': 'center', 'text-halign': 'center', color: '#fff', 'text-outline-width': 1.5,
    'text-outline-color': (n) => STATE_COLOURS[n.data('state')] ?? '#9aa5b1', shape: 'round-rectangle',
    width: 170, height: 36, 'min-zoomed-font-size': 7 } },
  { selector: 'node[kind="phase"]', style: { width: 200, height: 48, 'border-width': 3, 'border-color': '#334', 'border-style': 'double' } },
  { selector: 'node[kind="group"]', style: {
    'background-color': '#eef1f6', 'background-opacity': 0.7, 'border-color': '#b8c0cc', 'border-width': 1, color: '#334',
    'text-valign': 'top', 'text-halign': 'center', 'text-outline-width': 0, 'font-size': 12, 'font-weight': 'bold', padding: 12 } },
  { selector: 'edge', style: { width: 1.2, 'line-color': '#b8c0cc', 'target-arrow-color': '#b8c0cc', 'target-arrow-shape': 'triangle', 'curve-style': 'bezier', 'arrow-scale': 0.8 } },
  // Straight edges without arrowheads are several times cheaper to draw: what a big graph gets.
  { selector: 'edge[?fast]', style: { 'curve-style': 'haystack', 'haystack-radius': 0, 'target-arrow-shape': 'none' } },
  { selector: '.dimmed', style: { opacity: 0.15 } },
  { selector: '.match', style: { 'border-width': 3, 'border-color': '#111' } },
  { selector: '.upstream', style: { 'border-width': 3, 'border-color': '#1f6feb' } },
  { selector: '.downstream', style: { 'border-width': 3, 'border-color': '#bf3989' } },
  { selector: 'edge.upstream', style: { 'line-color': '#1f6feb', 'target-arrow-color': '#1f6feb', width: 2.5 } },
  { selector: 'edge.downstream', style: { 'line-color': '#bf3989', 'target-arrow-color': '#bf3989', width: 2.5 } },
  { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#000', 'overlay-opacity': 0.12 } },
];

export function graphPanel(store, { router }) {
  const search = h('input', { type: 'search', placeholder: 'Search id or title', 'aria-label': 'Search tasks', 'data-testid': 'graph-search' });
  const found = h('span', { class: 'muted', 'data-testid': 'graph-search-result' });
  const filter = h('select', { 'aria-label': 'Filter by state', 'data-testid': 'graph-filter' },
    h('option', { value: '', text: 'All states' }), TASK_STATES.map((s) => h('option', { value: s, text: stateLabel(s) })));
  const button = (text, label, onclick) => h('button', { type: 'button', text, title: label, 'aria-label': label, onclick });
  const info = h('span', { class: 'muted', 'data-testid': 'graph-info' });
  const canvas = h('div', { class: 'graph-canvas', 'data-testid': 'graph' });
  const el = panel('graph', 'Dependency graph',
    h('div', { class: 'toolbar' }, search, found, filter,
      button('+', 'Zoom in', () => zoomBy(1.25)), button('−', 'Zoom out', () => zoomBy(0.8)), button('Fit', 'Fit the graph', () => cy?.fit(undefined, 20)),
      button('Expand phases', 'Expand every phase', () => { collapsed.clear(); rebuild(); }),
      button('Collapse phases', 'Collapse every phase', () => { collapsed = new Set(model.phaseNames); rebuild(); }), info),
    canvas);

  let cy = null;
  let model = createGraphModel(null);
  let collapsed = new Set();
  let selected = null;
  let matches = [];
  let matchIndex = -1;
  let visible = false;
  let stale = true;
  const stateOf = (id) => store.rows.get(id)?.state ?? 'pending';

  // Set once the user moves the view: from then on the view is theirs.
  let touched = false;

  function zoomBy(factor) {
    if (!cy) return;
    touched = true;
    cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: canvas.clientWidth / 2, y: canvas.clientHeight / 2 } });
  }

  function ensureCy() {
    if (cy) return;
    // A big queue is panned as a moved texture with its edges hidden: cheap while moving.
    const big = model.tasks.length > 1000;
    cy = cytoscape({
      container: canvas, style, minZoom: 0.02, maxZoom: 3,
      boxSelectionEnabled: false, autoungrabify: true,
      hideEdgesOnViewport: big, textureOnViewport: big, pixelRatio: big ? 1 : 'auto',
    });
    cy.on('tap', 'node', (event) => {
      const node = event.target;
      const kind = node.data('kind');
      if (kind === 'phase') { collapsed.delete(node.id().slice(PHASE_PREFIX.length)); rebuild(); return; }
      if (kind === 'group') { collapsed.add(node.id().slice(PHASE_PREFIX.length)); rebuild(); return; }
      select(node.id());
    });
    // Until the user moves the view, the graph follows its canvas' size (the details panel opens, the window resizes).
    for (const type of ['wheel', 'pointerdown']) canvas.addEventListener(type, () => { touched = true; }, { passive: true });
    new ResizeObserver(() => {
      if (!canvas.clientWidth) return; // hidden with its view
      cy.resize();
      if (!touched && model.tasks.length <= DAGRE_LIMIT) { cy.fit(undefined, 20); readableFit(); }
    }).observe(canvas);
    view.cy = cy;
  }

  /** Redraws the graph for the current collapsed set; returns the layout time in ms. */
  function rebuild() {
    ensureCy();
    const started = performance.now();
    const { nodes, edges } = model.elements(collapsed, stateOf);
    const large = nodes.length > DAGRE_LIMIT;
    cy.batch(() => {
      cy.elements().remove();
      cy.add(nodes);
      cy.add(large ? edges.map((e) => ({ ...e, data: { ...e.data, fast: true } })) : edges);
    });
    if (large) {
      // Levels by breadth-first depth from the roots, turned to read left to right like dagre's.
      cy.layout({ name: 'breadthfirst', directed: true, spacingFactor: 0.6, animate: false, fit: true, padding: 20,
        transform: (_node, pos) => ({ x: pos.y * 2.5, y: pos.x }) }).run();
    } else {
      cy.layout({ name: 'dagre', rankDir: 'LR', nodeSep: 12, rankSep: 60, edgeSep: 6, fit: true, padding: 20, animate: false }).run();
    }
    readableFit();
    applyFilter();
    if (selected) highlight(selected);
    const ms = performance.now() - started;
    view.lastLayoutMs = ms;
    stale = false;
    info.textContent = `${counted(model.tasks.length, 'task')}, ${counted(nodes.length, 'node')} shown (${large ? 'breadth-first' : 'dagre'} layout, ${ms.toFixed(0)} ms)`;
    return ms;
  }

  /** A small graph fitted to a wide, flat canvas can shrink below reading size: start at its roots instead. */
  function readableFit() {
    const min = model.tasks.length <= DAGRE_LIMIT ? 0.55 : 0;
    if (cy.zoom() >= min) return;
    const box = cy.elements().boundingBox();
    cy.zoom(min);
    cy.pan({ x: 20 - box.x1 * min, y: canvas.clientHeight / 2 - ((box.y1 + box.y2) / 2) * min });
  }

  function applyFilter() {
    const state = filter.value;
    if (!state && cy.$('.dimmed').empty()) return;
    cy.batch(() => cy.nodes().forEach((n) => {
      const kind = n.data('kind');
      const keep = !state || kind === 'group' || (kind === 'phase' ? (n.data('counts')?.[state] ?? 0) > 0 : n.data('state') === state);
      n.toggleClass('dimmed', !keep);
    }));
  }

  function highlight(id) {
    cy.elements().removeClass('upstream downstream');
    if (!model.byId.has(id)) return;
    const vis = (ids) => new Set([...ids].map((t) => model.visibleId(t, collapsed)));
    const up = vis(model.upstream(id));
    const down = vis(model.downstream(id));
    cy.batch(() => {
      for (const n of up) cy.getElementById(n).addClass('upstream');
      for (const n of down) cy.getElementById(n).addClass('downstream');
      cy.edges().forEach((e) => {
        const s = e.source().id(), t = e.target().id();
        if ((up.has(s) || s === id) && (up.has(t) || t === id)) e.addClass('upstream');
        if ((down.has(s) || s === id) && (down.has(t) || t === id)) e.addClass('downstream');
      });
    });
  }

  /** Shows a task: expands its phase if needed, selects it, centres on it, opens its details; false when the graph lacks it. */
  function select(id, { center = false } = {}) {
    if (!model.byId.has(id) || !cy) return false;
    const phase = model.phaseOf(id);
    if (phase && collapsed.has(phase)) { collapsed.delete(phase); rebuild(); }
    selected = id;
    cy.$(':selected').unselect();
    const node = cy.getElementById(id);
    node.select();
    highlight(id);
    if (center) reveal(node);
    router.go({ task: id });
    return true;
  }

  /** Brings a node into view: moved only when it is off screen, zoomed in only when it is too small to read. */
  function reveal(node) {
    const box = node.renderedBoundingBox();
    const inside = box.x1 >= 0 && box.y1 >= 0 && box.x2 <= canvas.clientWidth && box.y2 <= canvas.clientHeight;
    const readable = cy.zoom() >= 0.5;
    if (inside && readable) return;
    cy.animate({ center: { eles: node }, zoom: readable ? cy.zoom() : 1 }, { duration: 150 });
  }

  function runSearch(next) {
    const q = search.value.trim().toLowerCase();
    cy?.nodes().removeClass('match');
    if (!q) { matches = []; found.textContent = ''; return; }
    if (!next) {
      matches = model.tasks.filter((t) => t.id.toLowerCase().includes(q) || String(t.title ?? '').toLowerCase().includes(q)).map((t) => t.id);
      matchIndex = -1;
    }
    found.textContent = matches.length ? `${matches.length} found` : 'none found';
    if (!matches.length) return;
    matchIndex = (matchIndex + 1) % matches.length;
    select(matches[matchIndex], { center: true });
    for (const id of matches) cy.getElementById(id).addClass('match');
  }

  search.addEventListener('keydown', (e) => { if (e.key === 'Enter') runSearch(matches.length > 0 && matchIndex >= 0); });
  search.addEventListener('input', () => { matches = []; matchIndex = -1; });
  filter.addEventListener('change', () => cy && applyFilter());

  function updateStates(rows) {
    if (!cy) return;
    const phases = new Set();
    cy.batch(() => {
      for (const row of rows) {
        const id = String(row.id);
        const node = cy.getElementById(id);
        if (node.nonempty()) node.data('state', row.state);
        else if (model.phaseOf(id)) phases.add(model.phaseOf(id));
      }
      for (const name of phases) {
        const counts = {};
        for (const t of model.tasks) if (t.phase === name) counts[stateOf(t.id)] = (counts[stateOf(t.id)] ?? 0) + 1;
        cy.getElementById(phaseNodeId(name)).data(model.phaseData(name, counts));
      }
    });
    if (filter.value) applyFilter();
  }

  store.subscribe((change) => {
    if (change.graph) {
      model = createGraphModel(store.graph, { groupAbove: COLLAPSE_THRESHOLD });
      collapsed = model.tasks.length > COLLAPSE_THRESHOLD ? new Set(model.phaseNames) : new Set();
      stale = true;
      if (visible) rebuild();
    } else if (change.snapshot) updateStates([...store.rows.values()]);
    else if (change.rows?.length) updateStates(change.rows);
  });

  // Another view chose a task: this one shows it when it is on screen.
  router.subscribe((place, before) => {
    if (!place.task) { selected = null; cy?.$(':selected').unselect(); cy?.elements().removeClass('upstream downstream'); return; }
    if (visible && place.task !== before.task && place.task !== selected) select(place.task, { center: true });
  });

  const view = {
    el, cy: null, lastLayoutMs: null, select, rebuild,
    show() {
      visible = true;
      if (stale && model.tasks.length) rebuild();
      else cy?.resize();
      if (router.place.task && router.place.task !== selected) select(router.place.task, { center: true });
    },
    hide() { visible = false; },
  };
  return view;
}
