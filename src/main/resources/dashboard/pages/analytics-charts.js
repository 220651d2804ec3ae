// Analytics time-series cards: traffic (metric select), performance indicators, cumulative growth.
import { h } from 'preact';
import { useState } from 'preact/hooks';
import { Card, Empty, Select } from '../ui.js';
import { ChartView, axis, color, fill } from '../charts.js';
import * as f from '../format.js';
import { METRICS, seriesData } from './series.js';

const TRAFFIC = ['requests', 'tokens', 'costUsd', 'avgResponseTime', 'avgTokensPerSecond'];

const lineOptions = (metric, legend) => ({
  plugins: {
    legend: { display: legend },
    tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${METRICS[metric].fmt(ctx.parsed.y)}` } },
  },
  scales: { x: axis('Time'), y: axis(METRICS[metric].unit, { beginAtZero: true }) },
});

export function TrafficCard({ data, range, perModel, onPerModel, cumulative }) {
  const [metric, setMetric] = useState('requests');
  const points = data.timeSeries || [];
  return h(Card, {
    title: 'Traffic Analytics', sub: cumulative ? 'Running totals over the window' : 'Per time bucket',
    actions: h('div', { class: 'row' },
      h(Select, { value: metric, onChange: setMetric, options: TRAFFIC.map((k) => [k, METRICS[k].label]), 'aria-label': 'Traffic metric', id: 'traffic-metric' }),
      cumulative ? null : h('label', { class: 'switch' },
        h('input', { type: 'checkbox', role: 'switch', checked: perModel, id: 'per-model', onChange: (e) => onPerModel(e.currentTarget.checked) }), 'Per Model')),
  }, points.length
    ? h(ChartView, { type: 'line', tall: true, label: 'Traffic', data: seriesData(points, [metric], range), options: lineOptions(metric, perModel) })
    : h(Empty, null, 'No requests in this window'));
}

export function PerformanceCard({ data, range, perModel }) {
  const [metric, setMetric] = useState('errorRate');
  const points = data.timeSeries || [];
  const keys = perModel ? [metric] : ['errorRate', 'cacheHitRate'];
  return h(Card, {
    title: 'Performance Indicators', sub: 'Error rate and cache hit rate',
    actions: perModel ? h(Select, { value: metric, onChange: setMetric, options: [['errorRate', 'Error Rate'], ['cacheHitRate', 'Cache Hit']], 'aria-label': 'Indicator' }) : null,
  }, points.length
    ? h(ChartView, {
      type: 'line', label: 'Performance indicators', data: seriesData(points, keys, range, false),
      options: {
        plugins: { legend: { display: true }, tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${f.pct(ctx.parsed.y, 1)}` } } },
        scales: { x: axis('Time'), y: axis('Percent (%)', { min: 0, suggestedMax: 100 }) },
      },
    })
    : h(Empty, null, 'No requests in this window'));
}

export function CumulativeGrowthCard({ data, range }) {
  const points = [...(data.timeSeries || [])].sort((a, b) => a.ts - b.ts);
  if (!points.length) return h(Card, { title: 'Cumulative Growth Analysis' }, h(Empty, null, 'No requests in this window'));
  return h(Card, { title: 'Cumulative Growth Analysis', sub: 'Total tokens and total cost over the window' },
    h(ChartView, {
      type: 'line', tall: true, label: 'Cumulative growth',
      data: {
        labels: points.map((p) => f.bucketLabel(p.ts, range)),
        datasets: [
          { label: 'Tokens', data: points.map((p) => p.tokens), borderColor: color(1), backgroundColor: fill(1), fill: true, yAxisID: 'y', pointRadius: 1 },
          { label: 'Cost', data: points.map((p) => p.costUsd), borderColor: color(0), backgroundColor: fill(0), fill: true, yAxisID: 'y1', pointRadius: 1 },
        ],
      },
      options: {
        plugins: {
          legend: { display: true },
          tooltip: { callbacks: { label: (ctx) => (ctx.dataset.yAxisID === 'y1' ? `Cost: ${f.cost(ctx.parsed.y)}` : `Tokens: ${f.int(ctx.parsed.y)}`) } },
        },
        scales: { x: axis('Time'), y: axis('Tokens', { beginAtZero: true }), y1: axis('Cost (USD)', { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false } }) },
      },
    }));
}
