package dev.browseragent.worker.agent.action;

/**
 * The small scripts actions run in the agent's isolated world (each the body of one function; on an element, the
 * element is {@code arguments[0]}). They set values and fire events the way a person's input does, so the page's own handlers
 * and its form see the change.
 */
final class PageScripts {

    private PageScripts() {
    }

    /**
     * Sets the value of an input whose type has no typing of its own (date, time, range, color...) through the
     * native setter, so frameworks that track the value see it, then fires input and change. Returns the value the
     * element holds afterwards.
     */
    static final String SET_VALUE = """
            const el = arguments[0];
            const view = el.ownerDocument.defaultView;
            const proto = el.localName === 'textarea' ? view.HTMLTextAreaElement.prototype : view.HTMLInputElement.prototype;
            Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, arguments[1]);
            el.dispatchEvent(new Event('input', {bubbles: true}));
            el.dispatchEvent(new Event('change', {bubbles: true}));
            return el.value;""";

    /**
     * The options of a native select or an ARIA listbox/combobox: [{text, value, selected}]. For a combobox the
     * listbox is the one it controls or owns, or the first inside it. Null when the element has none.
     */
    static final String OPTIONS = """
            const el = arguments[0];
            const clean = t => (t || '').replace(/\\s+/g, ' ').trim();
            if (el.localName === 'select') {
              return Array.from(el.options).map(o => ({text: clean(o.text), value: o.value, selected: o.selected}));
            }
            const root = el.getRootNode();
            const byId = id => id && (root.getElementById ? root.getElementById(id) : document.getElementById(id));
            let list = el.getAttribute('role') === 'listbox' ? el
                : byId(el.getAttribute('aria-controls')) || byId(el.getAttribute('aria-owns'))
                  || el.querySelector('[role=listbox]');
            const scope = list || el;
            const options = Array.from(scope.querySelectorAll('[role=option]'));
            if (options.length === 0) return null;
            return options.map(o => ({text: clean(o.textContent), value: o.getAttribute('data-value') || o.id || '',
                selected: o.getAttribute('aria-selected') === 'true'}));""";

    /**
     * Chooses an option by its text or value: for a native select, sets it and fires input and change; for an ARIA
     * listbox, clicks the option element. Returns the chosen option's text, or null when none matches.
     */
    static final String SELECT = """
            const el = arguments[0];
            const wanted = arguments[1].replace(/\\s+/g, ' ').trim().toLowerCase();
            const clean = t => (t || '').replace(/\\s+/g, ' ').trim();
            const matches = (text, value) => clean(text).toLowerCase() === wanted || (value || '').toLowerCase() === wanted;
            const loose = text => clean(text).toLowerCase().includes(wanted);
            if (el.localName === 'select') {
              const options = Array.from(el.options);
              const option = options.find(o => matches(o.text, o.value)) || options.find(o => loose(o.text));
              if (!option) return null;
              el.focus();
              option.selected = true;
              el.dispatchEvent(new Event('input', {bubbles: true}));
              el.dispatchEvent(new Event('change', {bubbles: true}));
              return clean(option.text);
            }
            const root = el.getRootNode();
            const byId = id => id && (root.getElementById ? root.getElementById(id) : document.getElementById(id));
            if (el.getAttribute('aria-expanded') === 'false') el.click();
            let list = el.getAttribute('role') === 'listbox' ? el
                : byId(el.getAttribute('aria-controls')) || byId(el.getAttribute('aria-owns'))
                  || el.querySelector('[role=listbox]');
            const options = Array.from((list || el).querySelectorAll('[role=option]'));
            const option = options.find(o => matches(o.textContent, o.getAttribute('data-value') || o.id))
                || options.find(o => loose(o.textContent));
            if (!option) return null;
            option.scrollIntoView({block: 'nearest'});
            option.click();
            return clean(option.textContent);""";

    /**
     * Scrolls the first visible occurrence of the text (case-insensitive), in the document, open shadow roots and
     * same-origin iframes, into the middle of the viewport. Returns whether it was found.
     */
    static final String FIND_TEXT = """
            const wanted = arguments[0].replace(/\\s+/g, ' ').trim().toLowerCase();
            function search(root) {
              const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
              for (let node = walker.currentNode; node; node = walker.nextNode()) {
                if (node.nodeType === Node.TEXT_NODE) {
                  if (node.data.replace(/\\s+/g, ' ').toLowerCase().includes(wanted)
                      && node.parentElement && node.parentElement.checkVisibility()) return node.parentElement;
                } else {
                  if (node.shadowRoot) { const found = search(node.shadowRoot); if (found) return found; }
                  if (node.localName === 'iframe') {
                    let doc = null;
                    try { doc = node.contentDocument; } catch (e) { doc = null; }
                    if (doc && doc.documentElement) {
                      const found = search(doc.documentElement);
                      if (found) { node.scrollIntoView({block: 'center'}); return found; }
                    }
                  }
                }
              }
              return null;
            }
            const found = document.documentElement && search(document.documentElement);
            if (!found) return false;
            found.scrollIntoView({block: 'center'});
            return true;""";

    /**
     * The page's HTML for extract, with open shadow roots' and same-origin iframes' content in place, written out
     * here at most {@code arguments[0]} characters long: a huge page is cut in the browser, never copied whole, and
     * only the cut part crosses to the worker. Returns {html, truncated}.
     */
    static final String PAGE_HTML = """
            const max = arguments[0];
            const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg']);
            const parts = [];
            let length = 0;
            let truncated = false;
            function add(part) {
              if (length + part.length > max) {
                parts.push(part.slice(0, max - length));
                length = max;
                truncated = true;
              } else {
                parts.push(part);
                length += part.length;
              }
            }
            // Sliced before escaping, so a huge text node is never copied whole.
            const escape = text => text.slice(0, max - length).replace(/&/g, '&amp;').replace(/</g, '&lt;')
                .replace(/>/g, '&gt;').replace(/"/g, '&quot;');
            function write(node) {
              if (truncated) return;
              if (node.nodeType === Node.TEXT_NODE) {
                add(escape(node.data));
                return;
              }
              if (node.nodeType !== Node.ELEMENT_NODE || SKIPPED.has(node.localName)) return;
              let open = '<' + node.localName;
              for (const attribute of node.attributes) open += ' ' + attribute.name + '="' + escape(attribute.value) + '"';
              add(open + '>');
              let children = node.shadowRoot ? node.shadowRoot.childNodes : node.childNodes;
              if (node.localName === 'iframe') {
                try { children = node.contentDocument && node.contentDocument.body ? [node.contentDocument.body] : []; }
                catch (e) { children = []; }
              }
              for (const child of children) {
                if (truncated) return;
                write(child);
              }
              add('</' + node.localName + '>');
            }
            if (document.body) write(document.body);
            return {html: parts.join(''), truncated};""";
}
