// Transient success/error notes for every action (bottom right).
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';

const listeners = new Set();
let nextId = 1;

export function notify(kind, text) {
  const toast = { id: nextId++, kind, text };
  listeners.forEach((fn) => fn(toast));
}
export const ok = (text) => notify('ok', text);
export const fail = (error) => notify('err', error && error.message ? error.message : String(error));

/** Runs an API action and reports its outcome; returns the result or undefined on failure. */
export async function act(fn, success) {
  try {
    const result = await fn();
    ok(typeof success === 'function' ? success(result) : success || (result && result.message) || 'Done');
    return result;
  } catch (e) {
    fail(e);
    return undefined;
  }
}

export function Toasts() {
  const [toasts, setToasts] = useState([]);
  useEffect(() => {
    const add = (t) => {
      setToasts((list) => [...list.slice(-4), t]);
      setTimeout(() => setToasts((list) => list.filter((x) => x.id !== t.id)), t.kind === 'err' ? 8000 : 4000);
    };
    listeners.add(add);
    return () => listeners.delete(add);
  }, []);
  return h('div', { class: 'toasts', role: 'status', 'aria-live': 'polite' },
    toasts.map((t) => h('div', { key: t.id, class: `toast ${t.kind}`, 'data-kind': t.kind }, t.text)));
}
