// System Logs: history, then the live tail; pause/resume, clear, auto-scroll.
import { h } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { get } from '../api.js';
import { openStream } from '../sse.js';
import { Badge, Card, ErrorCard, PageHead } from '../ui.js';
import * as f from '../format.js';

const MAX_LINES = 1000;

export function LogsPage() {
  const [lines, setLines] = useState([]);
  const [error, setError] = useState(null);
  const [paused, setPaused] = useState(false);
  const [connected, setConnected] = useState(false);
  const [autoScroll, setAutoScroll] = useState(true);
  const box = useRef(null);
  const add = (entries) => setLines((old) => [...old, ...entries].slice(-MAX_LINES));

  useEffect(() => {
    get('/api/logs/history').then((history) => add(history || [])).catch(setError);
  }, []);
  useEffect(() => {
    if (paused) return undefined;
    return openStream('/api/logs/stream', (e) => { if (e && e.msg !== undefined) add([e]); }, setConnected);
  }, [paused]);
  useLayoutEffect(() => {
    if (autoScroll && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [lines, autoScroll]);

  return h('div', { 'data-page': 'logs' },
    h(PageHead, { title: 'System Logs', subtitle: 'Server log history and live tail' }),
    h(Card, {
      title: 'Live Logs', sub: `${f.int(lines.length)} lines (last ${f.int(MAX_LINES)} kept)`,
      actions: h('div', { class: 'row' },
        h(Badge, { kind: connected ? 'ok' : 'warn', id: 'log-state' }, paused ? 'Paused' : connected ? 'Live' : 'Connecting'),
        h('button', { class: 'btn', type: 'button', id: 'log-pause', onClick: () => setPaused(!paused) }, paused ? 'Resume' : 'Pause'),
        h('button', { class: 'btn', type: 'button', id: 'log-clear', onClick: () => setLines([]) }, 'Clear'),
        h('label', { class: 'switch' }, h('input', { type: 'checkbox', checked: autoScroll, onChange: (e) => setAutoScroll(e.currentTarget.checked) }), 'Auto-scroll to bottom')),
    },
    h(ErrorCard, { error }),
    h('div', { class: 'logs', ref: box, id: 'log-lines' }, lines.length
      ? lines.map((l, i) => h('div', { key: i, class: 'line' },
        h('span', { class: 'muted' }, f.time(l.ts)), '  ', h('span', { class: `lvl-${l.level}` }, `[${l.level}]`), '  ', l.msg))
      : h('div', { class: 'muted' }, 'No log lines yet'))));
}
