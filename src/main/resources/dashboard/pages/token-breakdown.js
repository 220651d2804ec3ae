// Token usage breakdown: one bar per token type with its share, and the 100% ribbon for the cumulative view.
import { h } from 'preact';
import { Bar, Card } from '../ui.js';
import { color } from '../charts.js';
import * as f from '../format.js';

const TYPES = [
  ['inputTokens', 'Input'], ['cacheReadInputTokens', 'Cache Read'], ['cacheCreationInputTokens', 'Cache Creation'], ['outputTokens', 'Output'],
];

function parts(data) {
  const b = data.tokenBreakdown || {};
  const total = (data.totals && data.totals.totalTokens) || TYPES.reduce((s, [k]) => s + (b[k] || 0), 0);
  return { total, rows: TYPES.map(([k, label], i) => ({ label, value: b[k] || 0, share: total ? Math.round(((b[k] || 0) / total) * 100) : 0, color: color(i) })) };
}

export function TokenBreakdownCard({ data }) {
  const { total, rows } = parts(data);
  return h(Card, { title: 'Token Usage Breakdown', sub: 'Tokens by type in the window' },
    h('div', { class: 'form' }, rows.map((r) => h('div', { key: r.label },
      h('div', { class: 'row', style: 'justify-content:space-between' }, h('span', null, r.label), h('span', { class: 'muted' }, `${f.int(r.value)} tokens · ${r.share}%`)),
      h(Bar, { value: r.share, kind: 'accent' }))),
    h('div', { class: 'row', style: 'justify-content:space-between' }, h('b', null, 'Total'), h('b', { 'data-total-tokens': '' }, `${f.int(total)} tokens`))));
}

export function TokenRibbonCard({ data }) {
  const { total, rows } = parts(data);
  return h(Card, { title: 'Cumulative Token Composition', sub: `${f.int(total)} tokens in total` },
    h('div', { style: 'display:flex;height:22px;border-radius:6px;overflow:hidden;background:var(--panel-2)' },
      rows.filter((r) => r.value > 0).map((r) => h('div', { key: r.label, title: `${r.label}: ${f.int(r.value)} (${r.share}%)`, style: `width:${total ? (r.value / total) * 100 : 0}%;background:${r.color}` }))),
    h('div', { class: 'legend row', style: 'margin-top:8px;flex-direction:row;gap:14px' }, rows.map((r) => h('span', { key: r.label },
      h('span', { class: 'dot', style: `background:${r.color}` }), `${r.label} ${r.share}%`))));
}
