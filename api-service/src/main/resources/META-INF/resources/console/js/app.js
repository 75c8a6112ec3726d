// The console's shell: sign-in, the navigation between views (#/tasks, #/run, #/task/{id}, #/profiles,
// #/schedules) and the page-wide status and alert messages.

import { apiKey, call, describe, forgetKey, keepKey, onUnauthorized, ApiError } from './api.js';
import { el } from './dom.js';
import { tasksView } from './tasks.js';
import { runView } from './run.js';
import { taskView } from './task.js';
import { profilesView } from './profiles.js';
import { schedulesView } from './schedules.js';

const VIEWS = { tasks: tasksView, run: runView, task: taskView, profiles: profilesView, schedules: schedulesView };

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const statusLine = document.getElementById('status');
const alertLine = document.getElementById('alert');
let leaveView = null;

function announce(message) {
  statusLine.textContent = message;
}

function alarm(message) {
  alertLine.textContent = message;
  alertLine.hidden = !message;
}

/** Shows the view the address names, after ending the one shown (its polling and pending calls). */
function show() {
  leaveView?.abort();
  leaveView = new AbortController();
  alarm('');
  main.replaceChildren();
  if (!apiKey()) {
    nav.hidden = true;
    signInView(main);
    return;
  }
  nav.hidden = false;
  const [name, ...rest] = window.location.hash.replace(/^#\/?/, '').split('/');
  const view = VIEWS[name] ? name : 'tasks';
  const current = `#/${view === 'task' ? 'tasks' : view}`;
  for (const link of nav.querySelectorAll('a')) {
    if (link.getAttribute('href') === current) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  VIEWS[view]({ main, signal: leaveView.signal, announce, alarm }, rest.map(decodeURIComponent));
  main.querySelector('h2')?.focus();
}

function signInView(container) {
  const input = el('input', { type: 'password', id: 'api-key', name: 'api-key', autocomplete: 'off', spellcheck: 'false',
    required: true, 'aria-describedby': 'api-key-hint' });
  const form = el('form', { id: 'sign-in', novalidate: true },
    el('label', { for: 'api-key' }, 'API key'),
    el('p', { id: 'api-key-hint', class: 'hint' },
      'The key (bu_…) your operator gave you. It is kept in this tab only, until you sign out or close it.'),
    input,
    el('button', { type: 'submit' }, 'Sign in'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) {
      alarm('Enter an API key.');
      input.focus();
      return;
    }
    announce('Checking the key…');
    try {
      await call('GET', '/me', { key });
      keepKey(key);
      announce('Signed in.');
      window.location.hash = '#/tasks';
    } catch (error) {
      announce('');
      alarm(error instanceof ApiError && error.status === 401
        ? 'This API key was not accepted. Check it and try again.'
        : describe(error));
      input.focus();
    }
  });
  container.append(el('h2', { tabindex: -1 }, 'Sign in'), form);
}

/** Forgets the key and shows the sign-in form at once (a hash change would show it later, clearing the alert). */
function signOut() {
  forgetKey();
  window.history.replaceState(null, '', '#/');
  show();
}

onUnauthorized(() => {
  if (apiKey()) {
    signOut();
    alarm('The API key is no longer accepted. Sign in again.');
  }
});
document.getElementById('sign-out').addEventListener('click', () => {
  signOut();
  announce('Signed out.');
});
window.addEventListener('hashchange', show);
show();
