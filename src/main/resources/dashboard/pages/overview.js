// Overview: KPIs, volume and success charts, model mix, account performance, status, limits, strategy, retention,
// instances.
import { h } from 'preact';
import { KeyUsageCard } from './key-usage.js';
import { useEffect } from 'preact/hooks';
import { get, query } from '../api.js';
import { useQuery } from '../query.js';
import { Card, Empty, ErrorCard, PageHead, Select } from '../ui.js';
import { ChartView, axis, color, fill, pointRadius, tooltip } from '../charts.js';
import * as f from '../format.js';
import { KpiCards } from './kpis.js';
import { RateLimitCard, StatusCard, StrategyCard } from './overview-cards.js';
import { RetentionCard } from './retention.js';
import { InstancesCard } from './instances.js';
import { StorageCard } from './storage.js';
import { useStoredState } from '../stored.js';

export const RANGES = [['1h', 'Last hour'], ['6h', 'Last 6 hours'], ['24h', 'Last 24 hours'], ['7d', 'Last 7 days'], ['30d', 'Last 30 days']];

function VolumeChart({ series, range }) {
  return h(ChartView, {
    type: 'line', label: 'Request volume',
    data: {
      labels: series.map((p) => f.bucketLabel(p.ts, range)),
      datasets: [{ label: 'Requests', data: series.map((p) => p.requests), borderColor: color(0), backgroundColor: fill(0), fill: true, cubicInterpolationMode: 'monotone', pointRadius: pointRadius(series.length) }],
    },
    options: { scales: { x: axis('Time'), y: axis('Requests', { beginAtZero: true }) }, plugins: { tooltip: tooltip(f.int) } },
  });
}

function SuccessChart({ series, range }) {
  return h(ChartView, {
    type: 'line', label: 'Success rate',
    data: {
      labels: series.map((p) => f.bucketLabel(p.ts, range)),
      datasets: [{ label: 'Success rate', data: series.map((p) => p.successRate), borderColor: color(2), pointRadius: pointRadius(series.length), cubicInterpolationMode: 'monotone' }],
    },
    options: { scales: { x: axis('Time'), y: axis('Success (%)', { suggestedMin: 80, max: 100 }) }, plugins: { tooltip: tooltip((v) => f.pct(v, 1)) } },
  });
}

function ModelMix({ models }) {
  if (!models.length) return h(Empty, null, 'No model data yet');
  return h('div', { class: 'row', style: 'align-items:flex-start' },
    h('div', { style: 'flex:1;min-width:180px' }, h(ChartView, {
      type: 'doughnut', label: 'Model usage',
      data: { labels: models.map((m) => m.model), datasets: [{ label: 'Requests', data: models.map((m) => m.count), backgroundColor: models.map((_, i) => color(i)) }] },
      options: { interaction: { mode: 'nearest', intersect: true }, plugins: { tooltip: tooltip(f.int) } },
    })),
    h('div', { class: 'legend', style: 'flex:1;min-width:160px' }, models.map((m, i) => h('div', { key: m.model },
      h('span', { class: 'dot', style: `background:${color(i)}` }), `${m.model} — ${f.int(m.count)}`))));
}

function AccountChart({ accounts }) {
  if (!accounts.length) return h(Empty, null, 'No account data yet');
  return h(ChartView, {
    type: 'bar', label: 'Account performance',
    data: {
      labels: accounts.map((a) => a.name),
      datasets: [
        { label: 'Requests', data: accounts.map((a) => a.requests), backgroundColor: color(1), yAxisID: 'y' },
        { label: 'Success %', data: accounts.map((a) => a.successRate), backgroundColor: color(2), yAxisID: 'y1' },
      ],
    },
    options: {
      plugins: { legend: { display: true } },
      scales: { x: axis('Account'), y: axis('Requests', { beginAtZero: true }), y1: axis('Success (%)', { position: 'right', min: 0, max: 100, grid: { drawOnChartArea: false } }) },
    },
  });
}

export function OverviewPage() {
  const [range, setRange] = useStoredState('overview.range', '24h');
  const analytics = useQuery(() => get(`/api/analytics${query({ range })}`), [range], 60000);
  const stats = useQuery(() => get('/api/stats'), [], 30000);
  const accounts = useQuery(() => get('/api/accounts'), [], 60000);
  const data = analytics.data;
  useEffect(() => { if (data && !performance.getEntriesByName('overview-data').length) performance.mark('overview-data'); }, [data]);
  const series = data ? [...data.timeSeries].sort((a, b) => a.ts - b.ts) : [];
  return h('div', { 'data-page': 'overview' },
    h(PageHead, { title: 'Dashboard Overview', subtitle: 'Monitor your Claude API usage and account performance' },
      h(Select, { value: range, onChange: setRange, options: RANGES, 'aria-label': 'Time range', id: 'overview-range' })),
    h(ErrorCard, { error: analytics.error }),
    h('div', { class: 'grid' },
      data ? h(KpiCards, { analytics: data }) : h(Empty, null, analytics.loading ? 'Loading…' : 'No analytics data'),
      data ? h('div', { class: 'grid two' },
        h(Card, { title: 'Request Volume', sub: 'Requests per time bucket' }, h(VolumeChart, { series, range })),
        h(Card, { title: 'Success Rate Trend', sub: 'Share of successful requests' }, h(SuccessChart, { series, range }))) : null,
      data ? h('div', { class: 'grid two' },
        h(Card, { title: 'Model Usage', sub: 'Requests by model' }, h(ModelMix, { models: data.modelDistribution || [] })),
        h(Card, { title: 'Account Performance', sub: 'Requests and success rate by account' }, h(AccountChart, { accounts: data.accountPerformance || [] }))) : null,
      data ? h(KeyUsageCard, { rows: data.byApiKey, sub: 'Requests, tokens and cost by API key in this range' }) : null,
      h('div', { class: 'grid two' },
        h(StatusCard, { stats }),
        h(RateLimitCard, { accounts })),
      h('div', { class: 'grid two' },
        h(StrategyCard),
        h(RetentionCard)),
      h('div', { class: 'grid two' },
        h(InstancesCard),
        h(StorageCard))));
}
