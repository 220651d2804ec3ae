// A Preact wrapper around Chart.js (loaded as a classic script): themed, no animation, tooltips on hover.
import { h } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export const PALETTE = ['#f97316', '#3b82f6', '#10b981', '#a855f7', '#ef4444', '#eab308', '#06b6d4', '#ec4899', '#84cc16', '#6366f1'];
export const color = (i) => PALETTE[i % PALETTE.length];
export const fill = (i) => `${color(i)}33`;

function themed(options) {
  const css = getComputedStyle(document.documentElement);
  const text = css.getPropertyValue('--muted').trim();
  const grid = css.getPropertyValue('--border').trim();
  const Chart = window.Chart;
  Chart.defaults.color = text;
  Chart.defaults.borderColor = grid;
  Chart.defaults.datasets.bar.maxBarThickness = 56;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    interaction: { mode: 'index', intersect: false },
    ...options,
    plugins: { legend: { display: false }, ...(options.plugins || {}) },
  };
}

function whenLoaded(fn) {
  if (window.Chart) fn();
  else addEventListener('load', fn, { once: true });
}

/** type/data/options as in Chart.js; re-created when the theme changes. */
export function ChartView({ type, data, options = {}, tall, label }) {
  const canvas = useRef(null);
  const chart = useRef(null);
  useEffect(() => {
    let alive = true;
    const build = () => {
      if (!alive || !canvas.current) return;
      if (chart.current) chart.current.destroy();
      chart.current = new window.Chart(canvas.current, { type, data, options: themed(options) });
    };
    whenLoaded(build);
    addEventListener('themechange', build);
    return () => {
      alive = false;
      removeEventListener('themechange', build);
      if (chart.current) chart.current.destroy();
      chart.current = null;
    };
  }, [type, JSON.stringify(data), JSON.stringify(options, (k, v) => (typeof v === 'function' ? String(v) : v))]);
  return h('div', { class: `chart-box${tall ? ' tall' : ''}` }, h('canvas', { ref: canvas, role: 'img', 'aria-label': label || 'chart' }));
}

/** A y/x axis with a title. */
export const axis = (title, extra = {}) => ({ title: { display: true, text: title }, ...extra });

/** Tooltip label callback that formats values with fmt. */
export const tooltip = (fmt, key = 'y') => ({
  callbacks: { label: (ctx) => `${ctx.dataset.label || ctx.label}: ${fmt(ctx.parsed[key] ?? ctx.parsed)}` },
});

/** Point size by number of points: visible when there are few, hidden when there are many. */
export const pointRadius = (n) => (n < 4 ? 5 : n > 120 ? 0 : 2);
