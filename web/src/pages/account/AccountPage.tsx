import { Button, Card, Col, Descriptions, Row, Space, Tag, Typography } from 'antd';
import { StopOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../auth/session';
import { ROLE_COLORS, roleLabel } from '../../format';
import { useSignOut } from '../../hooks/useSignOut';
import TotpCard from './TotpCard';

export default function AccountPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const { confirmSignOutEverywhere } = useSignOut();

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}>
        <Card title={t('account.profile')} style={{ height: '100%' }}>
          <Descriptions column={1} size="small" data-testid="account-profile">
            <Descriptions.Item label={t('user.name')}>{me.name}</Descriptions.Item>
            <Descriptions.Item label={t('user.username')}>{me.username}</Descriptions.Item>
            <Descriptions.Item label={t('user.mobile')}>{me.mobileMasked}</Descriptions.Item>
            <Descriptions.Item label={t('user.posts')}>
              {me.posts.length === 0 ? (
                t('common.none')
              ) : (
                <Space direction="vertical" size={2}>
                  {me.posts.map((p) => (
                    <span key={`${p.orgId}-${p.title}`}>
                      {p.orgName} · {p.title}
                      {p.primary && (
                        <Tag color="blue" style={{ marginLeft: 8 }}>
                          {t('user.primary')}
                        </Tag>
                      )}
                    </span>
                  ))}
                </Space>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('user.roles')}>
              {me.roles.length === 0 ? (
                t('common.none')
              ) : (
                <Space size={[0, 4]} wrap>
                  {me.roles.map((r) => (
                    <Tag key={r.id} color={ROLE_COLORS[r.role]}>
                      {roleLabel(r.role, t)} · {r.orgName}
                    </Tag>
                  ))}
                </Space>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('account.totpStatus')}>
              {me.totpEnabled ? t('account.totpOn') : t('account.totpOff')}
            </Descriptions.Item>
          </Descriptions>
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <TotpCard />
          <Card title={t('account.security')}>
            <Typography.Paragraph type="secondary">{t('account.logoutAllDesc')}</Typography.Paragraph>
            <Button danger icon={<StopOutlined />} onClick={confirmSignOutEverywhere} data-testid="account-logout-all">
              {t('header.logoutAll')}
            </Button>
          </Card>
        </Space>
      </Col>
    </Row>
  );
}
