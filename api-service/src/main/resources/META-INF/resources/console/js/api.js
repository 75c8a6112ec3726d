// The public v1 API, called with the key the user signed in with. The key lives in sessionStorage only: it is gone
// when the tab closes or the user signs out.

const KEY_ITEM = 'browser-agent.api-key';

export class ApiError extends Error {
  constructor(status, body, text) {
    super(`HTTP ${status}`);
    this.status = status;
    this.body = body;
    this.text = text;
  }

  /** The v1 422 problems ({loc, msg, type}), or an empty list. */
  get problems() {
    return this.status === 422 && Array.isArray(this.body?.detail) ? this.body.detail : [];
  }
}

let unauthorized = () => {};

export function apiKey() {
  return sessionStorage.getItem(KEY_ITEM);
}

export function keepKey(key) {
  sessionStorage.setItem(KEY_ITEM, key);
}

export function forgetKey() {
  sessionStorage.removeItem(KEY_ITEM);
}

/** What to do when the API refuses the kept key (revoked since sign-in). */
export function onUnauthorized(handler) {
  unauthorized = handler;
}

/**
 * Calls /api/v1{path}; answers the parsed JSON body, or throws an ApiError for any status but 2xx.
 * Options: body (sent as JSON), query (an object), signal (an AbortSignal), key (another key than the kept one).
 */
export async function call(method, path, { body, query, signal, key } = {}) {
  const url = new URL(`/api/v1${path}`, window.location.origin);
  for (const [name, value] of Object.entries(query ?? {})) {
    url.searchParams.set(name, String(value));
  }
  const headers = { Authorization: `Bearer ${key ?? apiKey() ?? ''}` };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(url, {
    method, headers, signal, body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'omit', cache: 'no-store',
  });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    if (response.status === 401 && key === undefined) {
      unauthorized();
    }
    throw new ApiError(response.status, json, text);
  }
  return json;
}

/** A sentence for the user about a failed call: the API's own detail when it gave one. */
export function describe(error) {
  if (error instanceof ApiError) {
    const detail = error.body?.detail;
    if (typeof detail === 'string') {
      return `${detail} (HTTP ${error.status})`;
    }
    if (Array.isArray(detail)) {
      return detail.map((problem) => `${(problem.loc ?? []).join('.')}: ${problem.msg}`).join('; ');
    }
    return `The service answered HTTP ${error.status}${error.text ? `: ${error.text.slice(0, 200)}` : ''}`;
  }
  return `The service could not be reached (${error?.message ?? error}). Check the connection and try again.`;
}

export function isAbort(error) {
  return error?.name === 'AbortError';
}
