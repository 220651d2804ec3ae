// The shell: sidebar navigation, theme toggle, toasts and the page for the current path.
import { h, render } from 'preact';
import { useState } from 'preact/hooks';
import { Link, navigate, useRoute } from './router.js';
import { ThemeToggle } from './theme.js';
import { Toasts } from './toast.js';
import { OverviewPage } from './pages/overview.js';
import { AnalyticsPage } from './pages/analytics.js';
import { RequestsPage } from './pages/requests.js';
import { AccountsPage } from './pages/accounts.js';
import { LogsPage } from './pages/logs.js';
import { AgentsPage } from './pages/agents.js';
import { ApiKeysPage } from './pages/api-keys.js';
import { get, post } from './api.js';
import { useQuery } from './query.js';

const PAGES = [
  { path: '/', label: 'Overview', page: OverviewPage },
  { path: '/analytics', label: 'Analytics', page: AnalyticsPage },
  { path: '/requests', label: 'Requests', page: RequestsPage },
  { path: '/accounts', label: 'Accounts', page: AccountsPage },
  { path: '/agents', label: 'Agents', page: AgentsPage },
  { path: '/logs', label: 'Logs', page: LogsPage },
  { path: '/api-keys', label: 'API Keys', page: ApiKeysPage },
];
const ALIASES = { '/dashboard': '/', '/overview': '/' };
const version = document.getElementById('app').dataset.version;

function pageFor(path) {
  const canonical = ALIASES[path] || path;
  return PAGES.find((p) => p.path === canonical);
}

const STATUS_TEXT = { ok: 'All systems operational', degraded: 'Degraded', unhealthy: 'Unhealthy' };

/** The sidebar's status, from /health every 10 s: ok, degraded or unhealthy with the reasons, or unreachable. */
function SystemStatus() {
  const health = useQuery(() => get('/health'), [], 10000);
  const status = health.error ? 'unreachable' : health.data ? health.data.status : 'checking';
  const text = health.error ? 'Server unreachable' : health.data ? (STATUS_TEXT[status] || status) : 'Checking…';
  const reasons = health.data && !health.error ? health.data.reasons || [] : [];
  return h('div', { class: `status-box status-${status}`, id: 'system-status', 'data-status': status, role: 'status' },
    'Status', h('br'), h('b', null, text),
    reasons.length ? h('ul', { class: 'status-reasons' }, reasons.map((r) => h('li', { key: r }, r))) : null);
}

function Sidebar({ path }) {
  const [open, setOpen] = useState(false);
  const active = (pageFor(path) || PAGES[0]).path;
  return h('aside', { class: `sidebar${open ? ' open' : ''}` },
    h('div', { class: 'brand' }, 'better-ccflare', h('small', null, 'Claude load balancer')),
    h('button', { class: 'btn menu-btn', type: 'button', 'aria-label': 'Menu', 'aria-expanded': String(open), onClick: () => setOpen(!open) }, '☰'),
    h('nav', { class: 'nav', onClick: () => setOpen(false) },
      PAGES.map((p) => h(Link, { href: p.path, key: p.path, class: p.path === active ? 'active' : '', 'data-nav': p.label }, p.label))),
    h('div', { class: 'foot' },
      h(SystemStatus),
      h(ThemeToggle),
      h(Logout),
      h('span', null, `v${version}`)));
}

// Shown while API keys are on and the dashboard runs on a login session.
function Logout() {
  const session = useQuery(() => get('/api/auth/session'), [], 0);
  if (!session.data || !session.data.enabled) return null;
  const logout = async () => { await post('/api/auth/logout'); location.assign('/login'); };
  return h('button', { class: 'btn small', type: 'button', id: 'logout', onClick: logout }, `Log out ${session.data.name}`);
}

function App() {
  const path = useRoute();
  const entry = pageFor(path);
  if (!entry) {
    queueMicrotask(() => navigate('/', true));
    return null;
  }
  return h('div', { class: 'layout' },
    h(Sidebar, { path }),
    h('main', null, h(entry.page, { key: entry.path })),
    h(Toasts));
}

render(h(App), document.getElementById('app'));
