// Forms whose fields are described once (name, label, kind) and read into a request body; the API decides what is
// valid, and its 422 problems are shown next to the field their loc names.

import { el } from './dom.js';

export const PROXY_COUNTRIES = ['us', 'uk', 'fr', 'it', 'jp', 'au', 'de', 'fi', 'ca', 'in'];
export const MODELS = ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.1-mini', 'o4-mini', 'o3', 'gemini-2.0-flash',
  'gemini-2.0-flash-lite', 'gemini-2.5-flash-preview-04-17', 'gemini-2.5-flash', 'gemini-2.5-pro',
  'claude-3-7-sonnet-20250219', 'claude-sonnet-4-20250514', 'llama-4-maverick-17b-128e-instruct'];

/** The fields of a run-task body, as docs/api.md lists them. */
export const RUN_TASK_FIELDS = [
  { name: 'task', label: 'Task', kind: 'textarea', required: true, hint: 'What the agent should do, in words.' },
  { name: 'secrets', label: 'Secrets', kind: 'pairs',
    hint: 'One NAME=value a line. The agent types a secret where the task names it; the values are never shown again.' },
  { name: 'allowed_domains', label: 'Allowed domains', kind: 'lines',
    hint: 'One a line, e.g. example.com or *.example.com. Empty: every domain.' },
  { name: 'browser_profile_id', label: 'Browser profile', kind: 'profile' },
  { name: 'llm_model', label: 'Model', kind: 'model', hint: 'Empty: gpt-4.1.' },
  { name: 'max_agent_steps', label: 'Most steps', kind: 'integer', hint: '1 to 200. Empty: 75.' },
  { name: 'structured_output_json', label: 'Structured output (JSON Schema)', kind: 'textarea',
    hint: 'A JSON Schema the output must follow. Empty: the output is text.' },
  { name: 'use_adblock', label: 'Block ads', kind: 'tristate', hint: 'Default: the profile’s setting (yes).' },
  { name: 'use_proxy', label: 'Use a proxy', kind: 'tristate', hint: 'Default: the profile’s setting (yes).' },
  { name: 'proxy_country_code', label: 'Proxy country', kind: 'select', options: PROXY_COUNTRIES,
    hint: 'Default: the profile’s (us).' },
  { name: 'browser_viewport_width', label: 'Viewport width', kind: 'integer',
    hint: '320 to 3840 pixels. Empty: the profile’s (1280).' },
  { name: 'browser_viewport_height', label: 'Viewport height', kind: 'integer',
    hint: '240 to 2160 pixels. Empty: the profile’s (960).' },
  { name: 'highlight_elements', label: 'Highlight elements', kind: 'checkbox', checked: true },
  { name: 'save_browser_data', label: 'Save the browser’s cookies with the task', kind: 'checkbox' },
  { name: 'enable_public_share', label: 'Make a public share page', kind: 'checkbox' },
  { name: 'included_file_names', label: 'Uploaded files to include', kind: 'lines', hint: 'One file name a line.' },
  { name: 'metadata', label: 'Metadata', kind: 'pairs', hint: 'One key=value a line, at most 10.' },
];

/** The controls of the fields, each with its label, hint and error slot; ids are "{prefix}-{name}". */
export function fieldElements(prefix, fields, { profiles = [] } = {}) {
  return fields.map((field) => fieldElement(prefix, field, profiles));
}

function fieldElement(prefix, field, profiles) {
  const id = `${prefix}-${field.name}`;
  const hintId = field.hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const control = controlFor(field, profiles);
  control.id = id;
  control.name = field.name;
  control.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
  if (field.required) {
    control.setAttribute('aria-required', 'true');
  }
  const label = el('label', { for: id }, field.label, field.required ? ' (required)' : '');
  const hint = field.hint ? el('p', { id: hintId, class: 'hint' }, field.hint) : null;
  const error = el('p', { id: errorId, class: 'field-error', hidden: true });
  const parts = field.kind === 'checkbox' ? [control, label, hint, error] : [label, hint, control, error];
  if (field.kind === 'model') {
    parts.push(el('datalist', { id: 'model-names' }, MODELS.map((model) => option(model, model))));
  }
  return el('div', { class: `field field-${field.kind}`, 'data-field': field.name }, ...parts);
}

function controlFor(field, profiles) {
  switch (field.kind) {
    case 'textarea':
      return el('textarea', { rows: 4 });
    case 'lines':
    case 'pairs':
      return el('textarea', { rows: 3, spellcheck: 'false', autocomplete: 'off' });
    case 'integer':
      return el('input', { type: 'text', inputmode: 'numeric', autocomplete: 'off' });
    case 'checkbox':
      return el('input', { type: 'checkbox', checked: field.checked === true });
    case 'tristate':
      return el('select', {}, option('', 'Default'), option('true', 'Yes'), option('false', 'No'));
    case 'select':
      return el('select', {}, field.default === undefined ? option('', 'Default') : null,
        field.options.map((value) => option(value, value, value === field.default)));
    case 'profile':
      return el('select', {}, option('', 'None'),
        profiles.map((profile) => option(profile.profile_id, profile.profile_name)));
    case 'model':
      return el('input', { type: 'text', list: 'model-names', autocomplete: 'off' });
    default:
      return el('input', { type: 'text', autocomplete: 'off' });
  }
}

function option(value, text, selected = false) {
  return el('option', { value, selected }, text);
}

/**
 * The request body the form's fields make, and the lines the console itself cannot turn into a body (a NAME=value
 * line without "="), as problems shaped like the API's.
 */
export function readFields(form, fields) {
  const body = {};
  const problems = [];
  for (const field of fields) {
    const control = form.elements.namedItem(field.name);
    const value = control.type === 'checkbox' ? control.checked : control.value;
    switch (field.kind) {
      case 'checkbox':
        body[field.name] = value;
        break;
      case 'tristate':
        if (value !== '') {
          body[field.name] = value === 'true';
        }
        break;
      case 'integer': {
        const text = value.trim();
        if (text !== '') {
          // Anything but digits goes to the API as typed, so that its 422 says what is wrong.
          body[field.name] = /^-?\d+$/.test(text) ? Number(text) : text;
        }
        break;
      }
      case 'lines': {
        const lines = value.split('\n').map((line) => line.trim()).filter((line) => line !== '');
        if (lines.length > 0) {
          body[field.name] = lines;
        }
        break;
      }
      case 'pairs': {
        const pairs = {};
        value.split('\n').forEach((line, index) => {
          const text = line.replace(/\r$/, '');
          if (text.trim() === '') {
            return;
          }
          const equals = text.indexOf('=');
          if (equals < 1) {
            problems.push({ loc: ['body', field.name], msg: `line ${index + 1} is not NAME=value` });
          } else {
            pairs[text.slice(0, equals).trim()] = text.slice(equals + 1);
          }
        });
        if (Object.keys(pairs).length > 0) {
          body[field.name] = pairs;
        }
        break;
      }
      default:
        if (value !== '') {
          body[field.name] = value;
        }
    }
  }
  return { body, problems };
}

/** Removes the problems shown on the form. */
export function clearProblems(form) {
  for (const error of form.querySelectorAll('.field-error')) {
    error.hidden = true;
    error.textContent = '';
  }
  for (const control of form.querySelectorAll('[aria-invalid]')) {
    control.removeAttribute('aria-invalid');
  }
  const summary = form.querySelector('.form-errors');
  summary.replaceChildren();
  summary.hidden = true;
}

/**
 * Shows each problem next to the field its loc names (["body", field, ...]), and the others in the form's summary;
 * moves the focus to the form's first field in error.
 */
export function showProblems(form, prefix, problems) {
  clearProblems(form);
  const summary = form.querySelector('.form-errors');
  for (const problem of problems) {
    const loc = Array.isArray(problem.loc) ? problem.loc : [];
    const control = loc[0] === 'body' && typeof loc[1] === 'string' ? form.elements.namedItem(loc[1]) : null;
    const message = `${where(loc.slice(2))}${problem.msg}`;
    if (control instanceof Element) {
      const error = document.getElementById(`${prefix}-${loc[1]}-error`);
      error.textContent = error.textContent ? `${error.textContent} ${message}` : message;
      error.hidden = false;
      control.setAttribute('aria-invalid', 'true');
    } else {
      summary.append(el('li', {}, `${loc.join('.')}: ${problem.msg}`));
      summary.hidden = false;
    }
  }
  (form.querySelector('[aria-invalid="true"]') ?? summary).focus();
}

/** "Entry 2: " for a list index, "key: " for a map key, inside the field. */
function where(rest) {
  return rest.map((part) => (typeof part === 'number' ? `Entry ${part + 1}: ` : `${part}: `)).join('');
}

/** The list a form shows the problems no field owns in. */
export function problemSummary() {
  return el('ul', { class: 'form-errors', tabindex: -1, hidden: true, 'aria-label': 'Problems' });
}
