// A task's page: its status, controls, live view, output and files, and its steps with their screenshots. While
// the task has not ended the page asks the API for it again every POLL_MS.

import { call, describe, isAbort } from './api.js';
import { details, el, END_STATUSES, httpUrl, link, statusBadge, time } from './dom.js';

const POLL_MS = 1500;
/** The task's fields its summary shows. */
const SUMMARY_FIELDS = ['status', 'task', 'created_at', 'finished_at', 'failure_reason', 'public_share_url', 'metadata',
  'user_uploaded_files', 'id'];

/** The buttons of a task's page: the v1 endpoint each calls, and the statuses it applies to. */
const CONTROLS = [
  { key: 'stop', label: 'Stop', endpoint: 'stop-task', statuses: ['created', 'running', 'paused'] },
  { key: 'pause', label: 'Pause', endpoint: 'pause-task', statuses: ['running'] },
  { key: 'resume', label: 'Resume', endpoint: 'resume-task', statuses: ['paused'] },
  { key: 'take-control', label: 'Take control', endpoint: 'take-control-task', statuses: ['running', 'paused'] },
  { key: 'hand-back', label: 'Hand back', endpoint: 'release-control-task', statuses: ['running', 'paused'] },
];

export function taskView({ main, signal, announce, alarm }, [taskId]) {
  const path = `/task/${encodeURIComponent(taskId ?? '')}`;
  const summary = el('div', { id: 'task-summary' });
  const buttons = CONTROLS.map((control) => el('button', {
    type: 'button', id: `task-${control.key}`, disabled: true, onclick: () => send(control),
  }, control.label));
  const liveView = el('div', { id: 'task-live' });
  const output = el('div', { id: 'task-output' });
  const files = el('div', { id: 'task-files' });
  const steps = el('ol', { id: 'task-steps', class: 'steps' });
  const replay = el('div', { id: 'task-replay' }, el('p', {}, 'Shown when the task has ended.'));
  let shownStatus = null;
  let shownLiveUrl = null;
  let stepsKey = null;
  let timer = null;
  let loading = null;

  main.append(
    el('h2', { tabindex: -1 }, 'Task'),
    summary,
    el('section', { 'aria-labelledby': 'task-controls-heading' },
      el('h3', { id: 'task-controls-heading' }, 'Controls'), el('div', { class: 'controls' }, buttons)),
    el('section', { 'aria-labelledby': 'task-live-heading' }, el('h3', { id: 'task-live-heading' }, 'Live view'), liveView),
    el('section', { 'aria-labelledby': 'task-output-heading' }, el('h3', { id: 'task-output-heading' }, 'Output'), output),
    el('section', { 'aria-labelledby': 'task-files-heading' }, el('h3', { id: 'task-files-heading' }, 'Output files'), files),
    el('section', { 'aria-labelledby': 'task-steps-heading' }, el('h3', { id: 'task-steps-heading' }, 'Steps'), steps),
    el('section', { 'aria-labelledby': 'task-replay-heading' },
      el('h3', { id: 'task-replay-heading' }, 'Replay and recordings'), replay));
  signal.addEventListener('abort', () => clearTimeout(timer));

  /** Loads the task and shows it; one load at a time, the latest request for one waiting behind it. */
  function refresh() {
    clearTimeout(timer);
    loading = (loading ?? Promise.resolve()).then(load)
      .catch((error) => alarm(`The task page failed: ${error?.message ?? error}`));
    return loading;
  }

  async function load() {
    if (signal.aborted) {
      return;
    }
    let task;
    try {
      task = await call('GET', path, { signal });
    } catch (error) {
      if (isAbort(error)) {
        return;
      }
      alarm(`The task could not be loaded: ${describe(error)}`);
      clearTimeout(timer);
      if (error.status !== 404) {
        timer = setTimeout(refresh, POLL_MS);
      }
      return;
    }
    showSummary(task);
    showLiveView(task.live_url);
    showOutput(task);
    await showSteps(task);
    const ended = END_STATUSES.includes(task.status);
    for (const [index, control] of CONTROLS.entries()) {
      buttons[index].disabled = !control.statuses.includes(task.status);
    }
    if (task.status !== shownStatus) {
      if (shownStatus !== null) {
        announce(`The task is ${task.status}.`);
      }
      shownStatus = task.status;
      if (ended) {
        await showReplay();
      }
    }
    clearTimeout(timer);
    if (!ended && !signal.aborted) {
      timer = setTimeout(refresh, POLL_MS);
    }
  }

  async function send(control) {
    const button = buttons[CONTROLS.indexOf(control)];
    button.disabled = true;
    try {
      await call('PUT', `/${control.endpoint}`, { query: { task_id: taskId }, signal });
      announce(`${control.label}: the service took the request.`);
    } catch (error) {
      if (isAbort(error)) {
        return;
      }
      alarm(`${control.label} failed: ${describe(error)}`);
    }
    await refresh();
  }

  /**
   * Rebuilds the part of the page only when what it shows changed, so that polling does not take the keyboard's
   * focus away from a link or button in it.
   */
  const shownValues = new Map();
  function update(container, value, build) {
    const key = JSON.stringify(value);
    if (shownValues.get(container) !== key) {
      shownValues.set(container, key);
      container.replaceChildren(build());
    }
  }

  function showSummary(task) {
    update(summary, SUMMARY_FIELDS.map((name) => task[name]), () => details([
      ['Status', statusBadge(task.status, 'task-status')],
      ['Task', el('p', { id: 'task-text', class: 'prose' }, task.task)],
      ['Created', time(task.created_at)],
      ['Ended', task.finished_at ? time(task.finished_at) : null],
      ['Why it failed', task.failure_reason],
      ['Public share page', task.public_share_url ? link(task.public_share_url) : null],
      ['Metadata', task.metadata && Object.keys(task.metadata).length > 0 ? details(Object.entries(task.metadata)) : null],
      ['Uploaded files', task.user_uploaded_files?.length ? task.user_uploaded_files.join(', ') : null],
      ['Id', el('code', {}, task.id)],
    ]));
  }

  /** The live view in a frame, loaded once per URL so that polling does not reload it. */
  function showLiveView(liveUrl) {
    const url = httpUrl(liveUrl);
    if (url === shownLiveUrl && liveView.hasChildNodes()) {
      return;
    }
    shownLiveUrl = url;
    liveView.replaceChildren(url
      ? el('iframe', { src: url, title: 'Live view of the task’s browser', class: 'live-view' })
      : el('p', {}, 'No live view for this task now.'));
  }

  function showOutput(task) {
    update(output, task.output ?? null, () => (task.output === null || task.output === undefined
      ? el('p', {}, 'No output yet.')
      : el('pre', { id: 'task-output-text', tabindex: 0 }, task.output)));
    const names = task.output_files ?? [];
    update(files, names, () => (names.length === 0 ? el('p', {}, 'No output files.')
      : el('ul', {}, names.map((name) => el('li', {}, el('button', {
        type: 'button', class: 'link-button', onclick: () => download(name),
      }, `Download ${name}`))))));
  }

  /** Asks the API for the file's signed URL, then lets the browser fetch it (it is sent as an attachment). */
  async function download(name) {
    try {
      const answer = await call('GET', `${path}/output-file/${encodeURIComponent(name)}`, { signal });
      const url = httpUrl(answer.download_url);
      if (url) {
        window.location.assign(url);
      }
    } catch (error) {
      if (!isAbort(error)) {
        alarm(`${name} could not be downloaded: ${describe(error)}`);
      }
    }
  }

  /** The steps, each with its screenshot; the screenshots are asked for again only when the steps changed. */
  async function showSteps(task) {
    const key = task.steps.map((step) => step.id).join(',');
    if (key === stepsKey) {
      return;
    }
    let screenshots = [];
    if (task.steps.length > 0) {
      try {
        screenshots = (await call('GET', `${path}/screenshots`, { signal })).screenshots ?? [];
      } catch (error) {
        if (!isAbort(error)) {
          alarm(`The screenshots could not be loaded: ${describe(error)}`);
        }
        return;
      }
    }
    stepsKey = key;
    const byStep = new Map(screenshots.map((url) => [stepOf(url), url]));
    steps.replaceChildren(...task.steps.map((step) => stepItem(step, byStep.get(step.step))));
    if (task.steps.length === 0) {
      steps.append(el('li', { class: 'empty' }, 'No steps yet.'));
    }
  }

  async function showReplay() {
    try {
      const [gif, media] = await Promise.all([call('GET', `${path}/gif`, { signal }), call('GET', `${path}/media`, { signal })]);
      const gifUrl = httpUrl(gif.gif);
      const recordings = (media.recordings ?? []).map(httpUrl).filter(Boolean);
      replay.replaceChildren(
        gifUrl ? el('figure', {}, el('img', { src: gifUrl, alt: 'Animated replay of the task’s screenshots', class: 'replay' }),
          el('figcaption', {}, link(gifUrl, 'Open the GIF'))) : el('p', {}, 'No GIF: the task took no screenshot.'),
        recordings.length > 0
          ? el('ul', {}, recordings.map((url, index) => el('li', {}, link(url, `Recording ${index + 1}`))))
          : el('p', {}, 'No video recording: it comes once the task has ended, unless the worker records none or the run kept none.'));
    } catch (error) {
      if (!isAbort(error)) {
        alarm(`The replay could not be loaded: ${describe(error)}`);
      }
    }
  }

  refresh();
}

/** The step a screenshot URL belongs to: its path ends in /screenshots/{step}. */
function stepOf(url) {
  const safe = httpUrl(url);
  return safe ? Number(new URL(safe).pathname.split('/').pop()) : NaN;
}

function stepItem(step, screenshotUrl) {
  const image = httpUrl(screenshotUrl);
  return el('li', { class: 'step', 'data-step': step.step },
    el('div', {}, el('h4', {}, `Step ${step.step}`), details([
      ['Goal', step.next_goal],
      ['Evaluation of the previous goal', step.evaluation_previous_goal],
      ['Page', step.url ? link(step.url) : null],
    ])),
    image ? el('a', { href: image, target: '_blank', rel: 'noopener noreferrer' },
      el('img', { src: image, alt: `Screenshot of step ${step.step}`, class: 'screenshot' })) : null);
}
