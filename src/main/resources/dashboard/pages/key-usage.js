// Usage and cost by API key (byApiKey of /api/stats and /api/analytics); nothing when no key sent requests.
import { h } from 'preact';
import { Card } from '../ui.js';
import * as f from '../format.js';

export function KeyUsageCard({ rows, sub }) {
  if (!rows || !rows.length) return null;
  return h(Card, { title: 'Usage by API Key', sub, id: 'key-usage' },
    h('table', { class: 'plain' },
      h('thead', null, h('tr', null, ['Key', 'Requests', 'Success', 'Tokens', 'Cost'].map((c) => h('th', { key: c }, c)))),
      h('tbody', null, rows.map((r) => h('tr', { key: r.apiKeyId, 'data-key': r.apiKeyName },
        h('td', null, r.apiKeyName), h('td', null, f.int(r.requests)), h('td', null, f.pct(r.successRate)),
        h('td', null, f.compact(r.totalTokens)), h('td', null, f.cost(r.costUsd)))))));
}
