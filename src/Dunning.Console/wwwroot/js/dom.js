// Builds elements without ever parsing HTML: text goes in as text nodes, so a borrower's "<img onerror>" stays words.

/** el('li', { class: 'card', dataset: { id } }, 'text', child…) */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (name === 'class') {
      element.className = value;
    } else if (name.startsWith('on')) {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(parent, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(element) {
  element.replaceChildren();
  return element;
}

export function byId(id) {
  return document.getElementById(id);
}

export function formatTime(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

let uniqueIds = 0;

/** A fresh id for pairing a label with its field. */
export function nextId(prefix) {
  uniqueIds += 1;
  return `${prefix}-${uniqueIds}`;
}
