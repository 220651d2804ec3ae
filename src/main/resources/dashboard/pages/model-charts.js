// Model comparison (speed vs cost, performance, efficiency, detailed) and the token speed section.
import { h } from 'preact';
import { useState } from 'preact/hooks';
import { Card, Empty, Select } from '../ui.js';
import { ChartView, axis, color } from '../charts.js';
import * as f from '../format.js';
import { seriesData } from './series.js';

/** modelPerformance joined with costByModel, with cost per 1K tokens and efficiency (§8.5). */
export function modelRows(data) {
  const costs = new Map((data.costByModel || []).map((c) => [c.model, c]));
  return (data.modelPerformance || []).map((m) => {
    const c = costs.get(m.model);
    const per1k = c ? (c.totalTokens ? (c.costUsd / c.totalTokens) * 1000 : c.costUsd / Math.max(1, c.requests)) : 0;
    return { ...m, costPer1k: per1k, efficiency: per1k > 0 ? (m.avgTokensPerSecond || 0) / per1k : 0 };
  });
}

const VIEWS = [['speed-cost', 'Speed vs Cost'], ['performance', 'Performance Metrics'], ['efficiency', 'Efficiency Score']];

function comparison(view, rows) {
  const labels = rows.map((r) => r.model);
  if (view === 'speed-cost') {
    return {
      data: { labels, datasets: [
        { type: 'bar', label: 'Avg speed (tok/s)', data: rows.map((r) => r.avgTokensPerSecond || 0), backgroundColor: color(1), yAxisID: 'y' },
        { type: 'line', label: 'Cost per 1K tokens ($)', data: rows.map((r) => r.costPer1k), borderColor: color(0), yAxisID: 'y1' },
      ] },
      options: { plugins: { legend: { display: true } }, scales: { x: axis('Model'), y: axis('tok/s', { beginAtZero: true }), y1: axis('USD per 1K tokens', { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false } }) } },
    };
  }
  if (view === 'performance') {
    return {
      data: { labels, datasets: [
        { type: 'bar', label: 'Avg response (ms)', data: rows.map((r) => r.avgResponseTime), backgroundColor: color(2), yAxisID: 'y' },
        { type: 'line', label: 'Error rate (%)', data: rows.map((r) => r.errorRate), borderColor: color(4), showLine: false, pointRadius: 5, yAxisID: 'y1' },
      ] },
      options: { plugins: { legend: { display: true } }, scales: { x: axis('Model'), y: axis('Response time (ms)', { beginAtZero: true }), y1: axis('Error rate (%)', { position: 'right', min: 0, suggestedMax: 100, grid: { drawOnChartArea: false } }) } },
    };
  }
  return {
    data: { labels, datasets: [{ type: 'bar', label: 'Efficiency (tok/s per $/1K)', data: rows.map((r) => r.efficiency), backgroundColor: color(3) }] },
    options: { scales: { x: axis('Model'), y: axis('tok/s ÷ $ per 1K tokens', { beginAtZero: true }) } },
  };
}

function Highlight({ title, row, detail }) {
  return h('div', { class: 'card', style: 'padding:10px' },
    h('div', { class: 'muted' }, title), row ? h('b', null, row.model) : h('span', { class: 'muted' }, '–'), row ? h('div', { class: 'muted' }, detail(row)) : null);
}

export function ModelComparisonCard({ data }) {
  const [tab, setTab] = useState('multi');
  const [view, setView] = useState('speed-cost');
  const rows = modelRows(data);
  if (!rows.length) return h(Card, { title: 'Model Performance Analytics' }, h(Empty, null, 'No model data in this window'));
  const best = (score) => rows.reduce((a, b) => (score(b) > score(a) ? b : a));
  const priced = rows.filter((r) => r.costPer1k > 0);
  const chart = comparison(view, rows);
  return h(Card, { title: 'Model Performance Analytics', sub: 'Compare models by speed, latency, errors and cost' },
    h('div', { class: 'tabs', role: 'tablist' },
      [['multi', 'Multi-Metric Comparison'], ['detail', 'Detailed Analysis']].map(([id, label]) =>
        h('button', { key: id, role: 'tab', type: 'button', 'aria-selected': String(tab === id), onClick: () => setTab(id) }, label))),
    tab === 'multi'
      ? h('div', null, h(Select, { value: view, onChange: setView, options: VIEWS, 'aria-label': 'Comparison' }),
        h(ChartView, { type: 'bar', tall: true, label: 'Model comparison', data: chart.data, options: chart.options }))
      : h('div', null,
        h(ChartView, {
          type: 'bar', label: 'Tokens per second by model',
          data: { labels: rows.map((r) => r.model), datasets: [
            { label: 'Avg', data: rows.map((r) => r.avgTokensPerSecond || 0), backgroundColor: color(1) },
            { label: 'Min', data: rows.map((r) => r.minTokensPerSecond || 0), backgroundColor: color(6) },
            { label: 'Max', data: rows.map((r) => r.maxTokensPerSecond || 0), backgroundColor: color(0) },
          ] },
          options: { plugins: { legend: { display: true } }, scales: { x: axis('Model'), y: axis('tok/s', { beginAtZero: true }) } },
        }),
        h('div', { class: 'grid kpis', style: 'margin-top:12px' },
          h(Highlight, { title: 'Fastest Model', row: best((r) => r.avgTokensPerSecond || 0), detail: (r) => `${f.speed(r.avgTokensPerSecond)} · ${f.duration(r.avgResponseTime)} avg` }),
          h(Highlight, { title: 'Most Reliable Model', row: best((r) => -r.errorRate), detail: (r) => `${f.pct(r.errorRate, 1)} errors · p95 ${f.duration(r.p95ResponseTime)}` }),
          h(Highlight, { title: 'Most Cost-Effective', row: priced.length ? priced.reduce((a, b) => (b.costPer1k < a.costPer1k ? b : a)) : null, detail: (r) => `${f.cost(r.costPer1k)} per 1K tokens` }))));
}

export function TokenSpeedCard({ data, range }) {
  const rows = modelRows(data);
  const speeds = (data.timeSeries || []).map((p) => p.avgTokensPerSecond).filter((v) => v > 0);
  const avg = speeds.length ? speeds.reduce((a, b) => a + b, 0) / speeds.length : null;
  const peakRow = rows.length ? rows.reduce((a, b) => ((b.maxTokensPerSecond || 0) > (a.maxTokensPerSecond || 0) ? b : a)) : null;
  return h(Card, { title: 'Token Speed', sub: 'Output tokens per second' },
    h('div', { class: 'grid kpis' },
      h(Highlight, { title: 'Average Output Speed', row: { model: f.speed(avg) }, detail: () => 'mean of the buckets' }),
      h(Highlight, { title: 'Peak Speed', row: peakRow && { model: f.speed(peakRow.maxTokensPerSecond) }, detail: () => (peakRow ? peakRow.model : '') }),
      h(Highlight, { title: 'Fastest Model', row: peakRow, detail: (r) => f.speed(r.maxTokensPerSecond) })),
    speeds.length ? h(ChartView, {
      type: 'line', label: 'Output speed over time', data: seriesData(data.timeSeries, ['avgTokensPerSecond'], range),
      options: { plugins: { legend: { display: false }, tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${f.speed(ctx.parsed.y)}` } } }, scales: { x: axis('Time'), y: axis('tok/s', { beginAtZero: true }) } },
    }) : h(Empty, null, 'No speed data in this window'));
}
