import type { HTMLAttributes } from 'react';
import { Alert, Button, Card, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../../api';
import { errorText, formatDateTime } from '../../format';
import { useRequest } from '../../hooks/useRequest';
import { INCIDENT_STATUSES, type Incident, type IncidentStatus, type Page } from '../../types';
import { DeadlineCell, failedText, IncidentStatusTag, ruleLabel } from './labels';

type OverdueFilter = 'true' | 'false';

const asStatus = (v: string | null): IncidentStatus | undefined => (INCIDENT_STATUSES as readonly string[]).includes(v ?? '') ? (v as IncidentStatus) : undefined;
const asOverdue = (v: string | null): OverdueFilter | undefined => (v === 'true' || v === 'false' ? v : undefined);
const positive = (v: string | null, fallback: number): number => {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};

/** 问题工单: the incidents the caller may see, filtered by state and escalation; filters live in the URL. */
export default function IncidentsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const status = asStatus(params.get('status'));
  const overdue = asOverdue(params.get('overdue'));
  const page = positive(params.get('page'), 1);
  const pageSize = positive(params.get('pageSize'), 20);

  const list = useRequest(
    (signal) => api.get<Page<Incident>>('/api/quality/incidents', { status, overdue, page, pageSize }, { signal }),
    [status, overdue, page, pageSize],
  );

  const update = (changes: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    setParams(next, { replace: true });
  };

  const columns: TableColumnsType<Incident> = [
    {
      title: t('quality.resource'),
      dataIndex: 'resourceName',
      render: (v: string | null, i) => (
        <Link to={`/quality/incidents/${i.id}`} onClick={(e) => e.stopPropagation()}>
          <strong>{v ?? i.resourceCode ?? i.entryId}</strong>
          {i.resourceCode && <div><Typography.Text type="secondary">{i.resourceCode}</Typography.Text></div>}
        </Link>
      ),
    },
    { title: t('quality.department'), dataIndex: 'providerName', ellipsis: true, render: (v: string | null) => v ?? '—' },
    {
      title: t('quality.rule'),
      key: 'rule',
      render: (_: unknown, i) => (
        <Space direction="vertical" size={0}>
          <span>{ruleLabel(t, i)}</span>
          <Typography.Text type="secondary" ellipsis style={{ maxWidth: 260 }} title={i.title}>
            {i.title}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('quality.failedEvaluated'), key: 'failed', width: 120, align: 'right', render: (_: unknown, i) => failedText(i) },
    { title: t('quality.openedAt'), dataIndex: 'openedAt', width: 170, render: (v: string) => formatDateTime(v) },
    { title: t('quality.deadline'), dataIndex: 'deadline', width: 200, render: (_: string, i) => <DeadlineCell t={t} incident={i} /> },
    { title: t('ingest.status'), dataIndex: 'status', width: 90, render: (v: IncidentStatus) => <IncidentStatusTag t={t} status={v} /> },
  ];

  return (
    <Card
      title={t('menu.qualityIncidents')}
      extra={
        <Button icon={<ReloadOutlined />} onClick={list.reload} loading={list.loading}>
          {t('common.refresh')}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Select<IncidentStatus>
          allowClear
          value={status}
          placeholder={t('quality.filterStatus')}
          onChange={(v) => update({ status: v, page: undefined })}
          options={INCIDENT_STATUSES.map((s) => ({ value: s, label: t(`quality.statuses.${s}`) }))}
          style={{ width: 150 }}
          data-testid="incident-filter-status"
        />
        <Select<OverdueFilter>
          allowClear
          value={overdue}
          placeholder={t('quality.filterOverdue')}
          onChange={(v) => update({ overdue: v, page: undefined })}
          options={[
            { value: 'true', label: t('quality.overdueOnly') },
            { value: 'false', label: t('quality.notOverdue') },
          ]}
          style={{ width: 180 }}
          data-testid="incident-filter-overdue"
        />
        <Button onClick={() => setParams(new URLSearchParams(), { replace: true })}>{t('common.reset')}</Button>
      </Space>
      {list.error !== undefined && <Alert type="error" showIcon message={errorText(list.error, t)} style={{ marginBottom: 16 }} />}
      <Table<Incident>
        rowKey="id"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        onRow={(i) => ({ onClick: () => navigate(`/quality/incidents/${i.id}`), style: { cursor: 'pointer' }, 'data-testid': `incident-row-${i.id}` }) as HTMLAttributes<HTMLElement>}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: (p, size) => update({ page: size !== pageSize ? undefined : p, pageSize: size === 20 ? undefined : size }),
        }}
        scroll={{ x: 1100 }}
        data-testid="quality-incidents-table"
      />
    </Card>
  );
}
