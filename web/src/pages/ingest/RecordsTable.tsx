import { Alert, Table, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText, formatDateTime } from '../../format';
import type { RequestState } from '../../hooks/useRequest';
import type { CatalogItem, IngestRecord, Page } from '../../types';

export interface PageState {
  page: number;
  pageSize: number;
  onChange: (page: number, pageSize: number) => void;
}

const META = new Set(['_updatedAt', '_batch', '__row']);

function display(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? '✓' : '✗';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** A resource's records as the server sends them (already masked): one column per item, by its Chinese name. */
export default function RecordsTable({ items, records, paging }: { items: CatalogItem[]; records: RequestState<Page<IngestRecord>>; paging: PageState }) {
  const { t } = useTranslation();
  const rows = (records.data?.items ?? []).map((r, i) => ({ ...r, __row: (paging.page - 1) * paging.pageSize + i }));
  // Items of the entry first; codes the stored table has beyond them (a draft may differ) after, by code.
  const known = new Set(items.map((i) => i.code));
  const extra = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((k) => !known.has(k) && !META.has(k));
  const columns: TableColumnsType<IngestRecord & { __row: number }> = [
    ...[...items.map((i) => ({ code: i.code, name: i.name })), ...extra.map((code) => ({ code, name: code }))].map((c) => ({
      title: c.name,
      dataIndex: c.code,
      key: c.code,
      ellipsis: true,
      render: (v: unknown) => display(v),
    })),
    { title: t('ingest.updatedAt'), dataIndex: '_updatedAt', key: '_updatedAt', width: 170, render: (v: string) => formatDateTime(v) },
  ];
  return (
    <>
      <Alert type="info" showIcon message={t('ingest.maskedNote')} style={{ marginBottom: 12 }} data-testid="resource-masked-note" />
      {records.error !== undefined && <Alert type="error" showIcon message={errorText(records.error, t)} style={{ marginBottom: 12 }} />}
      <Table
        rowKey="__row"
        size="small"
        loading={records.loading}
        columns={columns}
        dataSource={rows}
        locale={{ emptyText: <Typography.Text type="secondary">{t('ingest.noRecords')}</Typography.Text> }}
        scroll={{ x: Math.max(720, columns.length * 140) }}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: records.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100, 200],
          showTotal: (total) => t('common.total', { total }),
          onChange: paging.onChange,
        }}
        data-testid="resource-records"
      />
    </>
  );
}
