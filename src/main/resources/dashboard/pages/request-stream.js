// The live request list: /api/requests polled (10 s while the stream is down, 30 s while it is up) merged
// with /api/requests/stream events (start → pending row, summary → filled row, payload → cached payload).
// The live map is bounded: at most LIMIT rows, and a pending row whose summary never came leaves after
// PENDING_MS, so a dashboard left open for days does not grow.
import { useEffect, useRef, useState } from 'preact/hooks';
import { get } from '../api.js';
import { openStream } from '../sse.js';

const LIMIT = 200;
const PENDING_MS = 10 * 60000;

function bounded(map) {
  const now = Date.now();
  const rows = [...map.values()]
    .filter((r) => !r.pending || now - new Date(r.timestamp).getTime() < PENDING_MS)
    .sort((a, b) => new Date(b.timestamp) - new Date(a.timestamp))
    .slice(0, LIMIT);
  return rows.length === map.size ? map : new Map(rows.map((r) => [r.id, r]));
}

function merge(polled, live) {
  const byId = new Map();
  for (const r of live.values()) byId.set(r.id, r);
  for (const r of polled) byId.set(r.id, r);
  return [...byId.values()]
    .sort((a, b) => new Date(b.timestamp) - new Date(a.timestamp))
    .slice(0, LIMIT);
}

export function useRequestList() {
  const [polled, setPolled] = useState([]);
  const [live, setLive] = useState(() => new Map());
  const [connected, setConnected] = useState(false);
  const [retryAt, setRetryAt] = useState(null);
  const [error, setError] = useState(null);
  const [loaded, setLoaded] = useState(false);
  const payloads = useRef(new Map());

  const load = async () => {
    try {
      const rows = await get(`/api/requests?limit=${LIMIT}`);
      setPolled(rows);
      setError(null);
      const ids = new Set(rows.map((r) => r.id));
      setLive((m) => bounded(new Map([...m].filter(([id, r]) => !ids.has(id) || r.pending))));
    } catch (e) {
      setError(e);
    } finally {
      setLoaded(true);
    }
  };

  useEffect(() => {
    const onEvent = (event) => {
      if (event.type === 'start') {
        setLive((m) => {
          if (m.has(event.id)) return m;
          const next = new Map(m);
          return bounded(next.set(event.id, {
            id: event.id, timestamp: new Date(event.timestamp).toISOString(), method: event.method, path: event.path,
            accountUsed: event.accountId, statusCode: event.statusCode, agentUsed: event.agentUsed,
            success: event.statusCode < 400, pending: true,
          }));
        });
      } else if (event.type === 'summary' && event.payload) {
        setLive((m) => bounded(new Map(m).set(event.payload.id, { ...event.payload, pending: false })));
      } else if (event.type === 'payload' && event.payload) {
        payloads.current.set(event.payload.id, event.payload);
        if (payloads.current.size > LIMIT) payloads.current.delete(payloads.current.keys().next().value);
      }
    };
    return openStream('/api/requests/stream', onEvent, (open, at) => { setConnected(open); setRetryAt(at); });
  }, []);

  useEffect(() => {
    load();
    const timer = setInterval(() => { if (!document.hidden) load(); }, connected ? 30000 : 10000);
    return () => clearInterval(timer);
  }, [connected]);

  return { rows: merge(polled, live), liveSize: live.size, connected, retryAt, error, loaded, reload: load, payloads: payloads.current };
}
