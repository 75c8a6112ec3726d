package dev.browseragent.worker.browser;

/**
 * Numbered boxes over the interactive elements of the latest observation, for the step's screenshot when a task
 * asks for {@code highlight_elements}. Drawn from the observer's registry in its isolated world, in one overlay that
 * {@link #remove} takes away again, so the page and the next observation never see them.
 */
final class Highlights {

    private static final String OVERLAY_ID = "__browser_agent_highlights";

    private static final String DRAW = """
            const registry = globalThis.__browserAgent;
            if (!registry) return;
            const overlay = document.createElement('div');
            overlay.id = arguments[0];
            overlay.style.cssText = 'position:fixed;inset:0;pointer-events:none;z-index:2147483647;';
            const colors = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#008080'];
            for (const [index, el] of registry.elements) {
              if (!el.isConnected) continue;
              const r = el.getBoundingClientRect();
              if (r.bottom < 0 || r.top > innerHeight || r.width === 0) continue;
              const color = colors[index % colors.length];
              const box = document.createElement('div');
              box.style.cssText = `position:fixed;left:${r.left}px;top:${r.top}px;width:${r.width}px;`
                  + `height:${r.height}px;border:2px solid ${color};box-sizing:border-box;`;
              const label = document.createElement('span');
              label.textContent = index;
              label.style.cssText = `position:absolute;top:-2px;right:-2px;background:${color};color:#fff;`
                  + 'font:bold 11px sans-serif;padding:0 3px;';
              box.appendChild(label);
              overlay.appendChild(box);
            }
            document.documentElement.appendChild(overlay);""";

    private static final String REMOVE = "const o = document.getElementById(arguments[0]); if (o) o.remove();";

    private Highlights() {
    }

    static void draw(IsolatedWorld world, BrowserSession session) {
        world.call(session, DRAW, OVERLAY_ID);
    }

    static void remove(IsolatedWorld world, BrowserSession session) {
        world.call(session, REMOVE, OVERLAY_ID);
    }
}
