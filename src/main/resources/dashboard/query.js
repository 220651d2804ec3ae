// useQuery: load data, keep the last good value, refetch on an interval while the tab is visible.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export function useQuery(fetcher, deps, intervalMs) {
  const [state, setState] = useState({ data: undefined, error: null, loading: true });
  const seq = useRef(0);
  const load = useCallback(async () => {
    const mine = ++seq.current;
    try {
      const data = await fetcher();
      if (mine === seq.current) setState({ data, error: null, loading: false });
    } catch (error) {
      if (mine === seq.current) setState((s) => ({ data: s.data, error, loading: false }));
    }
  }, deps);
  useEffect(() => {
    load();
    if (!intervalMs) return undefined;
    const timer = setInterval(() => { if (!document.hidden) load(); }, intervalMs);
    const onVisible = () => { if (!document.hidden) load(); };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [load, intervalMs]);
  return { ...state, reload: load };
}
