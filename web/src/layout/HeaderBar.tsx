import { Avatar, Dropdown, Flex, Typography, type MenuProps } from 'antd';
import { DownOutlined, LogoutOutlined, SettingOutlined, StopOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { primaryPost, useSession } from '../auth/session';
import { useSignOut } from '../hooks/useSignOut';
import LanguageSwitch from './LanguageSwitch';

export default function HeaderBar() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { me } = useSession();
  const { signOut, confirmSignOutEverywhere } = useSignOut();
  const post = primaryPost(me);

  const items: MenuProps['items'] = [
    {
      key: 'account',
      icon: <SettingOutlined />,
      label: <span data-testid="menu-account">{t('header.account')}</span>,
      onClick: () => navigate('/account'),
    },
    { type: 'divider' },
    {
      key: 'logout',
      icon: <LogoutOutlined />,
      label: <span data-testid="logout">{t('header.logout')}</span>,
      onClick: () => void signOut(false),
    },
    {
      key: 'logout-all',
      icon: <StopOutlined />,
      danger: true,
      label: <span data-testid="logout-all">{t('header.logoutAll')}</span>,
      onClick: confirmSignOutEverywhere,
    },
  ];

  return (
    <Flex align="center" justify="space-between" style={{ height: '100%', gap: 16 }}>
      <Link to="/" style={{ display: 'flex', alignItems: 'center', gap: 12, minWidth: 0 }}>
        <Logo />
        <Typography.Text
          strong
          ellipsis
          style={{ color: '#fff', fontSize: 18, letterSpacing: 1 }}
          data-testid="brand"
        >
          {t('app.brand')}
        </Typography.Text>
      </Link>
      <Flex align="center" gap={20} style={{ flexShrink: 0 }}>
        <LanguageSwitch />
        <Dropdown menu={{ items }} placement="bottomRight" trigger={['click', 'hover']}>
          <Flex
            align="center"
            gap={8}
            style={{ cursor: 'pointer', color: '#fff', lineHeight: 1.3 }}
            data-testid="header-user"
          >
            <Avatar size="small" icon={<UserOutlined />} style={{ background: '#1554ad' }} />
            <Flex vertical>
              <span data-testid="header-user-name">{me.name}</span>
              <span style={{ fontSize: 12, opacity: 0.75 }} data-testid="header-user-org">
                {post?.orgName ?? t('header.noOrg')}
              </span>
            </Flex>
            <DownOutlined style={{ fontSize: 10 }} />
          </Flex>
        </Dropdown>
      </Flex>
    </Flex>
  );
}

function Logo() {
  return (
    <svg width="28" height="28" viewBox="0 0 32 32" aria-hidden="true">
      <rect width="32" height="32" rx="6" fill="#1554ad" />
      <path d="M7 24V12l5-3v15m3 0V6l5 3v15m3 0v-9l3-2v11" stroke="#fff" strokeWidth="2" fill="none" />
    </svg>
  );
}
