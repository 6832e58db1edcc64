import { Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Button, Layout, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { api, ApiError, UNAUTHORIZED_EVENT } from '../api';
import { SessionContext, type Session } from '../auth/session';
import PageFallback from '../components/PageFallback';
import { errorText } from '../format';
import type { Me, MeResponse } from '../types';
import Breadcrumbs from './Breadcrumbs';
import HeaderBar from './HeaderBar';
import SideMenu from './SideMenu';

type LoadState =
  | { status: 'loading' }
  | { status: 'ready'; me: Me }
  | { status: 'signed-out' }
  | { status: 'error'; error: unknown };

export default function AppLayout() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const [state, setState] = useState<LoadState>({ status: 'loading' });
  const [collapsed, setCollapsed] = useState(false);
  const locationRef = useRef(location);
  locationRef.current = location;

  const loadMe = useCallback(async () => {
    try {
      const body = await fetchMe();
      // The console is for staff; an API-client identity (kind: 'client') cannot use it.
      setState(body.kind === 'user' && body.user ? { status: 'ready', me: body.user } : { status: 'signed-out' });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setState({ status: 'signed-out' });
      else setState({ status: 'error', error: err });
    }
  }, []);

  useEffect(() => {
    void loadMe();
  }, [loadMe]);

  // Any API call that comes back 401 (expired or revoked session) sends the user to sign in.
  useEffect(() => {
    const onUnauthorized = () => {
      const from = locationRef.current;
      navigate('/login', { replace: true, state: { from: `${from.pathname}${from.search}${from.hash}` } });
    };
    window.addEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
  }, [navigate]);

  const session = useMemo<Session | null>(
    () =>
      state.status === 'ready'
        ? {
            me: state.me,
            reload: async () => {
              const body = await fetchMe();
              setState({ status: 'ready', me: body.user });
            },
          }
        : null,
    [state],
  );

  if (state.status === 'loading') return <PageFallback full />;
  if (state.status === 'signed-out') {
    const from = `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to="/login" replace state={{ from }} />;
  }
  if (state.status === 'error' || !session) {
    return (
      <Result
        status="error"
        title={t('common.requestFailed')}
        subTitle={state.status === 'error' ? errorText(state.error, t) : undefined}
        extra={
          <Button type="primary" onClick={() => void loadMe()}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  }

  return (
    <SessionContext.Provider value={session}>
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Header style={{ paddingInline: 24, position: 'sticky', top: 0, zIndex: 10 }}>
          <HeaderBar />
        </Layout.Header>
        <Layout>
          <Layout.Sider
            width={220}
            theme="light"
            collapsible
            collapsed={collapsed}
            onCollapse={setCollapsed}
            breakpoint="lg"
            style={{ borderRight: '1px solid #e8e8e8' }}
          >
            <SideMenu collapsed={collapsed} />
          </Layout.Sider>
          <Layout.Content style={{ padding: '16px 24px 24px', minWidth: 0 }}>
            <Breadcrumbs />
            <Suspense fallback={<PageFallback />}>
              <Outlet />
            </Suspense>
          </Layout.Content>
        </Layout>
        <Layout.Footer style={{ textAlign: 'center', color: '#8c8c8c', padding: '12px 24px' }}>
          {t('app.footer')}
        </Layout.Footer>
      </Layout>
    </SessionContext.Provider>
  );
}

function fetchMe(): Promise<MeResponse> {
  return api.get<MeResponse>('/api/me', undefined, { quiet401: true });
}
