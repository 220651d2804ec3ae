// "Edit Agent Configuration": description, model, colour, tool access (presets or a custom list) and system prompt.
import { h } from 'preact';
import { useState } from 'preact/hooks';
import { patch } from '../api.js';
import { act } from '../toast.js';
import { Modal, Select } from '../ui.js';

const MODELS = [
  ['inherit', 'Inherit (the client\'s model)'],
  ['claude-opus-4-5-20251101', 'Claude Opus 4.5'], ['claude-sonnet-4-5-20250929', 'Claude Sonnet 4.5'],
  ['claude-haiku-4-5-20251001', 'Claude Haiku 4.5'], ['claude-opus-4-1-20250805', 'Claude Opus 4.1'],
  ['claude-opus-4-20250514', 'Claude Opus 4'], ['claude-sonnet-4-20250514', 'Claude Sonnet 4'],
];
const COLORS = ['gray', 'blue', 'green', 'yellow', 'orange', 'red', 'purple', 'pink', 'indigo', 'cyan'];
const TOOLS = ['Bash', 'Glob', 'Grep', 'LS', 'Read', 'Edit', 'MultiEdit', 'Write', 'NotebookRead', 'NotebookEdit', 'WebFetch', 'TodoWrite', 'WebSearch'];
const PRESETS = {
  edit: ['Edit', 'MultiEdit', 'Write', 'NotebookEdit'],
  'read-only': ['Glob', 'Grep', 'LS', 'Read', 'NotebookRead', 'WebFetch', 'TodoWrite', 'WebSearch'],
  execution: ['Bash'],
};

/** The model choices, with {@code current} added when it is a model the list does not name. */
export function modelOptions(current) {
  return current && !MODELS.some((m) => m[0] === current) ? [...MODELS, [current, current]] : MODELS;
}

export function EditAgentDialog({ agent, onClose }) {
  const [description, setDescription] = useState(agent.description);
  const [model, setModel] = useState(agent.frontmatterModel || 'inherit');
  const [color, setColor] = useState(agent.color);
  const [tools, setTools] = useState(agent.tools || null);
  const [prompt, setPrompt] = useState(agent.systemPrompt);
  const has = (preset) => tools !== null && PRESETS[preset].every((t) => tools.includes(t));
  const togglePreset = (preset) => {
    const base = tools || [];
    const next = has(preset) ? base.filter((t) => !PRESETS[preset].includes(t)) : [...new Set([...base, ...PRESETS[preset]])];
    setTools(next.length ? TOOLS.filter((t) => next.includes(t)) : null);
  };
  const toggleTool = (tool) => {
    const base = tools || [];
    const next = base.includes(tool) ? base.filter((t) => t !== tool) : [...base, tool];
    setTools(next.length ? TOOLS.filter((t) => next.includes(t)) : null);
  };
  const save = async () => {
    const body = { description, model, color, systemPrompt: prompt, ...(tools ? { mode: 'custom', tools } : { mode: 'all' }) };
    if (await act(() => patch(`/api/agents/${encodeURIComponent(agent.id)}`, body), `Saved ${agent.name}`)) onClose(true);
  };
  return h(Modal, { title: 'Edit Agent Configuration', wide: true, onClose: () => onClose(false), actions: [
    h('button', { class: 'btn', type: 'button', key: 'c', onClick: () => onClose(false) }, 'Cancel'),
    h('button', { class: 'btn primary', type: 'button', key: 's', id: 'agent-save', onClick: save }, 'Save'),
  ] }, h('div', { class: 'form' },
    h('label', { class: 'field' }, 'Description', h('textarea', { rows: 2, value: description, id: 'agent-description', onInput: (e) => setDescription(e.currentTarget.value) })),
    h('label', { class: 'field' }, 'Model (written to the file)', h(Select, { value: model, onChange: setModel, id: 'agent-model', options: modelOptions(model) })),
    h('div', { class: 'field' }, 'Colour', h('div', { class: 'row swatches' }, COLORS.map((c) => h('button', {
      key: c, type: 'button', class: `swatch color-${c}`, title: c, 'aria-label': c, 'aria-pressed': String(color === c), 'data-color': c, onClick: () => setColor(c),
    })))),
    h('div', { class: 'field' }, 'Tool access', h('div', { class: 'seg' },
      h('button', { type: 'button', 'aria-pressed': String(tools === null), 'data-preset': 'all', onClick: () => setTools(null) }, 'All'),
      Object.keys(PRESETS).map((p) => h('button', { key: p, type: 'button', 'aria-pressed': String(has(p)), 'data-preset': p, onClick: () => togglePreset(p) }, p)))),
    h('div', { class: 'checklist', id: 'agent-tools' }, TOOLS.map((t) => h('label', { key: t },
      h('input', { type: 'checkbox', checked: tools !== null && tools.includes(t), 'data-tool': t, onChange: () => toggleTool(t) }), ` ${t}`))),
    h('label', { class: 'field' }, 'System prompt', h('textarea', { rows: 8, value: prompt, id: 'agent-prompt', class: 'mono', onInput: (e) => setPrompt(e.currentTarget.value) }))));
}
