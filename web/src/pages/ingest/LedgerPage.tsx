import { Alert, Button, Card, Col, Row, Table, Typography, type TableColumnsType } from 'antd';
import { ApartmentOutlined, DatabaseOutlined, FileAddOutlined, ReloadOutlined, TableOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api';
import ChartCard from '../../components/ChartCard';
import StatCard from '../../components/StatCard';
import { errorText, formatCount, formatDateTime } from '../../format';
import { useRequest } from '../../hooks/useRequest';
import type { Ledger } from '../../types';
import { DailyVolumeChart, DepartmentRecordsChart } from './LedgerCharts';

const DAYS = 30;
type ResourceRow = Ledger['byResource'][number];

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
          <StatCard title={t('ledger.resources')} value={data?.totals.resources} loading={!data} icon={<TableOutlined />} color="#1554ad" valueTestId="ledger-total-resources" />
        </Col>
        <Col flex="1 1 200px">
          <StatCard title={t('ledger.records')} value={data?.totals.records} loading={!data} icon={<DatabaseOutlined />} color="#08979c" valueTestId="ledger-total-records" />
        </Col>
        <Col flex="1 1 200px">
          <StatCard title={t('ledger.departments')} value={data?.byDepartment.length} loading={!data} icon={<ApartmentOutlined />} color="#722ed1" valueTestId="ledger-departments" />
        </Col>
        <Col flex="1 1 200px">
          <StatCard
            title={t('ledger.recentInserted', { days: DAYS })}
            value={recentInserted}
            loading={!data}
            icon={<FileAddOutlined />}
            color="#389e0d"
            valueTestId="ledger-recent-inserted"
          />
        </Col>
      </Row>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} xl={10}>
          <ChartCard title={t('ledger.byDepartment')} data={data?.byDepartment} empty={{ text: t('ledger.empty'), testId: 'ledger-dept-chart' }}>
            {(rows) => <DepartmentRecordsChart data={rows} />}
          </ChartCard>
        </Col>
        <Col xs={24} xl={14}>
          <ChartCard title={t('ledger.daily', { days: DAYS })} data={data?.daily}>
            {(rows) => <DailyVolumeChart data={rows} days={DAYS} />}
          </ChartCard>
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
