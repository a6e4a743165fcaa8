// The one way this UI creates elements: user text only ever goes in as text (textContent or a
// text node), attributes through setAttribute; no HTML string is ever parsed.
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value == null || value === false) continue;
    if (key === 'text') el.textContent = String(value);
    else if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** A titled card that components render into. */
export function panel(id, title, ...children) {
  return h('section', { class: 'panel', id, 'aria-label': title }, h('h2', { text: title }), ...children);
}

/** A progress bar: a track and its fill, with the percentage as text for readers and tests. */
export function progressBar(percent, label) {
  const bar = h('div', { class: 'bar', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100 },
    h('div', { class: 'bar-fill' }), h('span', { class: 'bar-text' }));
  setProgress(bar, percent, label);
  return bar;
}

export function setProgress(bar, percent, label) {
  const p = Math.max(0, Math.min(100, Number(percent) || 0));
  bar.setAttribute('aria-valuenow', p.toFixed(1));
  bar.firstChild.style.width = `${p}%`;
  bar.lastChild.textContent = label ?? `${p.toFixed(0)}%`;
}
