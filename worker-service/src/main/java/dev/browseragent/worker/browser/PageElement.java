package dev.browseragent.worker.browser;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An element of the latest observation, acted on the way a person would, without the page's JavaScript in the way:
 * scripts run in the agent's isolated world, and clicks and typing are real input events sent through CDP
 * ({@code Input.dispatchMouseEvent}, {@code Input.insertText}), so a page that replaces {@code JSON.stringify} or
 * the DOM's prototypes cannot break or steer them.
 */
public final class PageElement {

    /**
     * Scrolls the element into view and returns where a click lands, in the tab's viewport (iframes' offsets added),
     * and whether something else covers that point.
     */
    private static final String CLICK_POINT = """
            const el = arguments[0];
            const view = el.ownerDocument.defaultView;
            const box = el.getBoundingClientRect();
            if (box.top < 0 || box.bottom > view.innerHeight || box.left < 0 || box.right > view.innerWidth) {
              el.scrollIntoView({block: 'center', inline: 'center'});
            }
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.height === 0) return {covered: true};
            let x = r.left + r.width / 2, y = r.top + r.height / 2;
            const root = el.getRootNode();
            const top = root.elementFromPoint ? root.elementFromPoint(x, y) : null;
            const covered = !top || !(top === el || el.contains(top) || top.contains(el) && top.localName === 'label');
            for (let frame = view.frameElement; frame; frame = frame.ownerDocument.defaultView.frameElement) {
              const f = frame.getBoundingClientRect();
              x += f.left + frame.clientLeft;
              y += f.top + frame.clientTop;
            }
            return {x, y, covered};""";

    /** Focuses the element and selects what it holds (clear) or puts the caret at its end. */
    private static final String PREPARE_TYPING = """
            const el = arguments[0];
            const doc = el.ownerDocument;
            el.scrollIntoView({block: 'nearest'});
            el.focus();
            if (el.isContentEditable) {
              const range = doc.createRange();
              range.selectNodeContents(el);
              if (!arguments[1]) range.collapse(false);
              const selection = doc.defaultView.getSelection();
              selection.removeAllRanges();
              selection.addRange(range);
            } else if (arguments[1]) {
              el.select();
            } else {
              try { el.setSelectionRange(el.value.length, el.value.length); } catch (e) { /* no caret in this type */ }
            }
            return doc.activeElement === el || el.contains(doc.activeElement);""";

    private static final String CLICK = "arguments[0].click();";
    private static final String MOUSE_EVENT = "Input.dispatchMouseEvent";

    private final PageObserver observer;
    private final BrowserSession session;
    private final int index;

    PageElement(PageObserver observer, BrowserSession session, int index) {
        this.observer = observer;
        this.session = session;
        this.index = index;
    }

    /**
     * Runs a function in the isolated world with this element as {@code arguments[0]}.
     *
     * @throws ElementGoneException when the element is no longer in the page
     */
    public Object call(String functionBody, Object... arguments) {
        return observer.callOnElement(session, index, functionBody, arguments);
    }

    /** The element's tag name, lower case. */
    public String tag() {
        return (String) call("return arguments[0].localName;");
    }

    /** A property of the element ({@code type}, {@code isContentEditable}...), as a string; null when unset. */
    public String property(String name) {
        Object value = call("const v = arguments[0][arguments[1]]; return v == null ? null : String(v);", name);
        return (String) value;
    }

    /**
     * Clicks it as a person would: scrolled into view, a mouse press and release at its centre. When something
     * covers it (an overlay) or it has no box, the click is delivered to the element itself.
     */
    public void click() {
        Map<?, ?> point = (Map<?, ?>) call(CLICK_POINT);
        if (Boolean.TRUE.equals(point.get("covered"))) {
            call(CLICK);
            return;
        }
        double x = ((Number) point.get("x")).doubleValue();
        double y = ((Number) point.get("y")).doubleValue();
        // Sent one after the other without waiting in between: the tab handles a session's commands in order, so
        // waiting for the release's answer is waiting for all three.
        session.sendCdp(MOUSE_EVENT, mouse("mouseMoved", x, y, 0));
        session.sendCdp(MOUSE_EVENT, mouse("mousePressed", x, y, 1));
        DevToolsChannel.await(session.sendCdp(MOUSE_EVENT, mouse("mouseReleased", x, y, 1)), MOUSE_EVENT);
    }

    /** Types the text as input events, after selecting what the element holds (clear) or moving to its end. */
    public void type(String text, boolean clear) {
        if (!Boolean.TRUE.equals(call(PREPARE_TYPING, clear))) {
            throw new IllegalStateException("element [" + index + "] cannot take the focus to be typed into");
        }
        if (text.isEmpty()) {
            if (clear) {
                key("Backspace", 8);
            }
            return;
        }
        session.cdp().executeCdpCommand("Input.insertText", Map.of("text", text));
    }

    /** Puts files into a file input, as choosing them in the file dialog would (the page gets a change event). */
    public void setFiles(List<Path> files) {
        session.cdp().executeCdpCommand("DOM.setFileInputFiles", Map.of(
                "files", files.stream().map(session::fileForBrowser).toList(),
                "objectId", observer.objectId(session, index)));
    }

    private static Map<String, Object> mouse(String type, double x, double y, int clickCount) {
        return Map.of("type", type, "x", x, "y", y, "button", clickCount == 0 ? "none" : "left", "clickCount",
                clickCount);
    }

    private void key(String key, int keyCode) {
        for (String type : List.of("rawKeyDown", "keyUp")) {
            session.cdp().executeCdpCommand("Input.dispatchKeyEvent", Map.of(
                    "type", type, "key", key, "code", key, "windowsVirtualKeyCode", keyCode));
        }
    }
}
