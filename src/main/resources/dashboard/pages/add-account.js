// The add-account wizard: Claude Max / Console via OAuth (paste the code), z.ai key, Anthropic-compatible key.
import { h } from 'preact';
import { useState } from 'preact/hooks';
import { post } from '../api.js';
import { act } from '../toast.js';
import { Card, Select } from '../ui.js';

const MODES = [['max', 'Claude Max (Recommended)'], ['console', 'Claude Console'], ['zai', 'z.ai (API Key)'], ['anthropic-compatible', 'Anthropic-compatible (API Key)']];
const KEY_MODES = ['zai', 'anthropic-compatible'];

function validUrl(value) {
  if (!value.trim()) return true;
  try { return /^https?:$/.test(new URL(value.trim()).protocol); } catch { return false; }
}

export function AddAccount({ onDone, onCancel }) {
  const [form, setForm] = useState({ name: '', mode: 'max', apiKey: '', endpoint: '', tier: '1', priority: '0' });
  const [oauth, setOauth] = useState(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const set = (k) => (v) => setForm({ ...form, [k]: v });
  const keyMode = KEY_MODES.includes(form.mode);
  const needsEndpoint = form.mode === 'anthropic-compatible';
  const valid = form.name.trim() && validUrl(form.endpoint) && (!keyMode || form.apiKey.trim()) && (!needsEndpoint || form.endpoint.trim());
  const common = { name: form.name.trim(), tier: Number(form.tier), priority: Number(form.priority), customEndpoint: form.endpoint.trim() || undefined };
  const run = async (fn) => { setBusy(true); try { return await fn(); } finally { setBusy(false); } };

  const start = (e) => run(async () => {
    e.preventDefault();
    if (!valid) return;
    if (keyMode) {
      const done = await act(() => post(`/api/accounts/${form.mode}`, { ...common, apiKey: form.apiKey.trim() }));
      if (done) onDone();
      return;
    }
    const res = await act(() => post('/api/oauth/init', { ...common, mode: form.mode }), 'Authorization page ready: sign in, then paste the code');
    if (res) {
      setOauth(res);
      window.open(res.authUrl, '_blank', 'noopener');
    }
  });
  const finish = (e) => run(async () => {
    e.preventDefault();
    const done = await act(() => post('/api/oauth/callback', { sessionId: oauth.sessionId, code: code.trim() }));
    if (done) onDone();
  });

  if (oauth) {
    return h(Card, { title: 'Enter Authorization Code', sub: `Account '${form.name.trim()}'`, id: 'add-account' },
      h('form', { class: 'form', onSubmit: finish },
        h('p', null, 'Sign in on the ', h('a', { href: oauth.authUrl, target: '_blank', rel: 'noopener' }, 'authorization page'),
          ', then paste the code it shows (it looks like ', h('code', null, 'abc…#xyz…'), ').'),
        h('input', { type: 'text', value: code, id: 'oauth-code', 'aria-label': 'Authorization code', onInput: (e) => setCode(e.currentTarget.value) }),
        h('div', { class: 'row' },
          h('button', { class: 'btn primary', type: 'submit', disabled: !code.trim() || busy }, 'Complete Setup'),
          h('button', { class: 'btn', type: 'button', onClick: onCancel }, 'Cancel'))));
  }
  return h(Card, { title: 'Add Account', sub: 'Connect a Claude subscription or an API key', id: 'add-account' },
    h('form', { class: 'form', onSubmit: start },
      h('label', { class: 'field' }, 'Account Name', h('input', { type: 'text', value: form.name, id: 'add-name', placeholder: 'e.g. work or you@example.com', maxLength: 100, onInput: (e) => set('name')(e.currentTarget.value) })),
      h('label', { class: 'field' }, 'Mode', h(Select, { value: form.mode, onChange: set('mode'), options: MODES, id: 'add-mode' })),
      keyMode ? h('label', { class: 'field' }, 'API Key', h('input', { type: 'password', value: form.apiKey, id: 'add-key', autocomplete: 'off', onInput: (e) => set('apiKey')(e.currentTarget.value) })) : null,
      h('label', { class: 'field' }, needsEndpoint ? 'Endpoint (base URL)' : 'Custom Endpoint (optional)',
        h('input', { type: 'url', value: form.endpoint, id: 'add-endpoint', placeholder: form.mode === 'zai' ? 'https://api.z.ai/api/anthropic' : 'https://api.anthropic.com', onInput: (e) => set('endpoint')(e.currentTarget.value) })),
      validUrl(form.endpoint) ? null : h('div', { class: 's5' }, 'Enter an absolute http:// or https:// URL'),
      h('div', { class: 'row' },
        h('label', { class: 'field' }, 'Tier', h(Select, { value: form.tier, onChange: set('tier'), id: 'add-tier', options: [['1', 'Tier 1 (Default)'], ['5', 'Tier 5'], ['20', 'Tier 20']] })),
        h('label', { class: 'field' }, 'Priority', h(Select, { value: form.priority, onChange: set('priority'), id: 'add-priority', options: [['0', '0 (Highest)'], ['25', '25'], ['50', '50'], ['75', '75'], ['100', '100 (Lowest)']] }))),
      h('div', { class: 'row' },
        h('button', { class: 'btn primary', type: 'submit', disabled: !valid || busy, id: 'add-continue' }, keyMode ? 'Add Account' : 'Continue'),
        h('button', { class: 'btn', type: 'button', onClick: onCancel }, 'Cancel'))));
}
