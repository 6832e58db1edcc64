import type { ReactNode } from 'react';
import {
  AccountBookOutlined,
  AlertOutlined,
  ApartmentOutlined,
  ApiOutlined,
  AuditOutlined,
  BarChartOutlined,
  CalendarOutlined,
  CloudServerOutlined,
  DatabaseOutlined,
  FileDoneOutlined,
  HomeOutlined,
  IdcardOutlined,
  InboxOutlined,
  KeyOutlined,
  RadarChartOutlined,
  ScanOutlined,
  ShopOutlined,
  SendOutlined,
  SafetyCertificateOutlined,
  ShareAltOutlined,
} from '@ant-design/icons';
import {
  API_CLIENT_ROLES,
  AUDIT_ROLES,
  CALENDAR_EDIT_ROLES,
  INCIDENT_ROLES,
  LEDGER_ROLES,
  QUALITY_READ_ROLES,
  SHARING_DECIDER_ROLES,
  SHARING_GRANT_ROLES,
  SHARING_PARTY_ROLES,
  SHARING_REQUESTER_ROLES,
} from '../auth/session';
import { hasAnyRole } from '../auth/session';
import { ISSUER_ROLES, VERIFIER_ADMIN_ROLES, VERIFY_ROLES } from '../pages/credentials/credApi';
import { EVIDENCE_ROLES } from '../pages/evidence/evidenceApi';
import type { Me, Role } from '../types';

export interface NavEntry {
  /** Menu key and test id suffix. */
  key: string;
  path?: string;
  labelKey: string;
  icon: ReactNode;
  roles?: readonly Role[];
  /** Module not shipped yet: rendered greyed out with a "coming soon" tooltip. */
  upcoming?: boolean;
  /** i18n keys of intermediate breadcrumb levels. */
  crumbs?: string[];
  /** A menu group: its entries (the group shows when one of them does). */
  children?: NavEntry[];
  /** For a page outside the menu: the menu group to keep open while it shows. */
  group?: string;
}

export const NAV: NavEntry[] = [
  { key: 'home', path: '/', labelKey: 'menu.home', icon: <HomeOutlined /> },
  {
    key: 'orgs',
    path: '/directory/orgs',
    labelKey: 'menu.orgs',
    icon: <ApartmentOutlined />,
    crumbs: ['menu.directory'],
  },
  {
    key: 'api-clients',
    path: '/directory/api-clients',
    labelKey: 'menu.apiClients',
    icon: <ApiOutlined />,
    roles: API_CLIENT_ROLES,
    crumbs: ['menu.directory'],
  },
  { key: 'audit', path: '/audit', labelKey: 'menu.audit', icon: <AuditOutlined />, roles: AUDIT_ROLES },
  {
    key: 'calendar',
    path: '/settings/calendar',
    labelKey: 'menu.calendar',
    icon: <CalendarOutlined />,
    roles: CALENDAR_EDIT_ROLES,
    crumbs: ['menu.settings'],
  },
  { key: 'catalog', path: '/catalog', labelKey: 'menu.catalog', icon: <DatabaseOutlined /> },
  {
    key: 'ledger',
    path: '/ledger',
    labelKey: 'menu.ledger',
    icon: <AccountBookOutlined />,
    roles: LEDGER_ROLES,
    crumbs: ['menu.catalog'],
  },
  { key: 'quality', path: '/quality', labelKey: 'menu.quality', icon: <SafetyCertificateOutlined />, roles: QUALITY_READ_ROLES },
  {
    key: 'quality-incidents',
    path: '/quality/incidents',
    labelKey: 'menu.qualityIncidents',
    icon: <AlertOutlined />,
    roles: INCIDENT_ROLES,
    crumbs: ['menu.quality'],
  },
  {
    key: 'sharing',
    labelKey: 'menu.sharing',
    icon: <ShareAltOutlined />,
    roles: SHARING_PARTY_ROLES,
    children: [
      { key: 'sharing-outbox', path: '/sharing/outbox', labelKey: 'menu.sharingOutbox', icon: <SendOutlined />, roles: SHARING_REQUESTER_ROLES, crumbs: ['menu.sharing'] },
      { key: 'sharing-inbox', path: '/sharing/inbox', labelKey: 'menu.sharingInbox', icon: <InboxOutlined />, roles: SHARING_DECIDER_ROLES, crumbs: ['menu.sharing'] },
      { key: 'sharing-grants', path: '/sharing/grants', labelKey: 'menu.sharingGrants', icon: <KeyOutlined />, roles: SHARING_GRANT_ROLES, crumbs: ['menu.sharing'] },
      { key: 'sharing-services', path: '/sharing/services', labelKey: 'menu.sharingServices', icon: <CloudServerOutlined />, roles: SHARING_REQUESTER_ROLES, crumbs: ['menu.sharing'] },
      { key: 'sharing-stats', path: '/sharing/stats', labelKey: 'menu.sharingStats', icon: <BarChartOutlined />, roles: SHARING_PARTY_ROLES, crumbs: ['menu.sharing'] },
    ],
  },
  // 电子证照 (issue 5): 亮证核验 for verifiers, the issuer's licences, verifier organisations, 免证办.
  { key: 'verify', path: '/verify', labelKey: 'verify.menu', icon: <ScanOutlined />, roles: VERIFY_ROLES },
  { key: 'credentials', path: '/credentials', labelKey: 'cred.menu', icon: <IdcardOutlined />, roles: ISSUER_ROLES },
  { key: 'verifiers', path: '/credentials/verifiers', labelKey: 'verifierOrgs.menu', icon: <ShopOutlined />, roles: VERIFIER_ADMIN_ROLES, crumbs: ['cred.menu'] },
  { key: 'evidence', path: '/evidence', labelKey: 'evidence.menu', icon: <FileDoneOutlined />, roles: EVIDENCE_ROLES },
  { key: 'city-brain', labelKey: 'menu.cityBrain', icon: <RadarChartOutlined />, upcoming: true },
];

/** Pages reachable outside the menu (header links). */
export const EXTRA_PAGES: NavEntry[] = [
  { key: 'account', path: '/account', labelKey: 'menu.account', icon: null },
  { key: 'sharing-new', path: '/sharing/requests/new', labelKey: 'menu.sharingNew', icon: null, crumbs: ['menu.sharing'], group: 'sharing' },
  // /sharing/requests/:id
  { key: 'sharing-request', path: '/sharing/requests', labelKey: 'menu.sharingRequest', icon: null, crumbs: ['menu.sharing'], group: 'sharing' },
  // /evidence/applications/:id
  { key: 'evidence-application', path: '/evidence/applications', labelKey: 'evidence.detailTitle', icon: null, crumbs: ['evidence.menu'] },
];

/** A 核验员 with no other role: the console is the verifier's page for them (and their account). */
export function isVerifierOnly(me: Me): boolean {
  return me.roles.length > 0 && me.roles.every((r) => r.role === 'verifier');
}

/** Whether the menu shows `entry` to `me`. */
export function entryAllowed(me: Me, entry: NavEntry): boolean {
  if (isVerifierOnly(me)) return entry.roles?.includes('verifier') ?? false;
  return !entry.roles || hasAnyRole(me, entry.roles);
}

/** Every entry with a page: the menu's, those inside its groups, and the extra pages. */
function allEntries(): NavEntry[] {
  return [...NAV.flatMap((e) => [e, ...(e.children ?? [])]), ...EXTRA_PAGES];
}

/** The key of the menu group holding `entry` (or named by a page outside the menu), if any. */
export function groupOf(entry: NavEntry): string | undefined {
  return NAV.find((e) => e.children?.some((c) => c.key === entry.key))?.key ?? entry.group;
}

/** The entry of `pathname`, or of its closest ancestor with an entry (e.g. /catalog/:id → /catalog). */
export function findEntry(pathname: string): NavEntry | undefined {
  const clean = pathname.replace(/\/+$/, '') || '/';
  const all = allEntries();
  return (
    all.find((e) => e.path === clean) ??
    all
      .filter((e) => e.path && e.path !== '/' && clean.startsWith(`${e.path}/`))
      .sort((a, b) => (b.path?.length ?? 0) - (a.path?.length ?? 0))[0]
  );
}
