import { useState } from 'react';
import { Alert, Card, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { errorText, formatDateTime } from '../../format';
import { useRequest } from '../../hooks/useRequest';
import type { AuditRecord, Page } from '../../types';
import AuditFilters, { type AuditFilter } from './AuditFilters';
import AuditRecordDetail from './AuditRecordDetail';
import VerifyChainButton from './VerifyChainButton';

const KIND_COLORS: Record<AuditRecord['actorKind'], string> = { user: 'blue', client: 'orange', citizen: 'green', system: 'default' };

export default function AuditLogPage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<AuditFilter>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);

  const { data, error, loading } = useRequest(
    (signal) => api.get<Page<AuditRecord>>('/api/audit/records', { ...filter, page, pageSize }, { signal }),
    [filter, page, pageSize],
  );

  const columns: TableColumnsType<AuditRecord> = [
    { title: t('audit.seq'), dataIndex: 'seq', width: 80 },
    { title: t('audit.time'), dataIndex: 'at', width: 170, render: (v: string) => formatDateTime(v) },
    {
      title: t('audit.actor'),
      key: 'actor',
      width: 180,
      render: (_: unknown, r) => (
        <Space size={4}>
          <Tag color={KIND_COLORS[r.actorKind]}>{t(`audit.actorKinds.${r.actorKind}`)}</Tag>
          <span title={r.actorId ?? undefined} style={{ whiteSpace: 'nowrap' }}>
            {r.actorName ?? r.actorId ?? t('common.none')}
          </span>
        </Space>
      ),
    },
    {
      title: t('audit.org'),
      dataIndex: 'orgName',
      width: 180,
      ellipsis: true,
      render: (v: string | null) => v ?? t('common.none'),
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      width: 230,
      ellipsis: true,
      render: (v: string) => (
        <Typography.Text code title={v}>
          {v}
        </Typography.Text>
      ),
    },
    {
      title: t('audit.target'),
      key: 'target',
      width: 220,
      render: (_: unknown, r) =>
        r.targetType || r.targetId ? (
          <Typography.Text ellipsis style={{ maxWidth: 200 }} title={`${r.targetType ?? ''} ${r.targetId ?? ''}`}>
            {r.targetType}
            {r.targetId ? <Typography.Text type="secondary"> {r.targetId}</Typography.Text> : null}
          </Typography.Text>
        ) : (
          t('common.none')
        ),
    },
    {
      title: t('audit.requestId'),
      dataIndex: 'requestId',
      width: 160,
      render: (v: string | null) =>
        v ? (
          <Typography.Text copyable={{ text: v }} ellipsis style={{ maxWidth: 140, fontSize: 12 }} title={v}>
            {v}
          </Typography.Text>
        ) : (
          t('common.none')
        ),
    },
    { title: t('audit.ip'), dataIndex: 'ip', width: 130, render: (v: string | null) => v ?? t('common.none') },
  ];

  return (
    <Card title={t('audit.title')} extra={<VerifyChainButton />}>
      <div style={{ marginBottom: 16 }}>
        <AuditFilters
          onChange={(f) => {
            setFilter(f);
            setPage(1);
          }}
        />
      </div>
      {error !== undefined && <Alert type="error" showIcon message={errorText(error, t)} style={{ marginBottom: 16 }} />}
      <Table<AuditRecord>
        rowKey="seq"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data?.items ?? []}
        expandable={{
          expandedRowRender: (r) => <AuditRecordDetail record={r} />,
          rowExpandable: () => true,
        }}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (total) => t('common.total', { total }),
          onChange: (p, s) => {
            setPage(s !== pageSize ? 1 : p);
            setPageSize(s);
          },
        }}
        scroll={{ x: 1400 }}
        data-testid="audit-table"
      />
    </Card>
  );
}
