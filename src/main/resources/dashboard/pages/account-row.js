// One account: badges, switches, status, usage bars and the action buttons.
import { h } from 'preact';
import { post } from '../api.js';
import { act } from '../toast.js';
import { Badge, Switch } from '../ui.js';
import * as f from '../format.js';
import { UsageBars } from './usage-bars.js';

const okStatus = (s) => !s || s === 'OK' || s.startsWith('allowed');

export function AccountRow({ account: a, active, now, onDialog, onChanged }) {
  const anthropic = a.provider === 'anthropic';
  const call = async (action, body, message) => {
    if (await act(() => post(`/api/accounts/${encodeURIComponent(a.id)}/${action}`, body), message)) onChanged();
  };
  const toggle = (action) => (on) => call(action, { enabled: on ? 1 : 0 });
  return h('div', { class: 'item', 'data-account': a.name },
    h('div', { class: 'row', style: 'justify-content:space-between;align-items:flex-start' },
      h('div', null,
        h('div', { class: 'row' },
          h('b', { class: 'account-name' }, a.name),
          active ? h(Badge, { kind: 'ok' }, 'Active') : null,
          h(Badge, null, `Priority: ${a.priority}`),
          a.paused ? h(Badge, { kind: 'warn', 'data-paused': '' }, 'Paused') : null,
          okStatus(a.rateLimitStatus) ? null : h(Badge, { kind: 'warn' }, `⚠ ${a.rateLimitStatus}`)),
        h('div', { class: 'muted', style: 'font-size:12px;margin-top:2px' },
          `${a.provider} • Tier ${a.tier} • ${f.int(a.requestCount)} requests (${f.int(a.totalRequests)} lifetime) • ${a.sessionInfo || '-'}`,
          a.customEndpoint ? ` • ${a.customEndpoint}` : '',
          a.proxyUrl ? h('span', { 'data-proxy': '' }, ` • via proxy ${a.proxyUrl}`) : ''),
        h('div', { class: 'muted', style: 'font-size:12px' },
          a.paused ? 'Paused' : `Rate limit: ${a.rateLimitStatus || 'OK'}`,
          a.rateLimitReset && new Date(a.rateLimitReset) > now ? ` · resets in ${f.countdown(new Date(a.rateLimitReset) - now)}` : '',
          a.lastUsed ? ` · last used ${f.dateTime(a.lastUsed)}` : ''),
        lockouts(a, now)),
      h('div', { class: 'row' },
        anthropic ? h(Switch, { checked: !!a.autoFallbackEnabled, onChange: toggle('auto-fallback'), label: 'Auto-fallback', 'data-switch': 'auto-fallback' }) : null,
        anthropic ? h(Switch, { checked: !!a.autoRefreshEnabled, onChange: toggle('auto-refresh'), label: 'Auto-refresh', 'data-switch': 'auto-refresh' }) : null,
        h('button', { class: 'btn small', type: 'button', 'data-action': 'rename', onClick: () => onDialog('rename', a) }, 'Rename'),
        h('button', { class: 'btn small', type: 'button', 'data-action': 'priority', onClick: () => onDialog('priority', a) }, 'Priority'),
        h('button', { class: `btn small${a.customEndpoint ? ' primary' : ''}`, type: 'button', 'data-action': 'endpoint', title: a.customEndpoint || 'Default endpoint', onClick: () => onDialog('endpoint', a) }, 'Endpoint'),
        h('button', { class: `btn small${a.proxyUrl ? ' primary' : ''}`, type: 'button', 'data-action': 'proxy', title: a.proxyUrl || 'Environment proxy or direct', onClick: () => onDialog('proxy', a) }, 'Proxy'),
        h('button', { class: 'btn small', type: 'button', 'data-action': 'models', title: 'Model mappings', onClick: () => onDialog('models', a) }, 'Models'),
        a.paused
          ? h('button', { class: 'btn small', type: 'button', 'data-action': 'resume', onClick: () => call('resume') }, 'Resume')
          : h('button', { class: 'btn small', type: 'button', 'data-action': 'pause', onClick: () => call('pause') }, 'Pause'),
        h('button', { class: 'btn small danger', type: 'button', 'data-action': 'remove', onClick: () => onDialog('remove', a) }, 'Remove'))),
    h(UsageBars, { account: a, now }));
}

// Lockouts with a countdown: the account's own (and the window that caused it) and each model family kept off it.
function lockouts(a, now) {
  const parts = [];
  if (a.rateLimitedUntil && new Date(a.rateLimitedUntil) > now) {
    parts.push(`account${a.rateLimitedWindow ? ` (${a.rateLimitedWindow})` : ''} ends in ${f.countdown(new Date(a.rateLimitedUntil) - now)}`);
  }
  for (const l of a.modelLockouts || []) {
    if (new Date(l.until) > now) parts.push(`${l.family}${l.window ? ` (${l.window})` : ''} ends in ${f.countdown(new Date(l.until) - now)}`);
  }
  return parts.length ? h('div', { class: 'muted', style: 'font-size:12px', 'data-lockouts': '' }, `Locked out: ${parts.join(' · ')}`) : null;
}
