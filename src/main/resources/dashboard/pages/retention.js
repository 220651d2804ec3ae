// Data retention: payload and request retention days, clean-up now, compact database.
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { get, post } from '../api.js';
import { useQuery } from '../query.js';
import { act } from '../toast.js';
import { Card, ErrorCard } from '../ui.js';
import * as f from '../format.js';

function DaysInput({ label, value, onInput, max, id }) {
  return h('label', { class: 'field' }, label,
    h('input', { type: 'number', min: 1, max, value, id, style: 'width:110px', onInput: (e) => onInput(e.currentTarget.value) }));
}

export function RetentionCard() {
  const retention = useQuery(() => get('/api/config/retention'), [], 0);
  const [payloadDays, setPayloadDays] = useState('');
  const [requestDays, setRequestDays] = useState('');
  const [note, setNote] = useState(null);
  useEffect(() => {
    if (retention.data) {
      setPayloadDays(String(retention.data.payloadDays));
      setRequestDays(String(retention.data.requestDays));
    }
  }, [retention.data]);
  const save = async (field, raw) => {
    const days = Number(raw);
    await act(() => post('/api/config/retention', { [field]: days }),
      `${field === 'payloadDays' ? 'Payload' : 'Request'} retention set to ${f.int(days)} days`);
    retention.reload();
  };
  const cleanup = async () => {
    const r = await act(() => post('/api/maintenance/cleanup'),
      (res) => `Removed ${f.int(res.removedRequests)} requests and ${f.int(res.removedPayloads)} payloads older than ${new Date(res.cutoffIso).toLocaleString()}`);
    if (r) setNote(`Removed ${f.int(r.removedRequests)} requests and ${f.int(r.removedPayloads)} payloads older than ${new Date(r.cutoffIso).toLocaleString()}`);
  };
  const compact = async () => {
    if (await act(() => post('/api/maintenance/compact'), 'Database compacted')) setNote('Database compacted');
  };
  return h(Card, { title: 'Data Retention', sub: 'How long request payloads and request rows are kept' },
    h(ErrorCard, { error: retention.error }),
    h('div', { class: 'form' },
      h('div', { class: 'row', style: 'align-items:flex-end' },
        h(DaysInput, { label: 'Payloads (days, 1–365)', value: payloadDays, onInput: setPayloadDays, max: 365, id: 'payload-days' }),
        h('button', { class: 'btn', type: 'button', onClick: () => save('payloadDays', payloadDays) }, 'Save'),
        [7, 14, 30, 90].map((d) => h('button', { key: d, class: 'btn small', type: 'button', onClick: () => { setPayloadDays(String(d)); save('payloadDays', d); } }, `${d}d`))),
      h('div', { class: 'row', style: 'align-items:flex-end' },
        h(DaysInput, { label: 'Requests (days, 1–3650)', value: requestDays, onInput: setRequestDays, max: 3650, id: 'request-days' }),
        h('button', { class: 'btn', type: 'button', onClick: () => save('requestDays', requestDays) }, 'Save')),
      h('div', { class: 'row' },
        h('button', { class: 'btn', type: 'button', onClick: cleanup }, 'Clean up now'),
        h('button', { class: 'btn', type: 'button', onClick: compact }, 'Compact database')),
      note ? h('div', { class: 'muted', id: 'retention-note' }, note) : null));
}
