// Builds the console's markup. Text from the API (task text, output, step fields, URLs) comes from users and web
// pages: it only ever becomes text nodes or attribute values, never markup.

/** An element with attributes ("text" sets its text, "on<event>" adds a listener) and children (nodes or text). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name === 'text') {
      node.textContent = String(value);
    } else if (name.startsWith('on')) {
      node.addEventListener(name.slice(2), value);
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}

/** The URL when it is an absolute http(s) URL, else null: nothing else becomes a link, an image or a frame. */
export function httpUrl(value) {
  if (typeof value !== 'string') {
    return null;
  }
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** A link to an http(s) URL, or the value as plain text when it is anything else. */
export function link(url, text) {
  const safe = httpUrl(url);
  const label = text ?? String(url ?? '');
  return safe ? el('a', { href: safe, rel: 'noopener noreferrer', target: '_blank' }, label) : document.createTextNode(label);
}

/** A timestamp as the reader's local time, with the exact value in datetime. */
export function time(value) {
  if (!value) {
    return document.createTextNode('—');
  }
  const date = new Date(value);
  return el('time', { datetime: value }, Number.isNaN(date.getTime()) ? value : date.toLocaleString());
}

export const TASK_STATUSES = ['created', 'running', 'paused', 'finished', 'stopped', 'failed'];
export const END_STATUSES = ['finished', 'stopped', 'failed'];

/** A task's status as a badge; its class only ever comes from the known statuses. */
export function statusBadge(status, id) {
  const known = TASK_STATUSES.includes(status) ? status : 'unknown';
  return el('span', { class: `badge status-${known}`, id }, String(status));
}

/** Text on one line, cut to at most length characters. */
export function abbreviate(text, length) {
  const line = String(text ?? '').replace(/\s+/g, ' ').trim();
  return line.length > length ? `${line.slice(0, length - 1)}…` : line;
}

/** A list of term / description pairs, leaving out empty descriptions. */
export function details(pairs) {
  const list = el('dl', { class: 'details' });
  for (const [term, description] of pairs) {
    if (description !== null && description !== undefined && description !== '') {
      list.append(el('dt', {}, term), el('dd', {}, description));
    }
  }
  return list;
}

/** Previous / next buttons for a list the API pages; onPage(n) loads page n. */
export function pager(prefix, onPage) {
  let current = 1;
  const label = el('span', { id: `${prefix}-page` });
  const previous = el('button', { type: 'button', id: `${prefix}-previous`, onclick: () => onPage(current - 1) }, 'Previous page');
  const next = el('button', { type: 'button', id: `${prefix}-next`, onclick: () => onPage(current + 1) }, 'Next page');
  const element = el('nav', { class: 'pager', 'aria-label': 'Pages' }, previous, label, next);
  return {
    element,
    update(page, totalPages) {
      current = page;
      label.textContent = `Page ${page} of ${Math.max(totalPages, 1)}`;
      previous.disabled = page <= 1;
      next.disabled = page >= totalPages;
    },
  };
}
