// Request History: the live list with client-side filters (account, status, date range) and the detail view.
import { h } from 'preact';
import { useState } from 'preact/hooks';
import { get } from '../api.js';
import { useQuery } from '../query.js';
import { Badge, Card, Empty, ErrorCard, PageHead, Select } from '../ui.js';
import { copy, decodedPayload } from '../payload.js';
import { fail } from '../toast.js';
import { useRequestList } from './request-stream.js';
import { RequestRow, accountLabel } from './request-row.js';
import { RequestDetail } from './request-detail.js';

const PRESETS = [['1h', 'Last hour', 3600e3], ['24h', 'Last 24h', 86400e3], ['7d', 'Last 7 days', 7 * 86400e3], ['30d', 'Last 30 days', 30 * 86400e3]];
const NO_FILTERS = { account: '', agent: '', status: '', from: '', to: '' };

const localInput = (ms) => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60000);
  return d.toISOString().slice(0, 16);
};

function matches(row, filters, names) {
  if (filters.account && accountLabel(row, names) !== filters.account) return false;
  if (filters.agent && row.agentUsed !== filters.agent) return false;
  if (filters.status === 'success' && !row.success) return false;
  if (filters.status === 'error' && row.success) return false;
  if (/^\d+$/.test(filters.status) && String(row.statusCode) !== filters.status) return false;
  const ts = new Date(row.timestamp).getTime();
  if (filters.from && ts < new Date(filters.from).getTime()) return false;
  if (filters.to && ts > new Date(filters.to).getTime()) return false;
  return true;
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

function Chips({ filters, setFilters, shown, total }) {
  const chips = Object.entries(filters).filter(([, v]) => v);
  if (!chips.length) return null;
  return h('div', { class: 'chips' },
    chips.map(([k, v]) => h(Badge, { key: k }, `${k}: ${v} `, h('a', { href: '#', 'aria-label': `Remove ${k} filter`, onClick: (e) => { e.preventDefault(); setFilters({ ...filters, [k]: '' }); } }, '×'))),
    h('span', { class: 'muted', id: 'request-count' }, `${shown} of ${total} requests`),
    h('button', { class: 'btn small', type: 'button', onClick: () => setFilters(NO_FILTERS) }, 'Clear all'));
}

export function RequestsPage() {
  const list = useRequestList();
  const accounts = useQuery(() => get('/api/accounts'), [], 60000);
  const [filters, setFilters] = useState(NO_FILTERS);
  const [showFilters, setShowFilters] = useState(false);
  const [expanded, setExpanded] = useState(() => new Set());
  const [detail, setDetail] = useState(null);
  const names = new Map((accounts.data || []).map((a) => [a.id, a.name]));
  const rows = list.rows.filter((r) => matches(r, filters, names));
  const accountNames = [...new Set(list.rows.map((r) => accountLabel(r, names)).filter(Boolean))].sort();
  const agentNames = [...new Set(list.rows.map((r) => r.agentUsed).filter(Boolean))].sort();
  const codes = [...new Set(list.rows.map((r) => r.statusCode).filter(Boolean))].sort();
  const active = Object.values(filters).some(Boolean);
  const toggle = (id) => setExpanded((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });
  const copyRow = async (row) => {
    try {
      const payload = list.payloads.get(row.id) || await get(`/api/requests/payload/${encodeURIComponent(row.id)}`);
      await copy(JSON.stringify({ id: row.id, ...decodedPayload(payload) }, null, 2), 'Request JSON');
    } catch (e) { fail(e); }
  };
  return h('div', { 'data-page': 'requests' },
    h(PageHead, { title: 'Request History', subtitle: 'Every request through the proxy, live' },
      h(Badge, { kind: list.connected ? 'ok' : 'warn', id: 'live-state' }, list.connected ? 'Live' : 'Polling'),
      h('button', { class: 'btn', type: 'button', id: 'request-filters-toggle', onClick: () => setShowFilters(!showFilters) }, 'Filters', active ? ' •' : ''),
      h('button', { class: 'btn', type: 'button', onClick: list.reload }, 'Refresh')),
    h(Card, { title: 'Request History', sub: 'Detailed request and response data (last 200)' },
      h(ErrorCard, { error: list.error }),
      showFilters ? h(FilterPanel, { filters, setFilters, accounts: accountNames, agents: agentNames, codes }) : null,
      h(Chips, { filters, setFilters, shown: rows.length, total: list.rows.length }),
      rows.length ? h('div', { class: 'list', id: 'request-list' }, rows.map((row) => h(RequestRow, {
        key: row.id, row, names, expanded: expanded.has(row.id), onToggle: () => toggle(row.id),
        onDetails: () => setDetail(row), onCopy: () => copyRow(row),
      }))) : h(Empty, null, list.loaded ? (active ? 'No request matches these filters' : 'No requests yet') : 'Loading…')),
    detail ? h(RequestDetail, { row: detail, cache: list.payloads, onClose: () => setDetail(null) }) : null);
}
