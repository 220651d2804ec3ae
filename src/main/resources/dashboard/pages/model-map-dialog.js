// "Model Mappings" of one account: requested-model patterns → the provider's model names, and "serve only the requested model".
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { get, post } from '../api.js';
import { act, fail } from '../toast.js';
import { Modal, Switch } from '../ui.js';

const path = (account) => `/api/accounts/${encodeURIComponent(account.id)}/model-mappings`;

export function ModelMapDialog({ account, onClose }) {
  const [rows, setRows] = useState(null);
  const [only, setOnly] = useState(false);
  useEffect(() => {
    get(path(account)).then((p) => {
      setRows(Object.entries(p.mappings).map(([pattern, model]) => ({ pattern, model })));
      setOnly(p.serveRequestedOnly);
    }, (e) => { fail(e); onClose(false); });
  }, [account.id]);
  const set = (i, key) => (e) => setRows(rows.map((r, j) => (j === i ? { ...r, [key]: e.currentTarget.value } : r)));
  const save = async () => {
    const mappings = Object.fromEntries(rows.filter((r) => r.pattern.trim()).map((r) => [r.pattern.trim(), r.model.trim()]));
    if (await act(() => post(path(account), { mappings, serveRequestedOnly: only }), `Model mappings of '${account.name}' saved`)) onClose(true);
  };
  return h(Modal, { title: 'Model Mappings', onClose: () => onClose(false), actions: [
    h('button', { class: 'btn', type: 'button', key: 'c', onClick: () => onClose(false) }, 'Cancel'),
    h('button', { class: 'btn primary', type: 'button', key: 's', id: 'model-map-save', disabled: rows === null, onClick: save }, 'Save'),
  ] }, rows === null ? h('p', null, 'Loading…') : h('div', { class: 'form', id: 'model-map' },
    h('p', { class: 'muted' }, `Requests routed to ${account.name} ask for these models (* matches anything) and get the provider's model instead, first match wins.`),
    rows.map((r, i) => h('div', { class: 'row', key: i },
      h('input', { type: 'text', value: r.pattern, placeholder: 'claude-sonnet-*', 'aria-label': 'Requested model pattern', 'data-pattern': i, onInput: set(i, 'pattern') }),
      '→',
      h('input', { type: 'text', value: r.model, placeholder: 'glm-4.6', 'aria-label': 'Provider model', 'data-target': i, onInput: set(i, 'model') }),
      h('button', { class: 'btn small', type: 'button', 'aria-label': 'Remove mapping', onClick: () => setRows(rows.filter((_, j) => j !== i)) }, '×'))),
    h('button', { class: 'btn small', type: 'button', id: 'model-map-add', onClick: () => setRows([...rows, { pattern: '', model: '' }]) }, 'Add mapping'),
    h(Switch, { checked: only, onChange: setOnly, label: 'Serve only the requested model (no agent override, no mapping)', 'data-switch': 'serve-requested-only' })));
}
