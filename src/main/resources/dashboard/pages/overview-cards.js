// Overview side cards: system status with recent errors, rate-limit state per account, strategy select.
import { h } from 'preact';
import { useState } from 'preact/hooks';
import { get, post } from '../api.js';
import { useQuery } from '../query.js';
import { act } from '../toast.js';
import { Badge, Card, Empty, ErrorCard, Select } from '../ui.js';
import * as f from '../format.js';

export function StatusCard({ stats }) {
  const errors = (stats.data && stats.data.recentErrors) || [];
  return h(Card, { title: 'System Status', sub: 'Proxy health and recent errors' },
    h(ErrorCard, { error: stats.error }),
    h('div', { class: 'row' }, h(Badge, { kind: 'ok' }, 'Healthy'), h('b', null, 'All Systems Operational')),
    stats.data ? h('div', { class: 'muted', style: 'margin-top:6px' },
      `${f.int(stats.data.totalRequests)} requests stored · ${f.int(stats.data.totalTokens)} tokens · ${f.cost(stats.data.totalCostUsd)}`) : null,
    h('h4', { style: 'margin:12px 0 4px' }, 'Recent Errors'),
    errors.length
      ? h('ul', { class: 'recent-errors', style: 'margin:0;padding-left:18px' }, errors.slice(0, 3).map((e, i) => h('li', { key: i, class: 's5' }, e)))
      : h('div', { class: 'muted' }, 'No recent errors'));
}

function limited(account) {
  const s = account.rateLimitStatus || 'OK';
  return !account.paused && s !== 'OK' && !s.startsWith('allowed');
}

export function RateLimitCard({ accounts }) {
  const list = (accounts.data || []).filter(limited);
  return h(Card, { title: 'Rate Limit Info', sub: 'Accounts that are limited or close to a limit' },
    h(ErrorCard, { error: accounts.error }),
    list.length ? h('div', { class: 'list' }, list.map((a) => {
      const reset = a.rateLimitReset ? new Date(a.rateLimitReset) : null;
      return h('div', { class: 'item', key: a.id },
        h('div', { class: 'row' }, h('b', null, a.name), h(Badge, { kind: 'warn' }, a.rateLimitStatus)),
        h('div', { class: 'muted' },
          a.rateLimitRemaining !== null && a.rateLimitRemaining !== undefined ? `${f.int(a.rateLimitRemaining)} requests remaining · ` : '',
          reset ? `Resets in ${f.countdown(reset - Date.now())} (${reset.toLocaleTimeString()})` : 'No reset time reported'));
    })) : h(Empty, null, accounts.data ? 'Every account is within its limits' : 'Loading…'));
}

export function StrategyCard() {
  const strategies = useQuery(() => get('/api/strategies'), [], 0);
  const current = useQuery(() => get('/api/config/strategy'), [], 0);
  const [updated, setUpdated] = useState(false);
  const change = async (strategy) => {
    const done = await act(() => post('/api/config/strategy', { strategy }), `Strategy set to ${strategy}`);
    if (done) {
      current.reload();
      setUpdated(true);
      setTimeout(() => setUpdated(false), 3000);
    }
  };
  const options = strategies.data || [];
  return h(Card, { title: 'Load Balancer Strategy', sub: 'How requests are spread over accounts' },
    h(ErrorCard, { error: strategies.error || current.error }),
    current.data ? h('div', { class: 'row' },
      h(Select, { value: current.data.strategy, onChange: change, options: options.length ? options : [current.data.strategy], 'aria-label': 'Strategy' }),
      updated ? h(Badge, { kind: 'ok' }, 'Updated') : null) : null,
    h('p', { class: 'muted' },
      'session: keeps using the account that started the most recent 5-hour session, so prompt caches stay warm; ',
      'when no session is live, the available account with the lowest priority number starts one. ',
      'Rate-limited or paused accounts are skipped and the next one takes over.'));
}
