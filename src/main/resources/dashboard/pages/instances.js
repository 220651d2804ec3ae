// Instances sharing the database (several instances on PostgreSQL): version, uptime, last heartbeat, leader.
import { h } from 'preact';
import { get } from '../api.js';
import { useQuery } from '../query.js';
import { Badge, Card, Empty, ErrorCard } from '../ui.js';
import * as f from '../format.js';

export function InstancesCard() {
  const instances = useQuery(() => get('/api/instances'), [], 15000);
  const list = instances.data || [];
  return h(Card, { title: 'Instances', sub: 'Servers sharing this database (live heartbeat)', 'data-card': 'instances' },
    h(ErrorCard, { error: instances.error }),
    list.length ? h('div', { class: 'list' }, list.map((i) => h('div', { class: 'item', key: i.id, 'data-instance': i.id },
      h('div', { class: 'row' }, h('b', null, i.host ? `${i.host} · ${i.id}` : i.id),
        i.self ? h(Badge, { kind: 'ok' }, 'this one') : null,
        i.leader ? h(Badge, null, 'runs background jobs') : null),
      h('div', { class: 'muted' },
        `Version ${i.version} · up ${f.duration(i.uptimeMs)} · last seen ${f.time(i.lastSeen)}`))))
      : h(Empty, null, instances.data ? 'No live instance' : 'Loading…'));
}
