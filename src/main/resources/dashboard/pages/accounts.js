// Account Management: the account list, its actions and dialogs, and the add-account wizard.
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { get } from '../api.js';
import { useQuery } from '../query.js';
import { Card, Empty, ErrorCard, PageHead } from '../ui.js';
import { AccountRow } from './account-row.js';
import { EndpointDialog, PriorityDialog, ProxyDialog, RemoveDialog, RenameDialog } from './account-dialogs.js';
import { ModelMapDialog } from './model-map-dialog.js';
import { AddAccount } from './add-account.js';

const DIALOGS = { rename: RenameDialog, priority: PriorityDialog, endpoint: EndpointDialog, proxy: ProxyDialog, models: ModelMapDialog, remove: RemoveDialog };

function useNow(ms) {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

export function AccountsPage() {
  const accounts = useQuery(() => get('/api/accounts'), [], 60000);
  const [dialog, setDialog] = useState(null);
  const [adding, setAdding] = useState(false);
  const now = useNow(30000);
  const list = accounts.data || [];
  const active = list.filter((a) => a.lastUsed).sort((a, b) => new Date(b.lastUsed) - new Date(a.lastUsed))[0];
  const Dialog = dialog && DIALOGS[dialog.kind];
  return h('div', { 'data-page': 'accounts' },
    h(PageHead, { title: 'Account Management', subtitle: 'Claude subscriptions and API keys behind the proxy' }),
    adding ? h('div', { style: 'margin-bottom:16px' }, h(AddAccount, {
      onDone: () => { setAdding(false); accounts.reload(); }, onCancel: () => setAdding(false),
    })) : null,
    h(Card, {
      title: 'Accounts', sub: `${list.length} account${list.length === 1 ? '' : 's'}, used in priority order (lower first)`,
      actions: adding ? null : h('button', { class: 'btn primary', type: 'button', id: 'add-account-open', onClick: () => setAdding(true) }, 'Add Account'),
    },
    h(ErrorCard, { error: accounts.error }),
    list.length
      ? h('div', { class: 'list', id: 'account-list' }, list.map((a) => h(AccountRow, {
        key: a.id, account: a, active: active && active.id === a.id, now,
        onDialog: (kind, account) => setDialog({ kind, account }), onChanged: accounts.reload,
      })))
      : h(Empty, null, accounts.loading ? 'Loading…' : 'No accounts yet. Add one to start routing requests.')),
    Dialog ? h(Dialog, { account: dialog.account, onClose: (changed) => { setDialog(null); if (changed) accounts.reload(); } }) : null);
}
