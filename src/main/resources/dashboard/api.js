// HTTP client for the REST API: JSON in and out, a 30 s timeout, and the server's {"error"} text on failure.
const TIMEOUT_MS = 30000;

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

function messageOf(data, res) {
  if (data && typeof data.error === 'string') return data.error;
  if (data && data.error && typeof data.error.message === 'string') return data.error.message;
  if (typeof data === 'string' && data.trim()) return `${res.status} ${data.trim().slice(0, 200)}`;
  return `${res.status} ${res.statusText || 'request failed'}`;
}

export async function api(path, { method = 'GET', body } = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const res = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: controller.signal,
    });
    const text = await res.text();
    let data = null;
    if (text) {
      try { data = JSON.parse(text); } catch { data = text; }
    }
    if (res.status === 401 && path.startsWith('/api/') && !path.startsWith('/api/auth/')) {
      // API keys are on and the session ended: log in again, then come back here.
      location.assign(`/login?next=${encodeURIComponent(location.pathname)}`);
    }
    if (!res.ok) throw new ApiError(messageOf(data, res), res.status);
    return data;
  } catch (e) {
    if (e instanceof ApiError) throw e;
    if (e.name === 'AbortError') throw new ApiError('The server did not answer within 30 s', 0);
    throw new ApiError(`Cannot reach the server (${e.message})`, 0);
  } finally {
    clearTimeout(timer);
  }
}

export const get = (path) => api(path);
export const post = (path, body) => api(path, { method: 'POST', body });
export const patch = (path, body) => api(path, { method: 'PATCH', body });
export const del = (path, body) => api(path, { method: 'DELETE', body });

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0)) {
      q.set(k, Array.isArray(v) ? v.join(',') : String(v));
    }
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
