// 电子证照钱包: the citizens' mobile web app at /wallet, outside the staff console (its own sign-in by SMS
// code, its own header with the language switch, a bottom tab bar). Talks to /api/citizen only.
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Button, Spin, Typography } from 'antd';
import { AuditOutlined, IdcardOutlined, SolutionOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { ApiError } from '../../api';
import { errorText } from '../../format';
import LanguageSwitch from '../../layout/LanguageSwitch';
import { BRAND_BLUE } from '../../theme';
import { WalletContext, type WalletSession } from './context';
import { forgetAllCredentials } from './keystore';
import { BindScreen, SignInScreen } from './SignInScreen';
import LicencesScreen from './LicencesScreen';
import LicenceDetail from './LicenceDetail';
import ServicesScreen from './ServicesScreen';
import ChecksScreen from './ChecksScreen';
import MeScreen from './MeScreen';
import { walletApi, type Account, type Binding } from './walletApi';

type State =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'signedOut' }
  | { kind: 'unbound'; account: Account; binding: Binding | null }
  | { kind: 'ready'; account: Account };

export const WALLET_MAX_WIDTH = 520;
const TAB_BAR_HEIGHT = 60;

const TABS = [
  { key: 'licences', path: '/wallet', icon: <IdcardOutlined /> },
  { key: 'services', path: '/wallet/services', icon: <SolutionOutlined /> },
  { key: 'checks', path: '/wallet/checks', icon: <AuditOutlined /> },
  { key: 'me', path: '/wallet/me', icon: <UserOutlined /> },
] as const;

function activeTab(pathname: string): string {
  const rest = pathname.replace(/^\/wallet\/?/, '');
  if (rest.startsWith('services')) return 'services';
  if (rest.startsWith('checks')) return 'checks';
  if (rest.startsWith('me')) return 'me';
  return 'licences';
}

export default function WalletApp() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const [state, setState] = useState<State>({ kind: 'loading' });

  const load = useCallback(async () => {
    setState({ kind: 'loading' });
    try {
      const account = await walletApi.me();
      setState(account.boundAt ? { kind: 'ready', account } : { kind: 'unbound', account, binding: null });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setState({ kind: 'signedOut' });
      else setState({ kind: 'error', message: errorText(err, t) });
    }
  }, [t]);

  useEffect(() => {
    void load();
    // Once, on entry: the language switch must not sign the citizen out.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    document.title = t('wallet.title');
  }, [t]);

  const signOut = useCallback(async () => {
    try {
      await walletApi.logout();
    } catch {
      /* already gone */
    }
    forgetAllCredentials();
    setState({ kind: 'signedOut' });
    navigate('/wallet', { replace: true });
  }, [navigate]);

  const session = useMemo<WalletSession | null>(
    () => (state.kind === 'ready' ? { account: state.account, expired: () => setState({ kind: 'signedOut' }), signOut } : null),
    [state, signOut],
  );

  const onSignedIn = (account: Account, binding: Binding) => {
    setState(binding === 'bound' && account.boundAt ? { kind: 'ready', account } : { kind: 'unbound', account, binding });
  };

  let body: ReactNode;
  if (state.kind === 'loading') body = <div style={{ textAlign: 'center', padding: 48 }}><Spin /></div>;
  else if (state.kind === 'error') {
    body = (
      <div style={{ textAlign: 'center', padding: 32 }}>
        <Typography.Paragraph type="danger">{state.message}</Typography.Paragraph>
        <Button onClick={() => void load()}>{t('wallet.retry')}</Button>
      </div>
    );
  } else if (state.kind === 'signedOut') body = <SignInScreen onSignedIn={onSignedIn} />;
  else if (state.kind === 'unbound') body = <BindScreen binding={state.binding} onBound={(account) => setState({ kind: 'ready', account })} onSignOut={() => void signOut()} />;
  else {
    body = (
      <Routes>
        <Route index element={<LicencesScreen />} />
        <Route path="licences/:id" element={<LicenceDetail />} />
        <Route path="services" element={<ServicesScreen />} />
        <Route path="checks" element={<ChecksScreen />} />
        <Route path="me" element={<MeScreen />} />
        <Route path="*" element={<Navigate to="/wallet" replace />} />
      </Routes>
    );
  }

  const tab = activeTab(location.pathname);
  return (
    <div style={{ minHeight: '100vh', background: '#f0f2f5' }} data-testid="wallet-app">
      <header
        style={{
          position: 'sticky', top: 0, zIndex: 10, background: BRAND_BLUE, color: '#fff',
          padding: '10px 12px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 8,
        }}
      >
        <div style={{ minWidth: 0 }}>
          <div style={{ fontSize: 17, fontWeight: 600, lineHeight: 1.3 }} data-testid="wallet-title">{t('wallet.title')}</div>
          <div style={{ fontSize: 11, opacity: 0.75, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>{t('wallet.subtitle')}</div>
        </div>
        <LanguageSwitch />
      </header>
      <main style={{ maxWidth: WALLET_MAX_WIDTH, margin: '0 auto', padding: 12, paddingBottom: session ? TAB_BAR_HEIGHT + 16 : 24 }}>
        {session ? <WalletContext.Provider value={session}>{body}</WalletContext.Provider> : body}
      </main>
      {session && (
        <nav
          style={{
            position: 'fixed', left: 0, right: 0, bottom: 0, height: TAB_BAR_HEIGHT, background: '#fff', zIndex: 10,
            borderTop: '1px solid #e5e6eb', display: 'flex', justifyContent: 'center', paddingBottom: 'env(safe-area-inset-bottom)',
          }}
        >
          <div style={{ display: 'flex', width: '100%', maxWidth: WALLET_MAX_WIDTH }}>
            {TABS.map((item) => {
              const active = tab === item.key;
              return (
                <button
                  key={item.key}
                  type="button"
                  onClick={() => navigate(item.path)}
                  aria-current={active ? 'page' : undefined}
                  data-testid={`wallet-tab-${item.key}`}
                  style={{
                    flex: 1, border: 'none', background: 'none', cursor: 'pointer', display: 'flex', flexDirection: 'column',
                    alignItems: 'center', justifyContent: 'center', gap: 2, color: active ? '#1554ad' : '#86909c', fontSize: 12,
                  }}
                >
                  <span style={{ fontSize: 20 }}>{item.icon}</span>
                  {t(`wallet.tabs.${item.key}`)}
                </button>
              );
            })}
          </div>
        </nav>
      )}
    </div>
  );
}
