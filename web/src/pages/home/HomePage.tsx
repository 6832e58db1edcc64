import type { ReactNode } from 'react';
import { Alert, Button, Card, Col, Row, Skeleton, Statistic, Typography } from 'antd';
import {
  ApartmentOutlined,
  ApiOutlined,
  AuditOutlined,
  BankOutlined,
  ReloadOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router-dom';
import { isVerifierOnly } from '../../layout/nav';
import { api } from '../../api';
import { primaryPost, useSession } from '../../auth/session';
import { errorText } from '../../format';
import { useRequest } from '../../hooks/useRequest';
import type { StatsOverview } from '../../types';
import { AuditPerDayChart, OrgsByLevelChart } from './Charts';

interface StatDef {
  key: keyof Pick<StatsOverview, 'orgs' | 'departments' | 'users' | 'apiClients' | 'auditRecords'>;
  labelKey: string;
  icon: ReactNode;
  color: string;
}

const STATS: StatDef[] = [
  { key: 'orgs', labelKey: 'home.orgs', icon: <BankOutlined />, color: '#1554ad' },
  { key: 'departments', labelKey: 'home.departments', icon: <ApartmentOutlined />, color: '#08979c' },
  { key: 'users', labelKey: 'home.users', icon: <TeamOutlined />, color: '#389e0d' },
  { key: 'apiClients', labelKey: 'home.apiClients', icon: <ApiOutlined />, color: '#d46b08' },
  { key: 'auditRecords', labelKey: 'home.auditRecords', icon: <AuditOutlined />, color: '#722ed1' },
];

/** A 核验员's console is the verify page; everyone else gets the platform's overview. */
export default function HomePage() {
  const { me } = useSession();
  return isVerifierOnly(me) ? <Navigate to="/verify" replace /> : <StaffHome />;
}

function StaffHome() {
  const { t } = useTranslation();
  const { me } = useSession();
  const { data, error, loading, reload } = useRequest(
    (signal) => api.get<StatsOverview>('/api/stats/overview', undefined, { signal }),
    [],
  );
  const post = primaryPost(me);

  return (
    <div>
      <Card style={{ marginBottom: 16 }}>
        <Row justify="space-between" align="middle">
          <Col>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t('home.welcome', { name: me.name })}
            </Typography.Title>
            <Typography.Text type="secondary">
              {post ? `${post.orgName} · ${post.title} — ` : ''}
              {t('home.welcomeSub')}
            </Typography.Text>
          </Col>
          <Col>
            <Button icon={<ReloadOutlined />} onClick={reload} loading={loading}>
              {t('common.refresh')}
            </Button>
          </Col>
        </Row>
      </Card>

      {error !== undefined && (
        <Alert type="error" showIcon message={errorText(error, t)} style={{ marginBottom: 16 }} />
      )}

      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {STATS.map((s) => (
          <Col key={s.key} flex="1 1 200px">
            <Card data-testid={`stat-${s.key}`}>
              <Statistic
                title={t(s.labelKey)}
                value={data?.[s.key] ?? 0}
                loading={loading && !data}
                prefix={<span style={{ color: s.color, marginRight: 4 }}>{s.icon}</span>}
              />
            </Card>
          </Col>
        ))}
      </Row>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title={t('home.orgsByLevel')}>
            {data ? <OrgsByLevelChart data={data.orgsByLevel} /> : <Skeleton active paragraph={{ rows: 6 }} />}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('home.auditPerDay')}>
            {data ? <AuditPerDayChart data={data.auditPerDay} /> : <Skeleton active paragraph={{ rows: 6 }} />}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
