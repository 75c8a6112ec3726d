// The share page's own script: while the task has not ended, it polls the page's JSON form and shows what changed
// (new steps, status, output, files, the GIF, the live view) without a reload; it stops once the task has ended.
// Everything from the task is text (textContent) or an attribute (setAttribute); only http(s) URLs become links
// or images. Polling, not the event stream: the stream needs an API key, which the page does not have.
(function () {
  'use strict';
  var POLL_MS = 1500;
  var RETRY_MS = 5000;
  var body = document.body;
  var stateUrl = body.getAttribute('data-state-url');
  var shownOutput;
  if (body.getAttribute('data-ended') === 'true') {
    return;
  }

  function isWebUrl(url) {
    try {
      var protocol = new URL(url).protocol;
      return protocol === 'http:' || protocol === 'https:';
    } catch (e) {
      return false;
    }
  }

  function element(name, text) {
    var node = document.createElement(name);
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    return node;
  }

  function link(url, text) {
    if (!isWebUrl(url)) {
      return document.createTextNode(text || '');
    }
    var a = element('a', text);
    a.setAttribute('href', url);
    a.setAttribute('rel', 'noopener noreferrer nofollow');
    return a;
  }

  function image(url, cssClass, alt) {
    var img = element('img');
    img.setAttribute('class', cssClass);
    img.setAttribute('loading', 'lazy');
    img.setAttribute('alt', alt);
    img.setAttribute('src', url);
    return img;
  }

  function seconds(time) {
    return time ? time.replace(/\.\d+Z$/, 'Z') : '';
  }

  function replaceChildren(parent, children) {
    while (parent.firstChild) {
      parent.removeChild(parent.firstChild);
    }
    children.forEach(function (child) { parent.appendChild(child); });
  }

  function showSteps(steps) {
    var list = document.getElementById('steps');
    var shown = {};
    list.querySelectorAll('li.step').forEach(function (li) { shown[li.getAttribute('data-step')] = true; });
    steps.forEach(function (step) {
      if (shown[String(step.step)]) {
        return;
      }
      var li = element('li');
      li.setAttribute('class', 'step');
      li.setAttribute('data-step', String(step.step));
      var text = element('div');
      var number = element('div', 'Step ' + step.step);
      number.setAttribute('class', 'number');
      text.appendChild(number);
      text.appendChild(element('div', 'Goal: ' + step.next_goal));
      text.appendChild(element('div', 'Evaluation: ' + step.evaluation_previous_goal));
      var page = element('div', 'Page: ');
      page.setAttribute('class', 'url');
      page.appendChild(link(step.url, step.url));
      text.appendChild(page);
      li.appendChild(text);
      if (step.screenshot_url && isWebUrl(step.screenshot_url)) {
        var full = link(step.screenshot_url, '');
        full.appendChild(image(step.screenshot_url, 'screenshot', 'Screenshot of step ' + step.step));
        li.appendChild(full);
      }
      list.appendChild(li);
    });
    document.getElementById('no-steps').hidden = steps.length > 0;
  }

  function showOutput(state) {
    // Replaced only when it changed, so that a reader's selection in it survives the polls.
    if (state.output !== shownOutput) {
      var output = state.output === null ? element('p', 'No output yet.') : element('pre', state.output);
      if (state.output !== null) {
        output.setAttribute('class', 'output');
      }
      replaceChildren(document.getElementById('output'), [output]);
      shownOutput = state.output;
    }
    var files = state.output_files.length === 0 ? element('p', 'No output files.') : element('ul');
    state.output_files.forEach(function (file) {
      var li = element('li');
      li.appendChild(link(file.download_url, file.file_name));
      files.appendChild(li);
    });
    replaceChildren(document.getElementById('files'), [files]);
  }

  function showGifAndRecordings(state) {
    // Set once: each poll signs the URL anew, and a new src would fetch the GIF again.
    var gif = document.getElementById('gif');
    if (state.gif_url && isWebUrl(state.gif_url) && !gif.querySelector('img')) {
      replaceChildren(gif, [link(state.gif_url, 'Download the GIF'), element('br'),
        image(state.gif_url, 'gif', 'All steps as an animated GIF')]);
    } else if (state.ended && !state.gif_url) {
      replaceChildren(gif, [element('p', 'No screenshots.')]);
    }
    var recordings = document.getElementById('recordings');
    var list = element('ul');
    state.recording_urls.forEach(function (url) {
      var li = element('li');
      li.appendChild(link(url, 'Recording'));
      list.appendChild(li);
    });
    replaceChildren(recordings, [element('h2', 'Recordings'), list]);
    recordings.hidden = state.recording_urls.length === 0;
  }

  function showLiveView(liveViewUrl) {
    var section = document.getElementById('live');
    var frame = document.getElementById('live-view');
    if (!liveViewUrl) {
      if (frame) {
        section.removeChild(frame);
      }
      section.hidden = true;
      return;
    }
    if (!frame) {
      frame = element('iframe');
      frame.setAttribute('id', 'live-view');
      frame.setAttribute('title', "Live view of the task's browser");
      frame.setAttribute('src', liveViewUrl);
      section.appendChild(frame);
    }
    section.hidden = false;
  }

  function show(state) {
    document.getElementById('status').textContent = state.status;
    document.getElementById('finished').textContent = state.finished_at ? ' · finished ' + seconds(state.finished_at) : '';
    var reason = document.getElementById('reason');
    reason.textContent = state.failure_reason ? 'Reason: ' + state.failure_reason : '';
    reason.hidden = !state.failure_reason;
    showLiveView(state.live_view_url);
    showOutput(state);
    showGifAndRecordings(state);
    showSteps(state.steps);
  }

  function poll() {
    fetch(stateUrl, { cache: 'no-store', credentials: 'omit' })
      .then(function (response) {
        if (response.status === 404) {
          // No longer shared: what the page shows stays, nothing more comes.
          return null;
        }
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.json().then(function (state) {
          show(state);
          if (!state.ended) {
            setTimeout(poll, POLL_MS);
          }
        });
      })
      .catch(function () {
        setTimeout(poll, RETRY_MS);
      });
  }

  setTimeout(poll, POLL_MS);
}());
