// Analytics: range, filters (accounts, models, status), normal/cumulative, per-model breakdown.
import { h } from 'preact';
import { KeyUsageCard } from './key-usage.js';
import { useRef, useState } from 'preact/hooks';
import { get, query } from '../api.js';
import { useQuery } from '../query.js';
import { useStoredState } from '../stored.js';
import { Badge, Empty, ErrorCard, PageHead, Select } from '../ui.js';
import { RANGES } from './overview.js';
import { CumulativeGrowthCard, PerformanceCard, TrafficCard } from './analytics-charts.js';
import { TokenBreakdownCard, TokenRibbonCard } from './token-breakdown.js';
import { ModelComparisonCard, TokenSpeedCard } from './model-charts.js';

function Checklist({ title, options, selected, onChange, name }) {
  const toggle = (v) => onChange(selected.includes(v) ? selected.filter((x) => x !== v) : [...selected, v]);
  return h('div', null, h('div', { class: 'muted', style: 'font-size:12px' }, title),
    options.length ? h('div', { class: 'checklist' }, options.map((o) => h('label', { key: o },
      h('input', { type: 'checkbox', checked: selected.includes(o), name, value: o, onChange: () => toggle(o) }), ` ${o}`)))
      : h('div', { class: 'muted' }, 'none yet'));
}

function Filters({ filters, setFilters, accounts, models }) {
  const set = (k) => (v) => setFilters({ ...filters, [k]: v });
  return h('div', { class: 'filters', id: 'analytics-filters' },
    h('label', { class: 'field' }, 'Status', h(Select, { value: filters.status, onChange: set('status'), id: 'filter-status', options: [['all', 'All Requests'], ['success', 'Success Only'], ['error', 'Errors Only']] })),
    h(Checklist, { title: 'Accounts', options: accounts, selected: filters.accounts, onChange: set('accounts'), name: 'filter-account' }),
    h(Checklist, { title: 'Models', options: models, selected: filters.models, onChange: set('models'), name: 'filter-model' }),
    h('div', null, h('button', { class: 'btn', type: 'button', onClick: () => setFilters({ status: 'all', accounts: [], models: [] }) }, 'Clear filters')));
}

function remember(ref, names) {
  names.forEach((n) => ref.current.add(n));
  return [...ref.current].sort();
}

export function AnalyticsPage() {
  const [range, setRange] = useStoredState('analytics.range', '1h');
  const [mode, setMode] = useStoredState('analytics.mode', 'normal');
  const [perModel, setPerModel] = useState(false);
  const [filters, setFilters] = useState({ status: 'all', accounts: [], models: [] });
  const [showFilters, setShowFilters] = useState(false);
  const seenAccounts = useRef(new Set());
  const seenModels = useRef(new Set());
  const breakdown = perModel && mode === 'normal';
  const analytics = useQuery(() => get(`/api/analytics${query({
    range, mode, status: filters.status === 'all' ? undefined : filters.status,
    accounts: filters.accounts, models: filters.models, modelBreakdown: breakdown ? 'true' : undefined,
  })}`), [range, mode, breakdown, JSON.stringify(filters)], 60000);
  const data = analytics.data;
  const active = (filters.status !== 'all' ? 1 : 0) + filters.accounts.length + filters.models.length;
  const accounts = remember(seenAccounts, data ? (data.accountPerformance || []).map((a) => a.name) : []);
  const models = remember(seenModels, data ? (data.modelDistribution || []).map((m) => m.model) : []);
  const setView = (next) => { setMode(next); if (next === 'cumulative') setPerModel(false); };
  return h('div', { 'data-page': 'analytics' },
    h(PageHead, { title: 'Analytics', subtitle: 'Traffic, latency, tokens and cost over time' },
      h(Select, { value: range, onChange: setRange, options: RANGES, 'aria-label': 'Time range', id: 'analytics-range' }),
      h('button', { class: 'btn', type: 'button', id: 'filters-toggle', 'aria-expanded': String(showFilters), onClick: () => setShowFilters(!showFilters) },
        'Filters', active ? h(Badge, { kind: 'accent', style: 'margin-left:6px' }, active) : null),
      h('div', { class: 'seg', role: 'group', 'aria-label': 'View' }, ['normal', 'cumulative'].map((m) =>
        h('button', { key: m, type: 'button', 'aria-pressed': String(mode === m), onClick: () => setView(m) }, m === 'normal' ? 'Normal' : 'Cumulative'))),
      h('button', { class: 'btn', type: 'button', onClick: analytics.reload }, 'Refresh')),
    showFilters ? h(Filters, { filters, setFilters, accounts, models }) : null,
    h(ErrorCard, { error: analytics.error }),
    !data ? h(Empty, null, analytics.loading ? 'Loading…' : 'No data') : h('div', { class: 'grid', 'data-total-requests': data.totals.requests },
      mode === 'cumulative' ? h(CumulativeGrowthCard, { data, range }) : null,
      mode === 'cumulative' ? h(TokenRibbonCard, { data }) : null,
      h(TrafficCard, { data, range, perModel: breakdown, onPerModel: setPerModel, cumulative: mode === 'cumulative' }),
      mode === 'normal' ? h('div', { class: 'grid two' }, h(PerformanceCard, { data, range, perModel: breakdown }), h(TokenBreakdownCard, { data })) : null,
      mode === 'normal' ? h(ModelComparisonCard, { data }) : null,
      mode === 'normal' ? h(KeyUsageCard, { rows: data.byApiKey, sub: 'Requests, tokens and cost by API key' }) : null,
      mode === 'normal' ? h(TokenSpeedCard, { data, range }) : null));
}
