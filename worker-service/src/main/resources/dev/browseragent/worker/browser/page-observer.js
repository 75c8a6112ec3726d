/*
 * The page observer: the body of ONE function that PageObserver runs in the agent's isolated world (CDP
 * Runtime.evaluate in a world made with Page.createIsolatedWorld), with
 *   arguments[0] = how far (in px) above and below the viewport elements still count as visible,
 *   arguments[1] = how many characters of text and attribute values to read at most: the walk stops there, and a
 *                  longer text is cut, so that a huge page is never copied whole, and what crosses to the worker is
 *                  bounded (the step's prompt shows no more than that anyway).
 * The isolated world shares the page's DOM but none of its JavaScript: page scripts can neither see the registry nor
 * replace what this script calls (JSON.stringify, checkVisibility...).
 *
 * It walks the page as it is rendered -- open shadow roots (slots resolved) and same-origin iframes in place -- and
 * returns ONE JSON string, never element handles (each costs a round trip):
 *   {url, title, pixelsAbove, pixelsBelow, nodes}
 * A node is {kind: "text", text} or {kind: "element", index, tag, attributes, key, children}:
 *   index       unique within this observation, from 1; the element is kept in globalThis.__browserAgent.elements
 *               of the isolated world, so an action of the same step can find it again
 *   attributes  the allow-listed attributes, in the order they are rendered; never a password field's value
 *   key         the element's path in the page, which tells the elements that are new since the previous step
 *   children    the nodes inside an interactive element (its text, nested interactive elements)
 * Non-interactive elements leave no node of their own: their visible text and interactive descendants take their
 * place, so the model reads the page without a second call.
 */
const margin = arguments[0];
let budget = arguments[1];

/** The part of a text that is still within the budget, which it uses up. */
function within(text) {
  const taken = text.length > budget ? text.slice(0, Math.max(0, budget)) : text;
  budget -= taken.length;
  return taken;
}

const INTERACTIVE_TAGS = new Set(['button', 'select', 'textarea', 'summary']);
const INTERACTIVE_ROLES = new Set(['button', 'link', 'checkbox', 'radio', 'switch', 'option', 'tab', 'menuitem',
    'menuitemcheckbox', 'menuitemradio', 'combobox', 'textbox', 'searchbox', 'listbox', 'slider', 'spinbutton',
    'treeitem']);
const NOT_RENDERED = new Set(['script', 'style', 'noscript', 'template', 'head', 'title', 'meta', 'link']);
// Their content is part of the element itself: a value, or options that dropdown_options lists.
const WITHOUT_CHILDREN = new Set(['input', 'select', 'textarea']);

let nextIndex = 1;

// One registry for the whole page, frames included, in the isolated world's own global.
const registry = globalThis.__browserAgent = {elements: new Map()};
// Tells an action that the document is about to be left, so it waits for the navigation it started (once per world).
// Whoever reads it clears it: a beforeunload that led nowhere (a download, a cancelled navigation) is told only once.
if (!globalThis.__browserAgentNavigation) {
  const navigation = globalThis.__browserAgentNavigation = {starting: false};
  addEventListener('beforeunload', () => { navigation.starting = true; });
}

function isInteractive(el) {
  const tag = el.localName;
  if (tag === 'input') return el.type !== 'hidden';
  if (INTERACTIVE_TAGS.has(tag)) return true;
  if (tag === 'a' && el.hasAttribute('href')) return true;
  if (INTERACTIVE_ROLES.has(el.getAttribute('role'))) return true;
  if (el.hasAttribute('onclick')) return true;
  // Only the editing host of a contenteditable region, not every element inside it.
  if (el.isContentEditable && !(el.parentElement && el.parentElement.isContentEditable)) return true;
  const tabindex = el.getAttribute('tabindex');
  return tabindex !== null && parseInt(tabindex, 10) >= 0;
}

function nearViewport(rect, win) {
  return rect.width > 0 && rect.height > 0 && rect.bottom >= -margin && rect.top <= win.innerHeight + margin;
}

function isShown(el, win) {
  return el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})
      && nearViewport(el.getBoundingClientRect(), win);
}

function isTextShown(textNode, win) {
  const parent = textNode.parentElement || textNode.parentNode.host;
  if (!parent || !parent.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) return false;
  const range = textNode.ownerDocument.createRange();
  range.selectNodeContents(textNode);
  return nearViewport(range.getBoundingClientRect(), win);
}

function attributesOf(el) {
  const tag = el.localName;
  const attributes = {};
  const put = (name, value) => {
    if (value !== null && value !== undefined && value !== '') attributes[name] = within(String(value));
  };
  // For inputs and buttons the property gives the effective type (an <input> without one is a text field).
  put('type', tag === 'input' || tag === 'button' ? el.type : el.getAttribute('type'));
  put('id', el.id);
  put('name', el.getAttribute('name'));
  put('role', el.getAttribute('role'));
  if ((tag === 'input' && el.type !== 'password') || tag === 'textarea' || tag === 'select') put('value', el.value);
  put('placeholder', el.getAttribute('placeholder'));
  put('aria-label', el.getAttribute('aria-label'));
  put('title', el.getAttribute('title'));
  put('alt', el.getAttribute('alt'));
  const checkable = tag === 'input' && (el.type === 'checkbox' || el.type === 'radio');
  put('checked', checkable ? el.checked : el.getAttribute('aria-checked'));
  put('selected', el.getAttribute('aria-selected'));
  const details = tag === 'summary' ? el.parentElement : null;
  put('expanded', details && details.localName === 'details' ? details.open : el.getAttribute('aria-expanded'));
  if (el.disabled === true || el.getAttribute('aria-disabled') === 'true') attributes.disabled = 'true';
  return attributes;
}

/** Like an XPath: tag[position among same-tag siblings] from the root, crossing shadow roots. */
function pathOf(el) {
  const steps = [];
  for (let node = el; node;) {
    let position = 1;
    for (let sibling = node.previousElementSibling; sibling; sibling = sibling.previousElementSibling) {
      if (sibling.localName === node.localName) position++;
    }
    steps.unshift(node.localName + '[' + position + ']');
    if (node.parentElement) {
      node = node.parentElement;
    } else {
      node = node.getRootNode().host || null;
      if (node) steps.unshift('#shadow');
    }
  }
  return steps.join('/');
}

/** The rendered children: a shadow root's instead of the light ones, a slot's assigned nodes. */
function childNodesOf(node) {
  if (node.localName === 'slot') {
    const assigned = node.assignedNodes({flatten: true});
    if (assigned.length > 0) return assigned;
  }
  return node.shadowRoot ? node.shadowRoot.childNodes : node.childNodes;
}

function visitChildren(parent, context, out) {
  for (const child of childNodesOf(parent)) visit(child, context, out);
}

function visit(node, context, out) {
  if (budget <= 0) return;
  if (node.nodeType === Node.TEXT_NODE) {
    // Cut before the whitespace is folded, so a huge text node is never copied whole.
    const text = node.data.slice(0, 2 * budget).replace(/\s+/g, ' ').trim();
    if (text && isTextShown(node, context.win)) out.push({kind: 'text', text: within(text)});
    return;
  }
  if (node.nodeType !== Node.ELEMENT_NODE || NOT_RENDERED.has(node.localName)) return;
  // Without a box nothing inside is rendered either -- except under display: contents, whose children are.
  if (!node.checkVisibility() && context.win.getComputedStyle(node).display !== 'contents') return;
  if (node.localName === 'iframe') {
    visitFrame(node, context, out);
  } else if (isInteractive(node) && isShown(node, context.win)) {
    visitInteractive(node, context, out);
  } else {
    visitChildren(node, context, out);
  }
}

function visitInteractive(el, context, out) {
  const index = nextIndex++;
  registry.elements.set(index, el);
  const element = {
    kind: 'element', index, tag: el.localName, attributes: attributesOf(el),
    key: context.keyPrefix + pathOf(el), children: []
  };
  out.push(element);
  if (!WITHOUT_CHILDREN.has(el.localName)) visitChildren(el, context, element.children);
}

function visitFrame(iframe, context, out) {
  const doc = iframe.contentDocument; // null for a cross-origin frame, which stays out of reach
  if (!doc || !doc.documentElement || !isShown(iframe, context.win)) return;
  visitChildren(doc.documentElement, {
    win: doc.defaultView,
    keyPrefix: context.keyPrefix + pathOf(iframe) + '>'
  }, out);
}

const nodes = [];
if (document.documentElement) {
  visitChildren(document.documentElement, {win: window, keyPrefix: ''}, nodes);
}
const scrolling = document.scrollingElement || document.documentElement;
return JSON.stringify({
  url: location.href,
  title: document.title.slice(0, 1000),
  pixelsAbove: Math.round(window.scrollY),
  pixelsBelow: scrolling ? Math.max(0, Math.round(scrolling.scrollHeight - window.scrollY - window.innerHeight)) : 0,
  nodes
});
