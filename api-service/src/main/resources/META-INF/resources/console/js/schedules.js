// Scheduled tasks: the account's list (GET /scheduled-tasks, as the API pages it), pausing and resuming each
// (is_active), deleting, and a form to create one with the run-task fields a schedule takes.

import { call, describe, isAbort } from './api.js';
import { abbreviate, el, pager, time } from './dom.js';
import { clearProblems, fieldElements, problemSummary, readFields, RUN_TASK_FIELDS, showProblems } from './forms.js';
import { accountProfiles } from './run.js';

const PAGE_SIZE = 20;

/** When a schedule runs, then the run-task fields but secrets, which scheduled tasks do not take. */
const SCHEDULE_FIELDS = [
  RUN_TASK_FIELDS[0],
  { name: 'schedule_type', label: 'Repeat', kind: 'select', options: ['interval', 'cron'], default: 'interval' },
  { name: 'interval_minutes', label: 'Every how many minutes', kind: 'integer', hint: 'For an interval: 1 to 525600.' },
  { name: 'cron_expression', label: 'Cron expression', kind: 'text',
    hint: 'For cron: five fields in UTC (minute hour day-of-month month day-of-week), e.g. 0 9 * * MON-FRI.' },
  { name: 'start_at', label: 'Start at', kind: 'text', hint: 'Optional. ISO-8601 with an offset, e.g. 2026-12-01T08:00:00Z.' },
  { name: 'end_at', label: 'End at', kind: 'text', hint: 'Optional. No run starts after it.' },
  { name: 'is_active', label: 'Active', kind: 'checkbox', checked: true },
  ...RUN_TASK_FIELDS.slice(1).filter((field) => field.name !== 'secrets'),
];

export async function schedulesView({ main, signal, announce, alarm }) {
  const rows = el('tbody', { id: 'schedules-rows' });
  const pages = pager('schedules', load);
  let currentPage = 1;

  async function load(page) {
    try {
      const answer = await call('GET', '/scheduled-tasks', { query: { page, limit: PAGE_SIZE }, signal });
      currentPage = answer.page;
      pages.update(answer.page, answer.total_pages);
      rows.replaceChildren(...answer.scheduled_tasks.map(scheduleRow));
      if (answer.scheduled_tasks.length === 0) {
        rows.append(el('tr', {}, el('td', { colspan: 6 }, 'No scheduled tasks.')));
      }
    } catch (error) {
      if (!isAbort(error)) {
        alarm(`The scheduled tasks could not be loaded: ${describe(error)}`);
      }
    }
  }

  function scheduleRow(schedule) {
    const when = schedule.schedule_type === 'cron'
      ? `cron ${schedule.cron_expression} (UTC)` : `every ${schedule.interval_minutes} minutes`;
    return el('tr', { 'data-schedule-id': schedule.id },
      el('td', {}, schedule.task),
      el('td', {}, when),
      el('td', { class: 'schedule-state' }, schedule.is_active ? 'active' : 'paused'),
      el('td', {}, time(schedule.next_run_at)),
      el('td', {}, schedule.last_task_id
        ? el('a', { href: `#/task/${encodeURIComponent(schedule.last_task_id)}` }, 'Last run') : '—',
      schedule.last_error ? el('p', { class: 'field-error' }, schedule.last_error) : null),
      el('td', { class: 'actions' },
        el('button', {
          type: 'button', class: 'schedule-toggle', onclick: () => setActive(schedule, !schedule.is_active),
          'aria-label': `${schedule.is_active ? 'Pause' : 'Resume'} the schedule of ${abbreviate(schedule.task, 60)}`,
        }, schedule.is_active ? 'Pause' : 'Resume'),
        el('button', {
          type: 'button', class: 'danger schedule-delete', onclick: () => remove(schedule),
          'aria-label': `Delete the schedule of ${abbreviate(schedule.task, 60)}`,
        }, 'Delete')));
  }

  async function setActive(schedule, active) {
    try {
      await call('PUT', `/scheduled-task/${encodeURIComponent(schedule.id)}`, { body: { is_active: active }, signal });
      announce(active ? 'The schedule runs again.' : 'The schedule is paused.');
      await load(currentPage);
    } catch (error) {
      if (!isAbort(error)) {
        alarm(`The schedule could not be changed: ${describe(error)}`);
      }
    }
  }

  async function remove(schedule) {
    try {
      await call('DELETE', `/scheduled-task/${encodeURIComponent(schedule.id)}`, { signal });
      announce('The schedule was deleted.');
      await load(currentPage);
    } catch (error) {
      if (!isAbort(error)) {
        alarm(`The schedule could not be deleted: ${describe(error)}`);
      }
    }
  }

  main.append(
    el('h2', { tabindex: -1 }, 'Scheduled tasks'),
    el('table', { id: 'schedules-table' },
      el('caption', {}, 'Scheduled tasks, newest first'),
      el('thead', {}, el('tr', {}, ['Task', 'When', 'State', 'Next run', 'Last run', 'Actions']
        .map((name) => el('th', { scope: 'col' }, name)))),
      rows),
    pages.element);
  load(1);

  const profiles = await accountProfiles(signal, alarm);
  if (signal.aborted) {
    return;
  }
  const form = el('form', { id: 'schedule-form', novalidate: true },
    problemSummary(),
    fieldElements('schedule', SCHEDULE_FIELDS, { profiles }),
    el('button', { type: 'submit', id: 'schedule-submit' }, 'Create the schedule'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { body, problems } = readFields(form, SCHEDULE_FIELDS);
    if (problems.length > 0) {
      showProblems(form, 'schedule', problems);
      return;
    }
    try {
      await call('POST', '/scheduled-task', { body, signal });
      clearProblems(form);
      form.reset();
      announce('The schedule was created.');
      await load(1);
    } catch (error) {
      if (isAbort(error)) {
        return;
      }
      if (error.problems?.length > 0) {
        showProblems(form, 'schedule', error.problems);
      } else {
        alarm(`The schedule was not created: ${describe(error)}`);
      }
    }
  });
  main.append(el('section', { 'aria-labelledby': 'schedule-form-heading' },
    el('h3', { id: 'schedule-form-heading' }, 'New scheduled task'), form));
}
