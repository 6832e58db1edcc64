import type { ReactNode } from 'react';
import { Alert, Button, Card, Col, Empty, Row, Skeleton, Statistic, Table, Typography, type TableColumnsType } from 'antd';
import { ApartmentOutlined, DatabaseOutlined, FileAddOutlined, ReloadOutlined, TableOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api';
import { errorText, formatCount, formatDateTime } from '../../format';
import { useRequest } from '../../hooks/useRequest';
import type { Ledger } from '../../types';
import { DailyVolumeChart, DepartmentRecordsChart } from './LedgerCharts';

const DAYS = 30;
type ResourceRow = Ledger['byResource'][number];

function Kpi({ title, value, icon, color, testId }: { title: string; value: number | undefined; icon: ReactNode; color: string; testId: string }) {
  return (
    <Card>
      <Statistic
        title={title}
        value={value ?? 0}
        loading={value === undefined}
        prefix={<span style={{ color, marginRight: 4 }}>{icon}</span>}
        valueRender={(node) => <span data-testid={testId}>{node}</span>}
      />
    </Card>
  );
}

/** 数据资源一本账: what has been aggregated, per department and resource, and how it moved lately. */
export default function LedgerPage() {
  const { t } = useTranslation();
  const { data, error, loading, reload } = useRequest((signal) => api.get<Ledger>('/api/ingest/ledger', { days: DAYS }, { signal }), []);
  const recentInserted = data?.daily.reduce((s, d) => s + d.inserted, 0);

  const columns: TableColumnsType<ResourceRow> = [
    { title: t('catalog.code'), dataIndex: 'code', width: 170, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    {
      title: t('catalog.name'),
      dataIndex: 'name',
      render: (v: string, r) => (
        <Link to={`/catalog/${r.entryId}?tab=data`} data-testid={`ledger-row-${r.code}`}>
          {v}
        </Link>
      ),
    },
    { title: t('catalog.provider'), dataIndex: 'providerName', ellipsis: true },
    { title: t('ledger.records'), dataIndex: 'records', width: 140, align: 'right', sorter: (a, b) => a.records - b.records, render: (v: number) => formatCount(v) },
    {
      title: t('ledger.lastBatchAt'),
      dataIndex: 'lastBatchAt',
      width: 180,
      render: (v: string | null) => (v ? formatDateTime(v) : <Typography.Text type="secondary">{t('ledger.never')}</Typography.Text>),
    },
  ];

  return (
    <div>
      <Card style={{ marginBottom: 16 }}>
        <Row justify="space-between" align="middle">
          <Col>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t('ledger.title')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('ledger.description')}</Typography.Text>
          </Col>
          <Col>
            <Button icon={<ReloadOutlined />} onClick={reload} loading={loading}>
              {t('common.refresh')}
            </Button>
          </Col>
        </Row>
      </Card>
      {error !== undefined && <Alert type="error" showIcon message={errorText(error, t)} style={{ marginBottom: 16 }} />}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col flex="1 1 200px">
          <Kpi title={t('ledger.resources')} value={data?.totals.resources} icon={<TableOutlined />} color="#1554ad" testId="ledger-total-resources" />
        </Col>
        <Col flex="1 1 200px">
          <Kpi title={t('ledger.records')} value={data?.totals.records} icon={<DatabaseOutlined />} color="#08979c" testId="ledger-total-records" />
        </Col>
        <Col flex="1 1 200px">
          <Kpi title={t('ledger.departments')} value={data?.byDepartment.length} icon={<ApartmentOutlined />} color="#722ed1" testId="ledger-departments" />
        </Col>
        <Col flex="1 1 200px">
          <Kpi title={t('ledger.recentInserted', { days: DAYS })} value={recentInserted} icon={<FileAddOutlined />} color="#389e0d" testId="ledger-recent-inserted" />
        </Col>
      </Row>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} xl={10}>
          <Card title={t('ledger.byDepartment')}>
            {!data ? (
              <Skeleton active paragraph={{ rows: 6 }} />
            ) : data.byDepartment.length ? (
              <DepartmentRecordsChart data={data.byDepartment} />
            ) : (
              <Empty description={t('ledger.empty')} data-testid="ledger-dept-chart" />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card title={t('ledger.daily', { days: DAYS })}>
            {data ? <DailyVolumeChart data={data.daily} days={DAYS} /> : <Skeleton active paragraph={{ rows: 6 }} />}
          </Card>
        </Col>
      </Row>
      <Card title={t('ledger.resourceTable')}>
        <Table<ResourceRow>
          rowKey="entryId"
          loading={loading}
          columns={columns}
          dataSource={data?.byResource ?? []}
          locale={{ emptyText: t('ledger.empty') }}
          pagination={{ pageSize: 20, showTotal: (total) => t('common.total', { total }), hideOnSinglePage: true }}
          scroll={{ x: 900 }}
          data-testid="ledger-resources"
        />
      </Card>
    </div>
  );
}
