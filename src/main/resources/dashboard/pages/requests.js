// Request History: the live list, or, once filtered or paged, the server's answer over the whole log
// (/api/requests/page: account, agent, status, date range, 50 a page), and the detail view.
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { get, query } from '../api.js';
import { useQuery } from '../query.js';
import { Badge, Card, Empty, ErrorCard, PageHead, Select } from '../ui.js';
import { copy, decodedPayload } from '../payload.js';
import { fail } from '../toast.js';
import { useRequestList } from './request-stream.js';
import { RequestRow } from './request-row.js';
import { RequestDetail } from './request-detail.js';

const PRESETS = [['1h', 'Last hour', 3600e3], ['24h', 'Last 24h', 86400e3], ['7d', 'Last 7 days', 7 * 86400e3], ['30d', 'Last 30 days', 30 * 86400e3]];
const NO_FILTERS = { account: '', agent: '', status: '', from: '', to: '' };
const PAGE = 50;
const CODES = [200, 400, 401, 403, 404, 413, 429, 500, 502, 503, 529];

const localInput = (ms) => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60000);
  return d.toISOString().slice(0, 16);
};

function pageQuery(filters, page) {
  const ms = (local) => (local ? String(new Date(local).getTime()) : '');
  return `/api/requests/page${query({
    limit: PAGE, offset: page * PAGE, account: filters.account, agent: filters.agent, status: filters.status,
    from: ms(filters.from), to: ms(filters.to),
  })}`;
}

function LiveState({ connected, retryAt }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (connected || !retryAt) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [connected, retryAt]);
  if (connected) return h(Badge, { kind: 'ok', id: 'live-state', 'data-state': 'live' }, 'Live');
  const seconds = retryAt ? Math.max(0, Math.ceil((retryAt - now) / 1000)) : null;
  return h(Badge, { kind: 'warn', id: 'live-state', 'data-state': 'disconnected', role: 'status' },
    seconds === null ? 'Disconnected' : `Disconnected, retrying in ${seconds} s`);
}

function Pager({ page, setPage, total, shown }) {
  const first = total === 0 ? 0 : page * PAGE + 1;
  return h('div', { class: 'row', style: 'align-items:center' },
    h('span', { class: 'muted', id: 'request-count' }, `${first}–${page * PAGE + shown} of ${total} requests`),
    h('button', { class: 'btn small', type: 'button', id: 'page-prev', disabled: page === 0, onClick: () => setPage(page - 1) }, '‹ Newer'),
    h('button', { class: 'btn small', type: 'button', id: 'page-next', disabled: (page + 1) * PAGE >= total, onClick: () => setPage(page + 1) }, 'Older ›'));
}

function FilterPanel({ filters, setFilters, accounts, agents, codes }) {
  const set = (k) => (v) => setFilters({ ...filters, [k]: v });
  return h('div', { class: 'filters', id: 'request-filters' },
    h('div', null, h('div', { class: 'muted', style: 'font-size:12px' }, 'Time range'),
      h('div', { class: 'row' }, PRESETS.map(([id, label, ms]) => h('button', {
        key: id, class: 'btn small', type: 'button', 'data-preset': id, onClick: () => setFilters({ ...filters, from: localInput(Date.now() - ms), to: '' }),
      }, label)))),
    h('label', { class: 'field' }, 'From', h('input', { type: 'datetime-local', value: filters.from, id: 'filter-from', onInput: (e) => set('from')(e.currentTarget.value) })),
    h('label', { class: 'field' }, 'To', h('input', { type: 'datetime-local', value: filters.to, id: 'filter-to', onInput: (e) => set('to')(e.currentTarget.value) })),
    h('label', { class: 'field' }, 'Account', h(Select, { value: filters.account, onChange: set('account'), id: 'filter-account', options: [['', 'All accounts'], ...accounts.map((a) => [a, a])] })),
    h('label', { class: 'field' }, 'Agent', h(Select, { value: filters.agent, onChange: set('agent'), id: 'filter-agent', options: [['', 'All agents'], ...agents.map((a) => [a, a])] })),
    h('label', { class: 'field' }, 'Status', h(Select, {
      value: filters.status, onChange: set('status'), id: 'filter-status',
      options: [['', 'All statuses'], ['success', 'Success'], ['error', 'Errors'], ...codes.map((c) => [String(c), `HTTP ${c}`])],
    })));
}

function Chips({ filters, setFilters }) {
  const chips = Object.entries(filters).filter(([, v]) => v);
  if (!chips.length) return null;
  return h('div', { class: 'chips' },
    chips.map(([k, v]) => h(Badge, { key: k }, `${k}: ${v} `, h('a', { href: '#', 'aria-label': `Remove ${k} filter`, onClick: (e) => { e.preventDefault(); setFilters({ ...filters, [k]: '' }); } }, '×'))),
    h('button', { class: 'btn small', type: 'button', onClick: () => setFilters(NO_FILTERS) }, 'Clear all'));
}

export function RequestsPage() {
  const list = useRequestList();
  const accounts = useQuery(() => get('/api/accounts'), [], 60000);
  const agents = useQuery(() => get('/api/agents'), [], 60000);
  const [filters, setFiltersState] = useState(NO_FILTERS);
  const [page, setPage] = useState(0);
  const setFilters = (next) => { setFiltersState(next); setPage(0); };
  const [showFilters, setShowFilters] = useState(false);
  const [expanded, setExpanded] = useState(() => new Set());
  const [detail, setDetail] = useState(null);
  const names = new Map((accounts.data || []).map((a) => [a.id, a.name]));
  const active = Object.values(filters).some(Boolean);
  const server = useQuery(() => get(pageQuery(filters, page)), [JSON.stringify(filters), page], 30000);
  const useLive = !active && page === 0;
  const rows = useLive ? list.rows.slice(0, PAGE) : (server.data ? server.data.rows : []);
  const total = server.data ? Math.max(server.data.total, useLive ? rows.length : 0) : rows.length;
  const accountNames = (accounts.data || []).map((a) => a.name).sort();
  // Known agents plus any attributed by header only (issue 14).
  const agentNames = [...new Set([...(agents.data ? agents.data.agents : []).map((a) => a.id),
    ...list.rows.map((r) => r.agentUsed).filter(Boolean)])].sort();
  const toggle = (id) => setExpanded((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });
  const copyRow = async (row) => {
    try {
      const payload = list.payloads.get(row.id) || await get(`/api/requests/payload/${encodeURIComponent(row.id)}`);
      await copy(JSON.stringify({ id: row.id, ...decodedPayload(payload) }, null, 2), 'Request JSON');
    } catch (e) { fail(e); }
  };
  return h('div', { 'data-page': 'requests' },
    h(PageHead, { title: 'Request History', subtitle: 'Every request through the proxy, live' },
      h(LiveState, { connected: list.connected, retryAt: list.retryAt }),
      h('button', { class: 'btn', type: 'button', id: 'request-filters-toggle', onClick: () => setShowFilters(!showFilters) }, 'Filters', active ? ' •' : ''),
      h('button', { class: 'btn', type: 'button', onClick: list.reload }, 'Refresh')),
    h(Card, { title: 'Request History', sub: 'Every request in the log, newest first; filters and pages are applied by the server' },
      h(ErrorCard, { error: list.error || server.error }),
      showFilters ? h(FilterPanel, { filters, setFilters, accounts: accountNames, agents: agentNames, codes: CODES }) : null,
      h(Chips, { filters, setFilters }),
      h(Pager, { page, setPage, total, shown: rows.length }),
      rows.length ? h('div', { class: 'list', id: 'request-list' }, rows.map((row) => h(RequestRow, {
        key: row.id, row, names, expanded: expanded.has(row.id), onToggle: () => toggle(row.id),
        onDetails: () => setDetail(row), onCopy: () => copyRow(row),
      }))) : h(Empty, null, list.loaded ? (active ? 'No request matches these filters' : 'No requests yet') : 'Loading…')),
    h('div', { hidden: true, id: 'live-size', 'data-live-size': String(list.liveSize) }),
    detail ? h(RequestDetail, { row: detail, cache: list.payloads, onClose: () => setDetail(null) }) : null);
}
