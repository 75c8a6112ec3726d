// The task list: a page of GET /tasks (newest first), of every task or of those in one status.

import { call, describe, isAbort } from './api.js';
import { abbreviate, el, pager, statusBadge, TASK_STATUSES, time } from './dom.js';

const PAGE_SIZE = 20;

export function tasksView({ main, signal, announce, alarm }) {
  let tasks = [];
  const filter = el('select', { id: 'tasks-status', 'aria-describedby': 'tasks-status-hint' },
    el('option', { value: '' }, 'All statuses'),
    TASK_STATUSES.map((status) => el('option', { value: status }, status)));
  const summary = el('p', { id: 'tasks-summary' });
  const rows = el('tbody', { id: 'tasks-rows' });
  const pages = pager('tasks', load);

  function showRows(totalCount) {
    const wanted = filter.value;
    rows.replaceChildren(...tasks.map((task) => el('tr', { 'data-task-id': task.id },
      el('td', {}, el('a', { href: `#/task/${encodeURIComponent(task.id)}` }, abbreviate(task.task, 120) || '(no text)')),
      el('td', {}, statusBadge(task.status)),
      el('td', {}, time(task.created_at)),
      el('td', {}, time(task.finished_at)))));
    summary.textContent = wanted ? `${totalCount} tasks are ${wanted}.` : `${totalCount} tasks in all.`;
  }

  async function load(page) {
    try {
      const answer = await call('GET', '/tasks', {
        query: { page, limit: PAGE_SIZE, ...(filter.value ? { status: filter.value } : {}) }, signal });
      tasks = answer.tasks;
      pages.update(answer.page, answer.total_pages);
      showRows(answer.total_count);
      announce(`Page ${answer.page} of the tasks loaded: ${answer.total_count} tasks.`);
    } catch (error) {
      if (!isAbort(error)) {
        alarm(`The tasks could not be loaded: ${describe(error)}`);
      }
    }
  }

  filter.addEventListener('change', () => load(1));
  main.append(
    el('h2', { tabindex: -1 }, 'Tasks'),
    el('p', {}, el('a', { href: '#/run', class: 'button-link' }, 'Run a task')),
    el('div', { class: 'field' },
      el('label', { for: 'tasks-status' }, 'Show status'),
      el('p', { id: 'tasks-status-hint', class: 'hint' }, 'Lists only the tasks in this status.'),
      filter),
    summary,
    el('table', { id: 'tasks-table' },
      el('caption', {}, 'Tasks, newest first'),
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col' }, 'Task'), el('th', { scope: 'col' }, 'Status'),
        el('th', { scope: 'col' }, 'Created'), el('th', { scope: 'col' }, 'Ended'))),
      rows),
    pages.element);
  load(1);
}
