// One request in the list: a summary line that expands into the token usage panel.
import { h } from 'preact';
import { Badge, statusClass } from '../ui.js';
import * as f from '../format.js';
import { TokenUsage } from './token-usage.js';

export function accountLabel(row, names) {
  const used = row.accountUsed;
  if (!used) return null;
  if (names.has(used)) return names.get(used);
  return /^[0-9a-f-]{36}$/i.test(used) ? `${used.slice(0, 8)}…` : used;
}

export function RequestRow({ row, names, expanded, onToggle, onDetails, onCopy }) {
  const pending = row.pending;
  const account = accountLabel(row, names);
  const limited = row.statusCode === 429;
  return h('div', { class: `item${pending ? ' pending' : ''}`, 'data-request-id': row.id },
    h('div', { class: 'req-row', onClick: onToggle, role: 'button', 'aria-expanded': String(expanded) },
      h('span', { class: 'muted' }, expanded ? '▾' : '▸'),
      h('div', { class: 'grow' },
        h('span', { class: 'muted mono' }, f.time(row.timestamp)),
        h('b', { class: 'mono' }, row.method),
        h('span', { class: 'path' }, row.path),
        h('b', { class: statusClass(row.statusCode) }, row.statusCode || 'ERR'),
        row.model ? h(Badge, null, row.model) : null,
        row.agentUsed ? h(Badge, null, `Agent: ${row.agentUsed}`) : null,
        row.appliedModel && row.appliedModel !== row.originalModel ? h(Badge, { kind: 'warn', 'data-model-rewrite': '' }, `${row.originalModel} → ${row.appliedModel}`) : null,
        h(Badge, null, pending ? '-- tokens' : `${f.int(row.totalTokens || 0)} tokens`),
        row.costUsd ? h(Badge, null, f.cost(row.costUsd)) : null,
        row.tokensPerSecond ? h(Badge, null, f.speed(row.tokensPerSecond)) : null,
        account ? h('span', { class: 'muted' }, `via ${account}`) : null,
        limited ? h(Badge, { kind: 'warn' }, 'Rate Limited') : null,
        row.errorMessage ? h('span', { class: 's5' }, row.errorMessage) : null),
      h('div', { class: 'right' },
        h('span', null, pending ? '--' : f.duration(row.responseTimeMs)),
        row.failoverAttempts ? h('span', null, `Retry ${row.failoverAttempts}`) : null,
        h('span', { class: 'mono' }, `ID: ${row.id.slice(0, 8)}…`),
        h('button', { class: 'btn small', type: 'button', title: 'View details', onClick: (e) => { e.stopPropagation(); onDetails(); } }, 'Details'),
        h('button', { class: 'btn small', type: 'button', title: 'Copy as JSON', onClick: (e) => { e.stopPropagation(); onCopy(); } }, 'Copy'))),
    expanded ? h('div', { style: 'padding:8px 0 0 22px' },
      h(TokenUsage, { row }),
      h('button', { class: 'btn small', type: 'button', style: 'margin-top:8px', onClick: onDetails }, 'View More Details')) : null);
}
