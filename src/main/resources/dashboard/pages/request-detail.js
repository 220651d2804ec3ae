// "Request Details": conversation, raw request and response (pretty or raw, copyable), metadata, token usage.
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { get } from '../api.js';
import { Badge, ErrorCard, Modal, Switch, statusClass } from '../ui.js';
import { copy, decodeBody, headersText, pretty } from '../payload.js';
import * as f from '../format.js';
import { Conversation } from './conversation.js';
import { TokenUsage } from './token-usage.js';

const TABS = [['conversation', 'Conversation'], ['request', 'Request'], ['response', 'Response'], ['meta', 'Metadata'], ['tokens', 'Token Usage']];

function Copyable({ title, text, id }) {
  return h('div', null,
    h('div', { class: 'row', style: 'justify-content:space-between' }, h('b', null, title),
      h('button', { class: 'btn small', type: 'button', onClick: () => copy(text, title) }, 'Copy')),
    h('pre', { class: 'code', id }, text || '(empty)'));
}

export function usePayload(id, cache) {
  const [state, setState] = useState({ payload: cache.get(id) || null, error: null });
  useEffect(() => {
    if (cache.has(id)) return;
    let alive = true;
    get(`/api/requests/payload/${encodeURIComponent(id)}`)
      .then((payload) => { if (alive) setState({ payload, error: null }); })
      .catch((error) => { if (alive) setState({ payload: null, error }); });
    return () => { alive = false; };
  }, [id]);
  return state;
}

export function RequestDetail({ row, cache, onClose }) {
  const [tab, setTab] = useState('conversation');
  const [beautify, setBeautify] = useState(true);
  const { payload, error } = usePayload(row.id, cache);
  const request = payload && payload.request;
  const response = payload && payload.response;
  const requestBody = request ? decodeBody(request.body) : null;
  const responseBody = response ? decodeBody(response.body) : null;
  let content = null;
  if (tab === 'conversation') content = h(Conversation, { requestText: requestBody, responseText: responseBody });
  else if (tab === 'request') {
    content = request ? h('div', null,
      h(Copyable, { title: 'Request headers', text: headersText(request.headers, beautify), id: 'request-headers' }),
      h(Copyable, { title: 'Request body', text: pretty(requestBody, beautify), id: 'request-body' })) : h('div', { class: 'muted' }, 'No request data');
  } else if (tab === 'response') {
    content = response ? h('div', null,
      h(Copyable, { title: 'Response headers', text: headersText(response.headers, beautify), id: 'response-headers' }),
      h(Copyable, { title: 'Response body', text: pretty(responseBody, beautify), id: 'response-body' }))
      : h('div', { class: 'muted' }, 'No response data available', payload && payload.error ? ` — ${payload.error}` : '');
  } else if (tab === 'meta') {
    content = h(Copyable, { title: 'Metadata', text: JSON.stringify(payload ? payload.meta : {}, null, 2), id: 'request-meta' });
  } else {
    content = h(TokenUsage, { row });
  }
  return h(Modal, { title: 'Request Details', onClose, wide: true, id: 'request-detail', actions: h('button', { class: 'btn', type: 'button', onClick: onClose }, 'Close') },
    h('div', { class: 'row' },
      h('span', { class: 'muted' }, f.dateTime(row.timestamp)),
      h('b', { class: statusClass(row.statusCode) }, row.statusCode || 'ERR'),
      row.model ? h(Badge, null, row.model) : null,
      row.agentUsed ? h(Badge, null, `Agent: ${row.agentUsed}`) : null,
      h(Badge, null, `${f.int(row.totalTokens || 0)} tokens`),
      row.costUsd ? h(Badge, null, f.cost(row.costUsd)) : null,
      row.statusCode === 429 ? h(Badge, { kind: 'warn' }, 'Rate Limited') : null,
      h('span', { style: 'margin-left:auto' }, h(Switch, { checked: beautify, onChange: setBeautify, label: 'Beautify' }))),
    h('div', { class: 'tabs', role: 'tablist' }, TABS.map(([id, label]) =>
      h('button', { key: id, type: 'button', role: 'tab', 'data-tab': id, 'aria-selected': String(tab === id), onClick: () => setTab(id) }, label))),
    h(ErrorCard, { error }),
    payload || tab === 'tokens' ? content : error ? null : h('div', { class: 'muted' }, 'Loading payload…'));
}
