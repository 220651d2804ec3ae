// KPI cards with the last-bucket-vs-previous trend (reference-surface §6.2, §8.5).
import { h } from 'preact';
import * as f from '../format.js';

const COMPARED = { '1m': 'previous minute', '5m': 'previous 5 minutes', '1h': 'previous hour', '1d': 'previous day' };

export function trend(series, key) {
  if (!series || series.length < 2) return null;
  const last = series[series.length - 1][key];
  const prev = series[series.length - 2][key];
  if (typeof last !== 'number' || typeof prev !== 'number' || prev === 0) return null;
  return ((last - prev) / prev) * 100;
}

function Kpi({ label, value, change, inverted, bucket }) {
  let badge = null;
  if (change !== null && Number.isFinite(change)) {
    const good = inverted ? change <= 0 : change >= 0;
    badge = h('span', {
      class: `trend ${good ? 'good' : 'bad'}`,
      title: `Compared to ${COMPARED[bucket] || 'previous bucket'}`,
    }, `${change >= 0 ? '▲' : '▼'} ${Math.abs(change).toFixed(1)}%`);
  }
  return h('div', { class: 'card kpi', 'data-kpi': label },
    h('div', { class: 'label' }, label),
    h('div', { class: 'value kpi-value' }, value),
    badge || h('span', { class: 'trend muted' }, ' '));
}

export function KpiCards({ analytics }) {
  const t = analytics.totals || {};
  const series = [...(analytics.timeSeries || [])].sort((a, b) => a.ts - b.ts);
  const bucket = analytics.meta && analytics.meta.bucket;
  const cards = [
    ['Total Requests', f.int(t.requests), trend(series, 'requests'), false],
    ['Success Rate', f.pct(t.successRate), trend(series, 'successRate'), false],
    ['Avg Response Time', f.duration(t.avgResponseTime), trend(series, 'avgResponseTime'), true],
    ['Total Cost', f.cost(t.totalCostUsd), trend(series, 'costUsd'), true],
    ['Output Speed', f.speed(t.avgTokensPerSecond), trend(series, 'avgTokensPerSecond'), false],
  ];
  return h('div', { class: 'grid kpis' },
    cards.map(([label, value, change, inverted]) => h(Kpi, { key: label, label, value, change, inverted, bucket })));
}
