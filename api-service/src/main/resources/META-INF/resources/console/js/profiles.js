// Browser profiles: the account's list (GET /browser-profiles, as the API pages it), a form to create one, and a
// button to delete each.

import { call, describe, isAbort } from './api.js';
import { el, pager } from './dom.js';
import { clearProblems, fieldElements, problemSummary, PROXY_COUNTRIES, readFields, showProblems } from './forms.js';

const PAGE_SIZE = 20;

const PROFILE_FIELDS = [
  { name: 'profile_name', label: 'Name', kind: 'text', required: true },
  { name: 'description', label: 'Description', kind: 'textarea' },
  { name: 'persist', label: 'Keep cookies and local storage between the profile’s tasks', kind: 'checkbox' },
  { name: 'ad_blocker', label: 'Block ads', kind: 'checkbox', checked: true },
  { name: 'proxy', label: 'Use a proxy', kind: 'checkbox', checked: true },
  { name: 'proxy_country_code', label: 'Proxy country', kind: 'select', options: PROXY_COUNTRIES, default: 'us' },
  { name: 'browser_viewport_width', label: 'Viewport width', kind: 'integer', hint: '320 to 3840 pixels. Empty: 1280.' },
  { name: 'browser_viewport_height', label: 'Viewport height', kind: 'integer', hint: '240 to 2160 pixels. Empty: 960.' },
];

export function profilesView({ main, signal, announce, alarm }) {
  const rows = el('tbody', { id: 'profiles-rows' });
  const pages = pager('profiles', load);
  let currentPage = 1;

  async function load(page) {
    try {
      const answer = await call('GET', '/browser-profiles', { query: { page, limit: PAGE_SIZE }, signal });
      currentPage = answer.page;
      pages.update(answer.page, answer.total_pages);
      rows.replaceChildren(...answer.profiles.map(profileRow));
      if (answer.profiles.length === 0) {
        rows.append(el('tr', {}, el('td', { colspan: 6 }, 'No browser profiles.')));
      }
    } catch (error) {
      if (!isAbort(error)) {
        alarm(`The browser profiles could not be loaded: ${describe(error)}`);
      }
    }
  }

  function profileRow(profile) {
    return el('tr', { 'data-profile-id': profile.profile_id },
      el('td', {}, profile.profile_name),
      el('td', {}, profile.description),
      el('td', {}, profile.persist ? 'yes' : 'no'),
      el('td', {}, `ads ${profile.ad_blocker ? 'blocked' : 'allowed'}, proxy ${profile.proxy ? profile.proxy_country_code : 'off'}`),
      el('td', {}, `${profile.browser_viewport_width} × ${profile.browser_viewport_height}`),
      el('td', {}, el('button', {
        type: 'button', class: 'danger', 'aria-label': `Delete the profile ${profile.profile_name}`,
        onclick: () => remove(profile),
      }, 'Delete')));
  }

  async function remove(profile) {
    try {
      await call('DELETE', `/browser-profiles/${encodeURIComponent(profile.profile_id)}`, { signal });
      announce(`The profile ${profile.profile_name} was deleted.`);
      await load(currentPage);
    } catch (error) {
      if (!isAbort(error)) {
        alarm(`The profile could not be deleted: ${describe(error)}`);
      }
    }
  }

  const form = el('form', { id: 'profile-form', novalidate: true },
    problemSummary(),
    fieldElements('profile', PROFILE_FIELDS),
    el('button', { type: 'submit', id: 'profile-submit' }, 'Create the profile'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { body } = readFields(form, PROFILE_FIELDS);
    try {
      const created = await call('POST', '/browser-profiles', { body, signal });
      clearProblems(form);
      form.reset();
      announce(`The profile ${created.profile_name} was created.`);
      await load(1);
    } catch (error) {
      if (isAbort(error)) {
        return;
      }
      if (error.problems?.length > 0) {
        showProblems(form, 'profile', error.problems);
      } else {
        alarm(`The profile was not created: ${describe(error)}`);
      }
    }
  });

  main.append(
    el('h2', { tabindex: -1 }, 'Browser profiles'),
    el('p', {}, 'A profile holds a task’s browser settings and, when it persists, its cookies between tasks.'),
    el('table', { id: 'profiles-table' },
      el('caption', {}, 'Browser profiles, newest first'),
      el('thead', {}, el('tr', {}, ['Name', 'Description', 'Persists', 'Network', 'Viewport', 'Actions']
        .map((name) => el('th', { scope: 'col' }, name)))),
      rows),
    pages.element,
    el('section', { 'aria-labelledby': 'profile-form-heading' },
      el('h3', { id: 'profile-form-heading' }, 'New profile'), form));
  load(1);
}
