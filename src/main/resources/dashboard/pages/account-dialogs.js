// Account dialogs: rename, priority, custom endpoint, own proxy, and removal confirmed by typing the name.
import { h } from 'preact';
import { useState } from 'preact/hooks';
import { del, post } from '../api.js';
import { act } from '../toast.js';
import { Modal } from '../ui.js';

// Empty, or an absolute http:// or https:// URL.
function httpUrlOrEmpty(value) {
  if (!value.trim()) return true;
  try { return /^https?:$/.test(new URL(value.trim()).protocol); } catch { return false; }
}

const path = (account, action) => `/api/accounts/${encodeURIComponent(account.id)}/${action}`;

function FormDialog({ title, onClose, onSubmit, valid, submitLabel = 'Save', danger, children }) {
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    if (!valid || busy) return;
    setBusy(true);
    const done = await onSubmit();
    setBusy(false);
    if (done) onClose(true);
  };
  return h(Modal, { title, onClose: () => onClose(false) },
    h('form', { class: 'form', onSubmit: submit },
      children,
      h('div', { class: 'actions' },
        h('button', { class: 'btn', type: 'button', onClick: () => onClose(false) }, 'Cancel'),
        h('button', { class: `btn ${danger ? 'danger' : 'primary'}`, type: 'submit', disabled: !valid || busy, 'data-submit': '' }, submitLabel))));
}

export function RenameDialog({ account, onClose }) {
  const [name, setName] = useState(account.name);
  const trimmed = name.trim();
  const valid = trimmed.length > 0 && trimmed.length <= 100 && trimmed !== account.name;
  return h(FormDialog, {
    title: 'Rename Account', onClose, valid,
    onSubmit: () => act(() => post(path(account, 'rename'), { name: trimmed })),
  }, h('label', { class: 'field' }, 'New name', h('input', { type: 'text', value: name, maxLength: 100, id: 'rename-input', onInput: (e) => setName(e.currentTarget.value) })));
}

export function PriorityDialog({ account, onClose }) {
  const [value, setValue] = useState(String(account.priority));
  const n = Number(value);
  const valid = value !== '' && Number.isInteger(n) && n >= 0 && n <= 100;
  return h(FormDialog, {
    title: 'Change Account Priority', onClose, valid,
    onSubmit: () => act(() => post(path(account, 'priority'), { priority: n }), `Priority of '${account.name}' set to ${n}`),
  }, h('label', { class: 'field' }, 'Priority (0 = used first, 100 = last)',
    h('input', { type: 'number', min: 0, max: 100, value, id: 'priority-input', onInput: (e) => setValue(e.currentTarget.value) })));
}

export function EndpointDialog({ account, onClose }) {
  const [value, setValue] = useState(account.customEndpoint || '');
  const valid = httpUrlOrEmpty(value);
  return h(FormDialog, {
    title: 'Custom Endpoint', onClose, valid,
    onSubmit: () => act(() => post(path(account, 'custom-endpoint'), { customEndpoint: value.trim() || null })),
  }, h('label', { class: 'field' }, 'Upstream base URL (empty for the default)',
    h('input', { type: 'url', value, id: 'endpoint-input', placeholder: account.provider === 'zai' ? 'https://api.z.ai/api/anthropic' : 'https://api.anthropic.com', onInput: (e) => setValue(e.currentTarget.value) })),
  valid ? null : h('div', { class: 's5' }, 'Enter an absolute http:// or https:// URL'));
}

// The account's own outbound proxy. The API never returns its credentials, so a proxy that has some starts empty:
// saving the field empty removes the proxy, a full URL (credentials included) replaces it.
export function ProxyDialog({ account, onClose }) {
  const hidden = (account.proxyUrl || '').includes('****@');
  const [value, setValue] = useState(hidden ? '' : account.proxyUrl || '');
  const valid = httpUrlOrEmpty(value);
  return h(FormDialog, {
    title: 'Outbound Proxy', onClose, valid,
    onSubmit: () => act(() => post(path(account, 'proxy'), { proxyUrl: value.trim() || null })),
  }, hidden ? h('p', { class: 'muted' }, `Now: ${account.proxyUrl} (credentials hidden). Enter the whole URL again to change it.`) : null,
  h('label', { class: 'field' }, 'Proxy for this account only, instead of HTTPS_PROXY / HTTP_PROXY (empty for none)',
    h('input', { type: 'url', value, id: 'proxy-input', placeholder: 'http://user:password@proxy.example:3128', onInput: (e) => setValue(e.currentTarget.value) })),
  valid ? null : h('div', { class: 's5' }, 'Enter an http:// or https:// proxy URL'));
}

export function RemoveDialog({ account, onClose }) {
  const [typed, setTyped] = useState('');
  return h(FormDialog, {
    title: 'Confirm Account Removal', onClose, valid: typed === account.name, submitLabel: 'Remove', danger: true,
    onSubmit: () => act(() => del(`/api/accounts/${encodeURIComponent(account.name)}`, { confirm: typed })),
  }, h('p', null, 'This removes ', h('b', null, account.name), ' and its credentials. Request history stays. Type the account name to confirm.'),
  h('input', { type: 'text', value: typed, id: 'remove-confirm', 'aria-label': 'Account name', onInput: (e) => setTyped(e.currentTarget.value) }));
}
