// Small shared building blocks: cards, headers, errors, badges, switches, modals.
import { h } from 'preact';
import { useEffect } from 'preact/hooks';

export function PageHead({ title, subtitle, children }) {
  return h('div', { class: 'page-head' },
    h('div', null, h('h1', null, title), h('p', null, subtitle)),
    children ? h('div', { class: 'controls' }, children) : null);
}

export function Card({ title, sub, actions, children, class: cls = '', ...rest }) {
  return h('section', { class: `card ${cls}`, ...rest },
    title || actions ? h('div', { class: 'card-head' },
      h('div', null, title ? h('h2', null, title) : null, sub ? h('div', { class: 'sub' }, sub) : null),
      actions || null) : null,
    children);
}

export function ErrorCard({ error }) {
  if (!error) return null;
  return h('div', { class: 'error-card', role: 'alert' }, error.message || String(error));
}

export const Empty = ({ children }) => h('div', { class: 'empty' }, children);

export const Badge = ({ kind = '', children, ...rest }) => h('span', { class: `badge ${kind}`, ...rest }, children);

export function Switch({ checked, onChange, label, ...rest }) {
  return h('label', { class: 'switch' },
    h('input', { type: 'checkbox', role: 'switch', checked, onChange: (e) => onChange(e.currentTarget.checked), ...rest }),
    label);
}

export function Select({ value, onChange, options, ...rest }) {
  return h('select', { value, onChange: (e) => onChange(e.currentTarget.value), ...rest },
    options.map((o) => (Array.isArray(o)
      ? h('option', { value: o[0], key: o[0] }, o[1])
      : h('option', { value: o, key: o }, o))));
}

export function Modal({ title, onClose, children, actions, wide, ...rest }) {
  useEffect(() => {
    const onKey = (e) => { if (e.key === 'Escape') onClose(); };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [onClose]);
  return h('div', { class: 'modal-back', onClick: (e) => { if (e.target === e.currentTarget) onClose(); } },
    h('div', { class: `modal${wide ? ' wide' : ''}`, role: 'dialog', 'aria-modal': 'true', 'aria-label': title, ...rest },
      h('h3', null, title),
      children,
      actions ? h('div', { class: 'actions' }, actions) : null));
}

export function Bar({ value, kind }) {
  const width = Math.max(0, Math.min(100, value || 0));
  const auto = width >= 90 ? 'err' : width >= 70 ? 'warn' : 'ok';
  return h('div', { class: `bar ${kind || auto}`, role: 'progressbar', 'aria-valuenow': Math.round(width), 'aria-valuemin': 0, 'aria-valuemax': 100 },
    h('span', { style: `width:${width}%` }));
}

export function statusClass(code) {
  if (!code) return 's5';
  if (code < 300) return 's2';
  if (code < 500) return 's4';
  return 's5';
}
