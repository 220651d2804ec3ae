// Storage: database size, where the bytes are (by table, payload share), free space and the last integrity check.
import { h } from 'preact';
import { get } from '../api.js';
import { useQuery } from '../query.js';
import { Card, ErrorCard } from '../ui.js';
import * as f from '../format.js';

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

function size(bytes) {
  if (typeof bytes !== 'number') return '–';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) { value /= 1024; unit += 1; }
  return `${unit === 0 ? value : value.toFixed(1)} ${UNITS[unit]}`;
}

function Check({ check }) {
  if (!check) return h('span', { class: 'muted' }, 'never (run better-ccflare --doctor)');
  return h('span', { class: check.ok ? 'check-ok' : 'check-err', id: 'storage-check' },
    `${check.ok ? 'ok' : 'problems found'} (${check.kind}, ${new Date(check.checkedAt).toLocaleString()})`);
}

export function StorageCard() {
  const storage = useQuery(() => get('/api/storage'), [], 60000);
  const s = storage.data;
  return h(Card, { title: 'Storage', sub: 'Database size and where the bytes are', id: 'storage-card' },
    h(ErrorCard, { error: storage.error }),
    s ? h('div', { class: 'form' },
      h('div', { class: 'row' },
        h('span', null, 'Size: ', h('b', { id: 'storage-size' }, size(s.dialect === 'sqlite' ? s.fileBytes + s.walBytes : s.databaseBytes))),
        s.dialect === 'sqlite' ? h('span', { class: 'muted' }, `free ${size(s.freeBytes)}, auto-vacuum ${s.autoVacuum}`) : null,
        h('span', null, 'Payloads: ', h('b', { id: 'storage-payload-share' }, f.pct(s.payloadShare * 100)))),
      h('table', { class: 'table', id: 'storage-tables' },
        h('thead', null, h('tr', null, h('th', null, 'Table'), h('th', null, 'Rows'), h('th', null, 'Size'))),
        h('tbody', null, s.tables.map((t) => h('tr', { key: t.name, 'data-table': t.name },
          h('td', null, t.name), h('td', null, f.int(t.rows)), h('td', null, size(t.bytes)))))),
      h('div', null, 'Last integrity check: ', h(Check, { check: s.lastIntegrityCheck }))) : null);
}
