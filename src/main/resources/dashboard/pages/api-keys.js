// API Keys: generate (the key is shown once), list with roles, limits and usage, edit limits and role, revoke.
import { h } from 'preact';
import { useState } from 'preact/hooks';
import { del, get, post, api } from '../api.js';
import { useQuery } from '../query.js';
import { act } from '../toast.js';
import { Badge, Card, Empty, ErrorCard, PageHead, Select } from '../ui.js';
import * as f from '../format.js';

const LIMITS = [
  ['allowedModels', 'Allowed models', 'claude-sonnet-*,claude-haiku-*'],
  ['maxConcurrent', 'Max concurrent', ''],
  ['rpm', 'Requests / minute', ''],
  ['tokensPer5h', 'Tokens / 5 h', ''],
  ['tokensPerDay', 'Tokens / day', ''],
  ['expiresAt', 'Expires (date)', '2027-01-31'],
];

function formFor(key) {
  const values = { name: key ? key.name : '', role: key ? key.role : 'admin' };
  for (const [field] of LIMITS) {
    const v = key ? key[field] : null;
    values[field] = v === null || v === undefined ? '' : Array.isArray(v) ? v.join(',') : field === 'expiresAt' ? v.slice(0, 10) : String(v);
  }
  return values;
}

// Empty fields remove a limit when editing and are left out when generating.
function bodyOf(values, editing) {
  const body = { role: values.role };
  if (!editing) body.name = values.name;
  for (const [field] of LIMITS) {
    const raw = values[field].trim();
    if (!raw) { if (editing) body[field] = null; continue; }
    if (field === 'allowedModels') body[field] = raw.split(',').map((s) => s.trim()).filter(Boolean);
    else if (field === 'expiresAt') body[field] = raw;
    else body[field] = Number(raw);
  }
  return body;
}

function limitsText(k) {
  const parts = [];
  if (k.allowedModels && k.allowedModels.length) parts.push(`models ${k.allowedModels.join(', ')}`);
  if (k.maxConcurrent) parts.push(`${k.maxConcurrent} concurrent`);
  if (k.rpm) parts.push(`${k.rpm}/min`);
  if (k.tokensPer5h) parts.push(`${f.compact(k.tokensPer5h)} tok/5h`);
  if (k.tokensPerDay) parts.push(`${f.compact(k.tokensPerDay)} tok/day`);
  if (k.expiresAt) parts.push(`expires ${f.dateTime(k.expiresAt)}`);
  return parts.length ? parts.join(' · ') : 'no limits';
}

function KeyForm({ editing, onDone, onCancel }) {
  const [values, setValues] = useState(() => formFor(editing));
  const set = (field) => (e) => setValues({ ...values, [field]: e.currentTarget.value });
  const submit = async (e) => {
    e.preventDefault();
    const body = bodyOf(values, !!editing);
    const res = await act(() => (editing
      ? api(`/api/api-keys/${encodeURIComponent(editing.id)}`, { method: 'PATCH', body })
      : post('/api/api-keys', body)), editing ? `API key '${editing.name}' updated` : `API key '${values.name}' generated`);
    if (res) onDone(editing ? null : res.data.apiKey);
  };
  return h('form', { class: 'form', id: 'key-form', onSubmit: submit },
    h('div', { class: 'row', style: 'align-items:flex-end;flex-wrap:wrap' },
      editing ? null : h('label', { class: 'field' }, 'Name', h('input', { id: 'key-name', value: values.name, onInput: set('name'), required: true })),
      h('label', { class: 'field' }, 'Role', h(Select, { id: 'key-role', value: values.role, onChange: (v) => setValues({ ...values, role: v }), options: [['admin', 'admin'], ['api-only', 'api-only']] })),
      LIMITS.map(([field, label, placeholder]) => h('label', { class: 'field', key: field }, label,
        h('input', { id: `key-${field}`, value: values[field], placeholder, onInput: set(field) })))),
    h('div', { class: 'row' },
      h('button', { class: 'btn primary', type: 'submit', id: 'key-save' }, editing ? 'Save' : 'Generate'),
      h('button', { class: 'btn', type: 'button', onClick: onCancel }, 'Cancel')));
}

export function ApiKeysPage() {
  const keys = useQuery(() => get('/api/api-keys'), [], 60000);
  const [mode, setMode] = useState(null);
  const [secret, setSecret] = useState(null);
  const list = keys.data ? keys.data.data : [];
  const revoke = async (k) => {
    if (!confirm(`Revoke API key '${k.name}'? Clients using it stop working at once.`)) return;
    if (await act(() => del(`/api/api-keys/${encodeURIComponent(k.id)}`), `API key '${k.name}' revoked`)) keys.reload();
  };
  const done = (newSecret) => { setMode(null); setSecret(newSecret); keys.reload(); };
  return h('div', { 'data-page': 'api-keys' },
    h(PageHead, { title: 'API Keys', subtitle: 'Once a key exists, clients need one: admin keys for the dashboard and API, api-only keys for the proxy' }),
    secret ? h(Card, { title: 'New API key', sub: 'Copy it now: it is not stored and will not be shown again' },
      h('code', { id: 'new-key', class: 'mono' }, secret),
      h('div', { class: 'row' }, h('button', { class: 'btn', type: 'button', onClick: () => setSecret(null) }, 'Done'))) : null,
    mode ? h(Card, { title: mode === 'new' ? 'Generate API key' : `Edit '${mode.name}'` },
      h(KeyForm, { editing: mode === 'new' ? null : mode, onDone: done, onCancel: () => setMode(null) })) : null,
    h(Card, {
      title: 'Keys', sub: `${list.length} key${list.length === 1 ? '' : 's'}`,
      actions: mode ? null : h('button', { class: 'btn primary', type: 'button', id: 'key-new', onClick: () => { setSecret(null); setMode('new'); } }, 'Generate Key'),
    },
    h(ErrorCard, { error: keys.error }),
    list.length ? h('table', { class: 'plain', id: 'key-list' },
      h('thead', null, h('tr', null, ['Name', 'Role', 'Key', 'Limits', 'Requests', 'Last used', ''].map((c) => h('th', { key: c }, c)))),
      h('tbody', null, list.map((k) => h('tr', { key: k.id, 'data-key': k.name },
        h('td', null, k.name),
        h('td', null, h(Badge, { kind: k.role === 'admin' ? 'accent' : '' }, k.role)),
        h('td', { class: 'mono' }, `btr-…${k.prefixLast8}`),
        h('td', null, limitsText(k)),
        h('td', null, f.int(k.usageCount)),
        h('td', null, k.lastUsed ? f.dateTime(k.lastUsed) : '–'),
        h('td', null,
          h('button', { class: 'btn small', type: 'button', 'data-action': 'edit', onClick: () => { setSecret(null); setMode(k); } }, 'Edit'),
          h('button', { class: 'btn small danger', type: 'button', 'data-action': 'revoke', onClick: () => revoke(k) }, 'Revoke'))))))
      : h(Empty, null, keys.loading ? 'Loading…' : 'No API keys: the proxy, API and dashboard are open to every local client.')));
}
