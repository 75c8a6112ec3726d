package dev.browseragent.api.live;

/**
 * The live view's HTML page: the browser's frames in an image, the page's address, the task's status and latest step,
 * and (on the full view) the buttons to take control and hand it back. It carries nothing of the task itself: what it
 * shows arrives over its socket and is set as text ({@code textContent}), never as HTML, since it comes from web
 * pages and from the model. The one inline script runs under the nonce of its response's Content-Security-Policy.
 * <p>
 * While control is held, the frame takes the viewer's mouse, wheel and keys (focus it to type) and sends them as
 * fractions of the frame's size, which the worker turns into the page's pixels.
 */
final class LivePage {

    private LivePage() {
    }

    static String render(boolean control, String nonce) {
        String buttons = control ? """
                <div class="controls">
                <button type="button" id="take">Take control</button>
                <button type="button" id="release" hidden>Hand back</button>
                </div>
                """ : "";
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="robots" content="noindex">
                <title>Live view</title>
                <style>body{font-family:system-ui,sans-serif;margin:0;padding:.5rem;line-height:1.4}
                dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .75rem;margin:.25rem 0}dt{font-weight:bold}
                dd{margin:0;overflow-wrap:anywhere}#frame{display:block;width:100%;height:auto;background:#222;min-height:4rem}
                #frame:focus{outline:3px solid #1a73e8}.controls{margin:.5rem 0}#notice{min-height:1.4em;margin:.25rem 0}</style>
                </head><body>
                <h1 style="font-size:1.1rem;margin:.25rem 0">Live view</h1>
                <dl><dt>Status</dt><dd id="status">connecting</dd><dt>Page</dt><dd id="url"></dd>
                <dt>Latest step</dt><dd id="step"></dd></dl>
                """ + buttons + """
                <p id="notice" role="status" aria-live="polite"></p>
                <img id="frame" tabindex="0" alt="The task's browser, live">
                <script nonce="%s">
                (function () {
                  var control = %s;
                  var frame = document.getElementById('frame');
                  var notice = document.getElementById('notice');
                  var socket, shown, held = false;
                  function say(text) { notice.textContent = text; }
                  function set(id, text) { document.getElementById(id).textContent = text; }
                  function connect() {
                    var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host
                        + location.pathname.replace(/\\/$/, '') + '/socket';
                    socket = new WebSocket(url);
                    socket.binaryType = 'blob';
                    socket.onmessage = function (message) {
                      if (typeof message.data !== 'string') {
                        var next = URL.createObjectURL(message.data);
                        frame.onload = function () { if (shown) { URL.revokeObjectURL(shown); } shown = next; };
                        frame.src = next;
                        return;
                      }
                      var data = JSON.parse(message.data);
                      if (data.type === 'page') {
                        set('url', data.url);
                      } else if (data.type === 'task') {
                        set('status', data.status);
                        set('step', data.step > 0 ? data.step + ': ' + data.next_goal : 'none yet');
                        showControl(data.control);
                      } else if (data.type === 'input' && !data.accepted && control) {
                        say('Your input is not sent to the page: take control first.');
                      }
                    };
                    socket.onclose = function (closed) {
                      say(closed.reason || 'The live view is disconnected.');
                      if (closed.code !== 1000) { setTimeout(connect, 3000); }
                    };
                  }
                  function showControl(now) {
                    held = !!now;
                    if (!control) { return; }
                    document.getElementById('take').hidden = held;
                    document.getElementById('release').hidden = !held;
                  }
                  function send(message) {
                    if (control && socket && socket.readyState === 1) { socket.send(JSON.stringify(message)); }
                  }
                  function at(event) {
                    var box = frame.getBoundingClientRect();
                    return {x: Math.min(1, Math.max(0, (event.clientX - box.left) / box.width)),
                            y: Math.min(1, Math.max(0, (event.clientY - box.top) / box.height))};
                  }
                  function modifiers(e) {
                    return (e.altKey ? 1 : 0) | (e.ctrlKey ? 2 : 0) | (e.metaKey ? 4 : 0) | (e.shiftKey ? 8 : 0);
                  }
                  var names = ['left', 'middle', 'right'];
                  function mouse(action) {
                    return function (e) {
                      var p = at(e);
                      if (action !== 'move') { e.preventDefault(); frame.focus(); }
                      send({type: 'mouse', action: action, x: p.x, y: p.y, modifiers: modifiers(e),
                            button: action === 'move' ? 'none' : (names[e.button] || 'left'),
                            clicks: action === 'move' ? 0 : 1});
                    };
                  }
                  frame.addEventListener('mousemove', mouse('move'));
                  frame.addEventListener('mousedown', mouse('down'));
                  frame.addEventListener('mouseup', mouse('up'));
                  frame.addEventListener('contextmenu', function (e) { e.preventDefault(); });
                  frame.addEventListener('dragstart', function (e) { e.preventDefault(); });
                  frame.addEventListener('wheel', function (e) {
                    if (!held) { return; }
                    e.preventDefault();
                    var p = at(e);
                    send({type: 'wheel', x: p.x, y: p.y, dx: e.deltaX, dy: e.deltaY, modifiers: modifiers(e)});
                  }, {passive: false});
                  function key(action) {
                    return function (e) {
                      if (!held) { return; }
                      e.preventDefault();
                      var text = action === 'down' ? (e.key.length === 1 ? e.key : e.key === 'Enter' ? '\\r' : '') : '';
                      send({type: 'key', action: action, key: e.key, code: e.code, key_code: e.keyCode || 0,
                            text: text, modifiers: modifiers(e)});
                    };
                  }
                  frame.addEventListener('keydown', key('down'));
                  frame.addEventListener('keyup', key('up'));
                  frame.addEventListener('paste', function (e) {
                    var text = e.clipboardData && e.clipboardData.getData('text');
                    if (held && text) { e.preventDefault(); send({type: 'text', text: text.slice(0, 1000)}); }
                  });
                  function request(method) {
                    return function () {
                      fetch(location.pathname.replace(/\\/$/, '') + '/control', {method: method})
                        .then(function (answer) {
                          return answer.json().then(function (body) {
                            if (!answer.ok) { say(body.detail || 'The request failed.'); return; }
                            showControl(method === 'POST');
                            say(method === 'POST' ? 'You have control: the agent waits until you hand it back.'
                                                  : 'The agent has control again.');
                            if (method === 'POST') { frame.focus(); }
                          });
                        }, function () { say('The request did not reach the service.'); });
                    };
                  }
                  if (control) {
                    document.getElementById('take').addEventListener('click', request('POST'));
                    document.getElementById('release').addEventListener('click', request('DELETE'));
                  }
                  connect();
                })();
                </script>
                </body></html>
                """.formatted(nonce, control);
    }
}
