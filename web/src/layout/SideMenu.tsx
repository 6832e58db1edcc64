import { useEffect, useState } from 'react';
import { Menu, Tooltip, type MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';
import { useSession } from '../auth/session';
import { entryAllowed as allowed, findEntry, groupOf, NAV, type NavEntry } from './nav';

export default function SideMenu({ collapsed }: { collapsed: boolean }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const active = findEntry(location.pathname);
  const activeGroup = active ? groupOf(active) : undefined;
  const [openKeys, setOpenKeys] = useState<string[]>(activeGroup ? [activeGroup] : []);

  // Arriving on a page inside a group (a link, the address bar) opens that group.
  useEffect(() => {
    if (activeGroup) setOpenKeys((keys) => (keys.includes(activeGroup) ? keys : [...keys, activeGroup]));
  }, [activeGroup]);

  // A group shows the entries the user may use, and only when there is one.
  const visible = NAV.filter((e) => allowed(me, e))
    .map((e) => (e.children ? { ...e, children: e.children.filter((c) => allowed(me, c)) } : e))
    .filter((e) => !e.children || e.children.length > 0);
  const live = visible.filter((e) => !e.upcoming);
  const upcoming = visible.filter((e) => e.upcoming);

  const leaf = (e: NavEntry) => ({
    key: e.key,
    icon: e.icon,
    label: <span data-testid={`nav-${e.key}`}>{t(e.labelKey)}</span>,
    onClick: () => e.path && navigate(e.path),
  });

  const items: MenuProps['items'] = [
    ...live.map((e) =>
      e.children
        ? { key: e.key, icon: e.icon, label: <span data-testid={`nav-${e.key}`}>{t(e.labelKey)}</span>, children: e.children.map(leaf) }
        : leaf(e),
    ),
    // Modules not shipped yet, greyed out (none for a verifier, whose console is one page).
    ...(upcoming.length
      ? [
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
        ]
      : []),
  ];

  return (
    <Menu
      mode="inline"
      selectedKeys={active ? [active.key] : []}
      openKeys={openKeys}
      onOpenChange={setOpenKeys}
      items={items}
      style={{ borderInlineEnd: 'none' }}
    />
  );
}
