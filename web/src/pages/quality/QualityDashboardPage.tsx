import { Alert, Button, Card, Col, Row, Table, Typography, type TableColumnsType } from 'antd';
import { CheckCircleOutlined, ClockCircleOutlined, ExclamationCircleOutlined, EyeOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api';
import ChartCard from '../../components/ChartCard';
import StatCard from '../../components/StatCard';
import { errorText, formatDateTime } from '../../format';
import { useRequest } from '../../hooks/useRequest';
import type { QualityDashboard } from '../../types';
import { DepartmentScoreChart, ScoreHistoryChart } from './QualityCharts';
import { ScoreTag } from './labels';

type ResourceRow = QualityDashboard['resources'][number];

const COUNTS = [
  { key: 'new', query: 'status=new', icon: <ExclamationCircleOutlined />, color: '#cf1322' },
  { key: 'acknowledged', query: 'status=acknowledged', icon: <EyeOutlined />, color: '#1677ff' },
  { key: 'resolved', query: 'status=resolved', icon: <CheckCircleOutlined />, color: '#389e0d' },
  { key: 'overdue', query: 'overdue=true', icon: <ClockCircleOutlined />, color: '#d4380d' },
] as const;

/** 数据质量: scores per department and resource, their recent history, and the incidents by state. */
export default function QualityDashboardPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data, error, loading, reload } = useRequest((signal) => api.get<QualityDashboard>('/api/quality/dashboard', undefined, { signal }), []);

  const columns: TableColumnsType<ResourceRow> = [
    {
      title: t('quality.resource'),
      dataIndex: 'name',
      render: (v: string | null, r) => (
        <Link to={`/catalog/${r.entryId}`}>
          {v ?? r.code ?? r.entryId} {r.code && <Typography.Text type="secondary">{r.code}</Typography.Text>}
        </Link>
      ),
    },
    { title: t('quality.department'), dataIndex: 'providerName', ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: t('quality.score'), dataIndex: 'score', width: 110, sorter: (a, b) => a.score - b.score, render: (v: number) => <ScoreTag score={v} /> },
    { title: t('quality.checkedAt'), dataIndex: 'checkedAt', width: 180, render: (v: string) => formatDateTime(v) },
  ];

  return (
    <div>
      <Card style={{ marginBottom: 16 }}>
        <Row justify="space-between" align="middle">
          <Col>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t('quality.title')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('quality.description')}</Typography.Text>
          </Col>
          <Col>
            <Button onClick={() => navigate('/quality/incidents')} style={{ marginRight: 8 }} data-testid="quality-view-incidents">
              {t('quality.viewIncidents')}
            </Button>
            <Button icon={<ReloadOutlined />} onClick={reload} loading={loading}>
              {t('common.refresh')}
            </Button>
          </Col>
        </Row>
      </Card>
      {error !== undefined && <Alert type="error" showIcon message={errorText(error, t)} style={{ marginBottom: 16 }} />}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {COUNTS.map((c) => (
          <Col key={c.key} flex="1 1 200px">
            <StatCard
              title={t(`quality.counts.${c.key}`)}
              value={data?.incidents[c.key]}
              loading={!data && loading}
              icon={c.icon}
              color={c.color}
              highlight={c.key === 'overdue' && (data?.incidents.overdue ?? 0) > 0}
              onClick={() => navigate(`/quality/incidents?${c.query}`)}
              testId={`quality-count-${c.key}`}
            />
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} xl={10}>
          <ChartCard title={t('quality.byDepartment')} data={data?.departments} empty={{ text: t('quality.empty'), testId: 'quality-dept-chart' }}>
            {(rows) => <DepartmentScoreChart data={rows} />}
          </ChartCard>
        </Col>
        <Col xs={24} xl={14}>
          <ChartCard title={t('quality.scoreHistory')} data={data?.history}>
            {(rows) => <ScoreHistoryChart data={rows} />}
          </ChartCard>
        </Col>
      </Row>
      <Card title={t('quality.byResource')}>
        <Table<ResourceRow>
          rowKey="entryId"
          loading={loading}
          columns={columns}
          dataSource={data?.resources ?? []}
          locale={{ emptyText: t('quality.empty') }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (total) => t('common.total', { total }) }}
          scroll={{ x: 800 }}
          data-testid="quality-resources"
        />
      </Card>
    </div>
  );
}
