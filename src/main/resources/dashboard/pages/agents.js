// Agent Management: the default agent model, bulk update, workspaces, All/Global/Workspace tabs, per-agent model and edit.
import { h } from 'preact';
import { useState } from 'preact/hooks';
import { get, post } from '../api.js';
import { useQuery } from '../query.js';
import { act } from '../toast.js';
import { Badge, Card, Empty, ErrorCard, Modal, PageHead, Select } from '../ui.js';
import { EditAgentDialog, modelOptions } from './agent-dialog.js';

const EXAMPLE = '---\nname: code-reviewer\ndescription: Reviews code for bugs\nmodel: sonnet\ncolor: blue\ntools: Read, Grep, Glob\n---\n\nYou are a meticulous code reviewer.';

function DefaultModelCard({ onBulk }) {
  const current = useQuery(() => get('/api/config/model'), [], 300000);
  const model = current.data ? current.data.model : '';
  const save = async (value) => { if (await act(() => post('/api/config/model', { model: value }), `Default agent model set to ${value}`)) current.reload(); };
  return h(Card, { title: 'Default Agent Model', sub: 'Shown for agents without a model; the "Update All" button sets every agent at once',
    actions: h('button', { class: 'btn', type: 'button', id: 'bulk-open', onClick: onBulk }, 'Update All Agent Models') },
  h(ErrorCard, { error: current.error }),
  h(Select, { value: model, onChange: save, id: 'default-model', options: modelOptions(model).filter((o) => o[0] !== 'inherit') }));
}

function BulkDialog({ onClose }) {
  const [model, setModel] = useState('claude-sonnet-4-5-20250929');
  const apply = async () => {
    const done = await act(() => post('/api/agents/bulk-preference', { model }), (r) => r.message || `Updated ${r.updatedCount} agents to ${r.model}`);
    if (done) onClose(true);
  };
  return h(Modal, { title: 'Update All Agent Models', onClose: () => onClose(false), actions: [
    h('button', { class: 'btn', type: 'button', key: 'c', onClick: () => onClose(false) }, 'Cancel'),
    h('button', { class: 'btn primary', type: 'button', key: 'a', id: 'bulk-apply', onClick: apply }, 'Update All'),
  ] }, h('p', null, 'Every agent\'s requests will use this model.'), h(Select, { value: model, onChange: setModel, id: 'bulk-model', options: modelOptions(model) }));
}

function AgentCard({ agent, onEdit, onChanged }) {
  const model = agent.preferredModel || 'inherit';
  const choose = async (value) => {
    if (await act(() => post(`/api/agents/${encodeURIComponent(agent.id)}/preference`, { model: value }), `${agent.name}: ${value}`)) onChanged();
  };
  return h('div', { class: `item agent-card color-${agent.color}`, 'data-agent': agent.id },
    h('div', { class: 'row', style: 'justify-content:space-between' },
      h('div', { class: 'row' }, h('b', null, agent.name),
        h(Badge, null, agent.source === 'global' ? 'Global' : agent.workspace.split('/').pop()),
        /opus/.test(agent.model) ? h(Badge, { kind: 'warn' }, 'Opus') : null),
      h('button', { class: 'btn small', type: 'button', 'data-action': 'edit', onClick: () => onEdit(agent) }, 'Edit')),
    h('div', { class: 'muted', style: 'font-size:13px;margin:4px 0' }, agent.description),
    h('label', { class: 'field' }, 'Model for this agent\'s requests',
      h(Select, { value: model, onChange: choose, 'data-model-select': agent.id, options: modelOptions(model) })));
}

export function AgentsPage() {
  const agents = useQuery(() => get('/api/agents'), [], 60000);
  const workspaces = useQuery(() => get('/api/workspaces'), [], 60000);
  const [tab, setTab] = useState('all');
  const [workspace, setWorkspace] = useState(null);
  const [editing, setEditing] = useState(null);
  const [bulk, setBulk] = useState(false);
  const data = agents.data || { agents: [], globalAgents: [], workspaceAgents: [] };
  const reload = () => { agents.reload(); workspaces.reload(); };
  let shown = tab === 'global' ? data.globalAgents : tab === 'workspace' ? data.workspaceAgents : data.agents;
  if (tab === 'workspace' && workspace) shown = shown.filter((a) => a.workspace === workspace);
  const tabs = [['all', `All (${data.agents.length})`], ['global', `Global (${data.globalAgents.length})`], ['workspace', `Workspace (${data.workspaceAgents.length})`]];
  return h('div', { 'data-page': 'agents' },
    h(PageHead, { title: 'Agent Management', subtitle: 'AI Agents: Claude Code sub-agents and the model their requests use' },
      h(Badge, { id: 'global-count' }, `${data.globalAgents.length} Global`), h(Badge, { id: 'workspace-count' }, `${data.workspaceAgents.length} Workspace`)),
    h('div', { class: 'grid two' },
      h(DefaultModelCard, { onBulk: () => setBulk(true) }),
      h(Card, { title: 'Active Workspaces', sub: 'Projects seen in requests that have a .claude/agents folder' },
        h(ErrorCard, { error: workspaces.error }),
        (workspaces.data ? workspaces.data.workspaces : []).length
          ? h('div', { class: 'list', id: 'workspace-list' }, workspaces.data.workspaces.map((w) => h('button', {
            key: w.path, type: 'button', class: `item workspace-card${workspace === w.path ? ' selected' : ''}`, 'data-workspace': w.name,
            onClick: () => { setWorkspace(w.path); setTab('workspace'); },
          }, h('b', null, w.name), h('div', { class: 'muted mono' }, w.path), h('div', { class: 'muted' }, `${w.agentCount} agents`))))
          : h(Empty, null, 'No workspace seen yet'))),
    h(Card, { title: 'Agents', style: 'margin-top:16px' },
      h(ErrorCard, { error: agents.error }),
      h('div', { class: 'tabs', role: 'tablist' }, tabs.map(([id, label]) => h('button', {
        key: id, role: 'tab', type: 'button', 'aria-selected': String(tab === id), 'data-tab': id, onClick: () => { setTab(id); setWorkspace(null); },
      }, label))),
      shown.length
        ? h('div', { class: 'grid two', id: 'agent-list' }, shown.map((a) => h(AgentCard, { key: a.id, agent: a, onEdit: setEditing, onChanged: reload })))
        : h(Empty, null, agents.loading ? 'Loading…' : h('div', null,
          h('p', null, 'No agents found. Put agent markdown files in ~/.claude/agents/ (global) or <project>/.claude/agents/ (workspace):'),
          h('pre', { class: 'mono', id: 'agent-example' }, EXAMPLE)))),
    editing ? h(EditAgentDialog, { agent: editing, onClose: (changed) => { setEditing(null); if (changed) reload(); } }) : null,
    bulk ? h(BulkDialog, { onClose: (changed) => { setBulk(false); if (changed) reload(); } }) : null);
}
