// Number, duration and time formatting for people (reference-surface §8.5).
const intFmt = new Intl.NumberFormat('en-US');
const compactFmt = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

const isNum = (v) => typeof v === 'number' && Number.isFinite(v);

export const int = (v) => (isNum(v) ? intFmt.format(Math.round(v)) : '–');
export const compact = (v) => (isNum(v) ? compactFmt.format(v) : '–');
export const cost = (v, digits = 4) => (isNum(v) ? `$${v.toFixed(digits)}` : '–');
export const pct = (v, digits = 0) => (isNum(v) ? `${v.toFixed(digits)}%` : '–');
export const speed = (v) => (isNum(v) && v > 0 ? `${v.toFixed(1)} tok/s` : '–');

export function duration(ms) {
  if (!isNum(ms)) return '–';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(1)}s`;
  if (ms < 3600000) return `${(ms / 60000).toFixed(1)}m`;
  return `${(ms / 3600000).toFixed(1)}h`;
}

export function countdown(ms) {
  if (!isNum(ms) || ms <= 0) return 'now';
  const minutes = Math.ceil(ms / 60000);
  const h = Math.floor(minutes / 60);
  const d = Math.floor(h / 24);
  if (d > 0) return `${d}d ${h % 24}h`;
  return h > 0 ? `${h}h ${minutes % 60}m` : `${minutes}m`;
}

const toDate = (t) => (t instanceof Date ? t : new Date(t));
const two = (n) => String(n).padStart(2, '0');

export function time(t) {
  if (t === null || t === undefined) return '–';
  const d = toDate(t);
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

export function dateTime(t) {
  if (t === null || t === undefined) return '–';
  const d = toDate(t);
  return `${d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} ${time(d)}`;
}

export function bucketLabel(ts, range) {
  const d = new Date(ts);
  if (range === '30d') return d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
  const hm = `${two(d.getHours())}:${two(d.getMinutes())}`;
  return range === '7d' ? `${d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} ${hm}` : hm;
}
