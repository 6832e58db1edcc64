import { useState } from 'react';
import { Alert, Button, Table, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { errorText, formatCount, formatDateTime } from '../../format';
import { useRequest } from '../../hooks/useRequest';
import type { IngestBatch, Page } from '../../types';
import { BatchSourceTag, BatchStatusTag, RejectedDownload } from './labels';

const count = (v: number) => formatCount(v);

/** The import batches of a resource, newest first, with their counters and the rejected rows to download. */
export default function BatchesTable({ entryId }: { entryId: string }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const batches = useRequest(
    (signal) =>
      api.get<Page<IngestBatch>>(`/api/ingest/resources/${encodeURIComponent(entryId)}/batches`, { limit: pageSize, offset: (page - 1) * pageSize }, { signal }),
    [entryId, page, pageSize],
  );

  const columns: TableColumnsType<IngestBatch> = [
    { title: t('ingest.batch'), dataIndex: 'id', width: 80, render: (v: number) => <Typography.Text code>#{v}</Typography.Text> },
    { title: t('ingest.batchTime'), dataIndex: 'startedAt', width: 170, render: (v: string) => formatDateTime(v) },
    { title: t('ingest.source'), dataIndex: 'source', width: 100, render: (v: string) => <BatchSourceTag t={t} source={v} /> },
    { title: t('ingest.fileName'), dataIndex: 'sourceName', ellipsis: true },
    { title: t('ingest.status'), dataIndex: 'status', width: 90, render: (v: string) => <BatchStatusTag t={t} status={v} /> },
    { title: t('ingest.rowsRead'), dataIndex: 'rowsRead', width: 80, align: 'right', render: count },
    { title: t('ingest.inserted'), dataIndex: 'inserted', width: 80, align: 'right', render: count },
    { title: t('ingest.updated'), dataIndex: 'updated', width: 80, align: 'right', render: count },
    { title: t('ingest.unchanged'), dataIndex: 'unchanged', width: 80, align: 'right', render: count },
    {
      title: t('ingest.rejected'),
      dataIndex: 'rejected',
      width: 90,
      align: 'right',
      render: (v: number) => (v > 0 ? <Typography.Text type="danger">{count(v)}</Typography.Text> : count(v)),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_: unknown, b) => (b.rejected > 0 ? <RejectedDownload batchId={b.id} testId={`batch-rejected-${b.id}`} /> : null),
    },
  ];

  return (
    <>
      <div style={{ textAlign: 'right', marginBottom: 8 }}>
        <Button size="small" icon={<ReloadOutlined />} onClick={batches.reload} loading={batches.loading}>
          {t('common.refresh')}
        </Button>
      </div>
      {batches.error !== undefined && <Alert type="error" showIcon message={errorText(batches.error, t)} style={{ marginBottom: 12 }} />}
      <Table<IngestBatch>
        rowKey="id"
        size="small"
        loading={batches.loading}
        columns={columns}
        dataSource={batches.data?.items ?? []}
        locale={{ emptyText: t('ingest.noBatches') }}
        scroll={{ x: 1100 }}
        pagination={{
          current: page,
          pageSize,
          total: batches.data?.total ?? 0,
          showTotal: (total) => t('common.total', { total }),
          onChange: (p, size) => {
            setPage(size !== pageSize ? 1 : p);
            setPageSize(size);
          },
        }}
        data-testid="resource-batches"
      />
    </>
  );
}
