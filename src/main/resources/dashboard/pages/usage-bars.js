// Usage bars: 5-hour and weekly utilisation for Anthropic accounts, an elapsed-window bar for others.
import { h } from 'preact';
import { Bar } from '../ui.js';
import * as f from '../format.js';

const WINDOW_MS = 5 * 3600e3;

function Window({ title, window, weekly, now }) {
  const reset = window && window.resets_at ? new Date(window.resets_at) : null;
  const util = window && typeof window.utilization === 'number' ? window.utilization : null;
  return h('div', { class: 'usage', style: 'flex:1;min-width:200px' },
    h('div', { class: 'row', style: 'justify-content:space-between;font-size:12px' },
      h('span', null, title), h('b', null, util === null ? 'N/A' : f.pct(util))),
    h(Bar, { value: util || 0 }),
    h('div', { class: 'muted', style: 'font-size:12px' },
      !window ? 'Data unavailable' : !reset ? 'No reset data available'
        : reset - now > 0
          ? `${f.countdown(reset - now)} until refresh · Resets ${weekly ? reset.toLocaleString(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' }) : reset.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}`
          : 'Ready to refresh'));
}

export function UsageBars({ account, now }) {
  if (account.usageData) {
    return h('div', { class: 'row', style: 'margin-top:8px;align-items:flex-start;gap:16px' },
      h(Window, { title: 'Usage (5-hour)', window: account.usageData.five_hour, now }),
      h(Window, { title: 'Usage (Weekly)', window: account.usageData.seven_day, weekly: true, now }));
  }
  if (!account.rateLimitReset) return null;
  const reset = new Date(account.rateLimitReset);
  const elapsed = Math.max(0, Math.min(100, ((WINDOW_MS - (reset - now)) / WINDOW_MS) * 100));
  return h('div', { style: 'margin-top:8px;max-width:420px' },
    h('div', { class: 'row', style: 'justify-content:space-between;font-size:12px' }, h('span', null, 'Rate limit window'), h('b', null, f.pct(elapsed))),
    h(Bar, { value: elapsed, kind: 'accent' }),
    h('div', { class: 'muted', style: 'font-size:12px' }, reset - now > 0 ? `Resets in ${f.countdown(reset - now)} (${reset.toLocaleTimeString()})` : 'Ready to refresh'));
}
