// useState persisted in sessionStorage, so a page keeps its controls across navigation.
import { useState } from 'preact/hooks';

export function useStoredState(key, initial) {
  const [value, setValue] = useState(() => {
    const raw = sessionStorage.getItem(key);
    if (raw === null) return initial;
    try { return JSON.parse(raw); } catch { return initial; }
  });
  const set = (next) => {
    sessionStorage.setItem(key, JSON.stringify(next));
    setValue(next);
  };
  return [value, set];
}
