import { Menu, Tooltip, type MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';
import { hasAnyRole, useSession } from '../auth/session';
import { findEntry, NAV } from './nav';

export default function SideMenu({ collapsed }: { collapsed: boolean }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const active = findEntry(location.pathname);

  const visible = NAV.filter((e) => !e.roles || hasAnyRole(me, e.roles));
  const live = visible.filter((e) => !e.upcoming);
  const upcoming = visible.filter((e) => e.upcoming);

  const items: MenuProps['items'] = [
    ...live.map((e) => ({
      key: e.key,
      icon: e.icon,
      label: <span data-testid={`nav-${e.key}`}>{t(e.labelKey)}</span>,
      onClick: () => e.path && navigate(e.path),
    })),
    { type: 'divider' as const },
    {
      type: 'group' as const,
      key: 'upcoming',
      label: collapsed ? null : t('menu.upcoming'),
      children: upcoming.map((e) => ({
        key: e.key,
        icon: e.icon,
        disabled: true,
        label: (
          <Tooltip title={t('common.comingSoon')} placement="right">
            <span data-testid={`nav-${e.key}`} aria-disabled="true" style={{ display: 'inline-block', width: '100%' }}>
              {t(e.labelKey)}
            </span>
          </Tooltip>
        ),
      })),
    },
  ];

  return (
    <Menu
      mode="inline"
      selectedKeys={active ? [active.key] : []}
      items={items}
      style={{ borderInlineEnd: 'none' }}
    />
  );
}
