import { lazy, Suspense, useEffect } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { App as AntApp, ConfigProvider, theme as antTheme } from 'antd';
import zhCNLocale from 'antd/locale/zh_CN';
import enUSLocale from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useTranslation } from 'react-i18next';
import AppLayout from './layout/AppLayout';
import PageFallback from './components/PageFallback';
import RequireRoles from './components/RequireRoles';
import NotFound from './components/NotFound';
import {
  API_CLIENT_ROLES,
  AUDIT_ROLES,
  CATALOG_EDITOR_ROLES,
  DATA_IMPORT_ROLES,
  INCIDENT_ROLES,
  LEDGER_ROLES,
  QUALITY_READ_ROLES,
  SHARING_DECIDER_ROLES,
  SHARING_GRANT_ROLES,
  SHARING_PARTY_ROLES,
  SHARING_REQUESTER_ROLES,
} from './auth/session';
import { BRAND_BLUE, BRAND_BLUE_LIGHT } from './theme';
import { ISSUER_ROLES, VERIFIER_ADMIN_ROLES, VERIFY_ROLES } from './pages/credentials/credApi';
import { EVIDENCE_HANDLER_ROLES, EVIDENCE_ROLES } from './pages/evidence/evidenceApi';

const LoginPage = lazy(() => import('./pages/auth/LoginPage'));
const HomePage = lazy(() => import('./pages/home/HomePage'));
const OrgTreePage = lazy(() => import('./pages/directory/OrgTreePage'));
const ApiClientsPage = lazy(() => import('./pages/directory/ApiClientsPage'));
const AuditLogPage = lazy(() => import('./pages/audit/AuditLogPage'));
const CatalogPage = lazy(() => import('./pages/catalog/CatalogPage'));
const CatalogDetailPage = lazy(() => import('./pages/catalog/CatalogDetailPage'));
const CatalogFormPage = lazy(() => import('./pages/catalog/CatalogFormPage'));
const ImportPage = lazy(() => import('./pages/ingest/ImportPage'));
const LedgerPage = lazy(() => import('./pages/ingest/LedgerPage'));
const QualityDashboardPage = lazy(() => import('./pages/quality/QualityDashboardPage'));
const IncidentsPage = lazy(() => import('./pages/quality/IncidentsPage'));
const IncidentDetailPage = lazy(() => import('./pages/quality/IncidentDetailPage'));
const CalendarPage = lazy(() => import('./pages/calendar/CalendarPage'));
const RequestsPage = lazy(() => import('./pages/sharing/RequestsPage'));
const NewRequestPage = lazy(() => import('./pages/sharing/NewRequestPage'));
const RequestDetailPage = lazy(() => import('./pages/sharing/RequestDetailPage'));
const GrantsPage = lazy(() => import('./pages/sharing/GrantsPage'));
const ServicesPage = lazy(() => import('./pages/sharing/ServicesPage'));
const SharingStatsPage = lazy(() => import('./pages/sharing/StatsPage'));
const AccountPage = lazy(() => import('./pages/account/AccountPage'));
const VerifyPage = lazy(() => import('./pages/verify/VerifyPage'));
const CredentialsPage = lazy(() => import('./pages/credentials/CredentialsPage'));
const VerifiersPage = lazy(() => import('./pages/credentials/VerifiersPage'));
const EvidencePage = lazy(() => import('./pages/evidence/EvidencePage'));
const EvidenceApplicationPage = lazy(() => import('./pages/evidence/ApplicationDetailPage'));
const WalletApp = lazy(() => import('./pages/wallet/WalletApp'));

export default function App() {
  const { i18n } = useTranslation();
  const isEn = i18n.language === 'en';

  useEffect(() => {
    dayjs.locale(isEn ? 'en' : 'zh-cn');
  }, [isEn]);

  return (
    <ConfigProvider
      locale={isEn ? enUSLocale : zhCNLocale}
      theme={{
        algorithm: antTheme.defaultAlgorithm,
        token: { colorPrimary: BRAND_BLUE_LIGHT, borderRadius: 4 },
        components: { Layout: { headerBg: BRAND_BLUE, siderBg: '#ffffff' } },
      }}
    >
      <AntApp>
        <BrowserRouter>
          <Routes>
            <Route
              path="/login"
              element={
                <Suspense fallback={<PageFallback full />}>
                  <LoginPage />
                </Suspense>
              }
            />
            {/* The citizens' wallet: its own sign-in and layout, outside the staff console. */}
            <Route
              path="/wallet/*"
              element={
                <Suspense fallback={<PageFallback full />}>
                  <WalletApp />
                </Suspense>
              }
            />
            <Route element={<AppLayout />}>
              <Route index element={<HomePage />} />
              <Route path="directory/orgs" element={<OrgTreePage />} />
              <Route
                path="directory/api-clients"
                element={
                  <RequireRoles roles={API_CLIENT_ROLES}>
                    <ApiClientsPage />
                  </RequireRoles>
                }
              />
              <Route
                path="audit"
                element={
                  <RequireRoles roles={AUDIT_ROLES}>
                    <AuditLogPage />
                  </RequireRoles>
                }
              />
              <Route path="catalog" element={<CatalogPage />} />
              <Route
                path="catalog/new"
                element={
                  <RequireRoles roles={CATALOG_EDITOR_ROLES}>
                    <CatalogFormPage />
                  </RequireRoles>
                }
              />
              <Route path="catalog/:id" element={<CatalogDetailPage />} />
              <Route
                path="catalog/:id/edit"
                element={
                  <RequireRoles roles={CATALOG_EDITOR_ROLES}>
                    <CatalogFormPage />
                  </RequireRoles>
                }
              />
              <Route
                path="catalog/:id/import"
                element={
                  <RequireRoles roles={DATA_IMPORT_ROLES}>
                    <ImportPage />
                  </RequireRoles>
                }
              />
              <Route
                path="ledger"
                element={
                  <RequireRoles roles={LEDGER_ROLES}>
                    <LedgerPage />
                  </RequireRoles>
                }
              />
              <Route
                path="quality"
                element={
                  <RequireRoles roles={QUALITY_READ_ROLES}>
                    <QualityDashboardPage />
                  </RequireRoles>
                }
              />
              <Route
                path="quality/incidents"
                element={
                  <RequireRoles roles={INCIDENT_ROLES}>
                    <IncidentsPage />
                  </RequireRoles>
                }
              />
              <Route
                path="quality/incidents/:id"
                element={
                  <RequireRoles roles={INCIDENT_ROLES}>
                    <IncidentDetailPage />
                  </RequireRoles>
                }
              />
              <Route
                path="sharing/outbox"
                element={
                  <RequireRoles roles={SHARING_REQUESTER_ROLES}>
                    <RequestsPage key="outbox" box="outbox" />
                  </RequireRoles>
                }
              />
              <Route
                path="sharing/inbox"
                element={
                  <RequireRoles roles={SHARING_DECIDER_ROLES}>
                    <RequestsPage key="inbox" box="inbox" />
                  </RequireRoles>
                }
              />
              <Route
                path="sharing/requests/new"
                element={
                  <RequireRoles roles={SHARING_REQUESTER_ROLES}>
                    <NewRequestPage />
                  </RequireRoles>
                }
              />
              <Route
                path="sharing/requests/:id"
                element={
                  <RequireRoles roles={SHARING_PARTY_ROLES}>
                    <RequestDetailPage />
                  </RequireRoles>
                }
              />
              <Route
                path="sharing/grants"
                element={
                  <RequireRoles roles={SHARING_GRANT_ROLES}>
                    <GrantsPage />
                  </RequireRoles>
                }
              />
              <Route
                path="sharing/services"
                element={
                  <RequireRoles roles={SHARING_REQUESTER_ROLES}>
                    <ServicesPage />
                  </RequireRoles>
                }
              />
              <Route
                path="sharing/stats"
                element={
                  <RequireRoles roles={SHARING_PARTY_ROLES}>
                    <SharingStatsPage />
                  </RequireRoles>
                }
              />
              {/* 电子证照 (issue 5): the verifier's page, the issuer's licences, verifier organisations, 免证办. */}
              <Route
                path="verify"
                element={
                  <RequireRoles roles={VERIFY_ROLES}>
                    <VerifyPage />
                  </RequireRoles>
                }
              />
              <Route
                path="credentials"
                element={
                  <RequireRoles roles={ISSUER_ROLES}>
                    <CredentialsPage />
                  </RequireRoles>
                }
              />
              <Route
                path="credentials/verifiers"
                element={
                  <RequireRoles roles={VERIFIER_ADMIN_ROLES}>
                    <VerifiersPage />
                  </RequireRoles>
                }
              />
              <Route
                path="evidence"
                element={
                  <RequireRoles roles={EVIDENCE_ROLES}>
                    <EvidencePage />
                  </RequireRoles>
                }
              />
              <Route
                path="evidence/applications/:id"
                element={
                  <RequireRoles roles={EVIDENCE_HANDLER_ROLES}>
                    <EvidenceApplicationPage />
                  </RequireRoles>
                }
              />
              {/* Everyone may read the calendar (the page is read-only for them); the menu shows it to its keepers. */}
              <Route path="settings/calendar" element={<CalendarPage />} />
              <Route path="account" element={<AccountPage />} />
              <Route path="*" element={<NotFound />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}
