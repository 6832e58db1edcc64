import { useState, type HTMLAttributes } from 'react';
import { Alert, Button, Card, Col, Row, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { ApiOutlined, CloseCircleOutlined, CloudServerOutlined, HistoryOutlined, KeyOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import ChartCard from '../../components/ChartCard';
import StatCard from '../../components/StatCard';
import { errorText, formatCount, formatDateTime } from '../../format';
import { useRequest } from '../../hooks/useRequest';
import type { ServiceCall, SharingStats } from '../../types';
import { operationLabel } from './labels';
import { CallsByChart, CallsPerDayChart } from './SharingCharts';
import { fetchCalls, fetchStats } from './sharingApi';

const DAYS = 30;
type ApprovalRow = SharingStats['approvals'][number];

const percent = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`);
const workdays = (v: number | null) => (v === null ? '—' : v.toFixed(1));

/** 调用统计 (共享一本账): services, grants, calls per day / resource / consumer, approval times, and the call log. */
export default function StatsPage() {
  const { t } = useTranslation();
  const stats = useRequest((signal) => fetchStats(DAYS, signal), []);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const calls = useRequest((signal) => fetchCalls({ page, pageSize }, signal), [page, pageSize]);
  const data = stats.data;
  const reload = () => {
    stats.reload();
    calls.reload();
  };

  const approvalColumns: TableColumnsType<ApprovalRow> = [
    { title: t('sharing.provider'), dataIndex: 'providerName' },
    { title: t('sharing.stats.decided'), dataIndex: 'decided', width: 90, align: 'right' },
    { title: t('sharing.stats.approved'), dataIndex: 'approved', width: 90, align: 'right' },
    { title: t('sharing.stats.rejected'), dataIndex: 'rejected', width: 90, align: 'right' },
    { title: t('sharing.stats.meanWorkdays'), dataIndex: 'meanWorkdays', width: 130, align: 'right', render: workdays },
    { title: t('sharing.stats.maxWorkdays'), dataIndex: 'maxWorkdays', width: 130, align: 'right', render: workdays },
    { title: t('sharing.stats.onTime'), dataIndex: 'onTimePct', width: 110, align: 'right', render: percent },
    { title: t('sharing.stats.pending'), dataIndex: 'pending', width: 90, align: 'right' },
    {
      title: t('sharing.overdue'),
      dataIndex: 'overdue',
      width: 90,
      align: 'right',
      render: (v: number) => (v > 0 ? <Typography.Text type="danger">{v}</Typography.Text> : v),
    },
  ];

  const callColumns: TableColumnsType<ServiceCall> = [
    { title: t('sharing.calls.at'), dataIndex: 'at', width: 170, render: (v: string) => formatDateTime(v) },
    {
      title: t('sharing.calls.system'),
      key: 'system',
      render: (_: unknown, c) => (
        <Space direction="vertical" size={0}>
          <span>{c.clientName}</span>
          <Typography.Text type="secondary">{c.consumerName}</Typography.Text>
        </Space>
      ),
    },
    { title: t('sharing.calls.endUser'), dataIndex: 'endUser', width: 120, render: (v: string | null, c) => <Tooltip title={c.businessRef ?? undefined}>{v ?? '—'}</Tooltip> },
    {
      title: t('sharing.calls.operation'),
      key: 'operation',
      width: 200,
      render: (_: unknown, c) => (
        <Space direction="vertical" size={0}>
          <span>{operationLabel(t, c.operation)}</span>
          {c.resourceCode && <Typography.Text type="secondary">{c.resourceCode}</Typography.Text>}
        </Space>
      ),
    },
    { title: t('sharing.calls.rows'), dataIndex: 'rows', width: 80, align: 'right', render: (v: number) => formatCount(v) },
    {
      title: t('sharing.calls.status'),
      dataIndex: 'status',
      width: 220,
      render: (v: number, c) => (
        <Space size={4} wrap>
          <Tag color={v < 400 ? 'success' : v === 429 ? 'warning' : 'error'} data-testid="call-status">
            {v}
          </Tag>
          {c.code && <Typography.Text type="secondary">{c.code}</Typography.Text>}
        </Space>
      ),
    },
    { title: t('sharing.calls.latency'), dataIndex: 'latencyMs', width: 100, align: 'right', render: (v: number) => `${v.toFixed(1)} ms` },
    {
      title: t('sharing.calls.hash'),
      dataIndex: 'responseHash',
      width: 170,
      render: (v: string | null, c) =>
        v ? (
          <Space size={4}>
            <Typography.Text code copyable={{ text: v, tooltips: [t('common.copy'), t('common.copied')] }} title={v}>
              {v.slice(0, 12)}…
            </Typography.Text>
            {c.signed && (
              <Tooltip title={t('sharing.calls.signed')}>
                <KeyOutlined style={{ color: '#389e0d' }} />
              </Tooltip>
            )}
          </Space>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <div>
      <Card style={{ marginBottom: 16 }}>
        <Row justify="space-between" align="middle">
          <Col>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t('sharing.stats.title')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('sharing.stats.description', { days: DAYS })}</Typography.Text>
          </Col>
          <Col>
            <Button icon={<ReloadOutlined />} onClick={reload} loading={stats.loading || calls.loading} data-testid="sharing-stats-refresh">
              {t('common.refresh')}
            </Button>
          </Col>
        </Row>
      </Card>
      {stats.error !== undefined && <Alert type="error" showIcon message={errorText(stats.error, t)} style={{ marginBottom: 16 }} />}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col flex="1 1 180px">
          <StatCard title={t('sharing.stats.services')} value={data?.servicesPublished} loading={!data} icon={<CloudServerOutlined />} color="#1554ad" valueTestId="sharing-stat-services" />
        </Col>
        <Col flex="1 1 180px">
          <StatCard title={t('sharing.stats.grantsActive')} value={data?.grantsActive} loading={!data} icon={<KeyOutlined />} color="#389e0d" valueTestId="sharing-stat-grants" />
        </Col>
        <Col flex="1 1 180px">
          <StatCard title={t('sharing.stats.callsInPeriod', { days: DAYS })} value={data?.callsInPeriod} loading={!data} icon={<ApiOutlined />} color="#08979c" valueTestId="sharing-stat-calls" />
        </Col>
        <Col flex="1 1 180px">
          <StatCard
            title={t('sharing.stats.failedInPeriod', { days: DAYS })}
            value={data?.failedInPeriod}
            loading={!data}
            icon={<CloseCircleOutlined />}
            color="#cf1322"
            highlight={(data?.failedInPeriod ?? 0) > 0}
            valueTestId="sharing-stat-failed"
          />
        </Col>
        <Col flex="1 1 180px">
          <StatCard title={t('sharing.stats.callsTotal')} value={data?.callsTotal} loading={!data} icon={<HistoryOutlined />} color="#722ed1" valueTestId="sharing-stat-total" />
        </Col>
      </Row>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24}>
          <ChartCard title={t('sharing.stats.perDay', { days: DAYS })} data={data?.perDay}>
            {(rows) => <CallsPerDayChart data={rows} days={DAYS} />}
          </ChartCard>
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard title={t('sharing.stats.byResource')} data={data?.byResource} empty={{ text: t('sharing.stats.noCalls'), testId: 'sharing-by-resource-chart' }}>
            {(rows) => <CallsByChart data={rows} testId="sharing-by-resource-chart" />}
          </ChartCard>
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard title={t('sharing.stats.byConsumer')} data={data?.byConsumer} empty={{ text: t('sharing.stats.noCalls'), testId: 'sharing-by-consumer-chart' }}>
            {(rows) => <CallsByChart data={rows} testId="sharing-by-consumer-chart" />}
          </ChartCard>
        </Col>
      </Row>
      <Card title={t('sharing.stats.approvals', { days: DAYS })} style={{ marginBottom: 16 }}>
        <Table<ApprovalRow>
          rowKey="providerOrgId"
          size="small"
          loading={stats.loading}
          columns={approvalColumns}
          dataSource={data?.approvals ?? []}
          locale={{ emptyText: t('sharing.stats.noApprovals') }}
          pagination={false}
          scroll={{ x: 1000 }}
          data-testid="sharing-approvals"
        />
      </Card>
      <Card title={t('sharing.calls.title')}>
        {calls.error !== undefined && <Alert type="error" showIcon message={errorText(calls.error, t)} style={{ marginBottom: 16 }} />}
        <Table<ServiceCall>
          rowKey="id"
          size="small"
          loading={calls.loading}
          columns={callColumns}
          dataSource={calls.data?.items ?? []}
          locale={{ emptyText: t('sharing.calls.empty') }}
          onRow={(c) => ({ 'data-testid': `call-row-${c.id}` }) as HTMLAttributes<HTMLElement>}
          pagination={{
            current: page,
            pageSize,
            total: calls.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (p, size) => {
              setPage(size !== pageSize ? 1 : p);
              setPageSize(size);
            },
          }}
          scroll={{ x: 1200 }}
          data-testid="sharing-calls"
        />
      </Card>
    </div>
  );
}
