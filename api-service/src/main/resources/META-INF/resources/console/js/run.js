// The run-task form: every v1 field, the API's 422 problems next to their fields, then the new task's page.

import { call, describe, isAbort } from './api.js';
import { el } from './dom.js';
import { clearProblems, fieldElements, problemSummary, readFields, RUN_TASK_FIELDS, showProblems } from './forms.js';

export async function runView({ main, signal, announce, alarm }) {
  const heading = el('h2', { tabindex: -1 }, 'Run a task');
  main.append(heading);
  const profiles = await accountProfiles(signal, alarm);
  if (signal.aborted) {
    return;
  }
  const submit = el('button', { type: 'submit', id: 'run-submit' }, 'Run the task');
  const form = el('form', { id: 'run-form', novalidate: true },
    problemSummary(),
    fieldElements('run', RUN_TASK_FIELDS, { profiles }),
    submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { body, problems } = readFields(form, RUN_TASK_FIELDS);
    if (problems.length > 0) {
      showProblems(form, 'run', problems);
      return;
    }
    clearProblems(form);
    submit.disabled = true;
    announce('Sending the task…');
    try {
      const created = await call('POST', '/run-task', { body, signal });
      announce('The task was created.');
      window.location.hash = `#/task/${encodeURIComponent(created.id)}`;
    } catch (error) {
      if (isAbort(error)) {
        return;
      }
      submit.disabled = false;
      if (error.problems?.length > 0) {
        announce('The task was not created: see the problems in the form.');
        showProblems(form, 'run', error.problems);
      } else {
        announce('');
        alarm(`The task was not created: ${describe(error)}`);
      }
    }
  });
  main.append(form);
}

/** The account's browser profiles for the profile field (the first 100, as the API pages them). */
export async function accountProfiles(signal, alarm) {
  try {
    return (await call('GET', '/browser-profiles', { query: { page: 1, limit: 100 }, signal })).profiles;
  } catch (error) {
    if (!isAbort(error)) {
      alarm(`The browser profiles could not be loaded: ${describe(error)}`);
    }
    return [];
  }
}
