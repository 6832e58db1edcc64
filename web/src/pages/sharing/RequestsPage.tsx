import type { HTMLAttributes } from 'react';
import { Alert, Button, Card, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { errorText, formatDateTime } from '../../format';
import { useRequest } from '../../hooks/useRequest';
import { REQUEST_STATUSES, type RequestStatus, type SharingRequest } from '../../types';
import { DeadlineCell, RequestStatusTag } from './labels';
import { fetchRequests, type Box } from './sharingApi';

const asStatus = (v: string | null): RequestStatus | undefined => ((REQUEST_STATUSES as readonly string[]).includes(v ?? '') ? (v as RequestStatus) : undefined);
const positive = (v: string | null, fallback: number): number => {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};

/**
 * 我的申请 (outbox: the requests of the user's departments) and 待我审批 (inbox: the requests waiting for the
 * user's decision). Filters and paging live in the URL.
 */
export default function RequestsPage({ box }: { box: Box }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const status = asStatus(params.get('status'));
  const page = positive(params.get('page'), 1);
  const pageSize = positive(params.get('pageSize'), 20);
  const list = useRequest((signal) => fetchRequests(box, { status, page, pageSize }, signal), [box, status, page, pageSize]);

  const update = (changes: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    setParams(next, { replace: true });
  };

  const columns: TableColumnsType<SharingRequest> = [
    {
      title: t('sharing.number'),
      dataIndex: 'number',
      width: 170,
      render: (v: string, r) => (
        <Link to={`/sharing/requests/${r.id}`} onClick={(e) => e.stopPropagation()} data-testid={`request-link-${r.id}`}>
          {v}
        </Link>
      ),
    },
    {
      title: t('sharing.resource'),
      dataIndex: 'resourceName',
      render: (v: string, r) => (
        <Space direction="vertical" size={0}>
          <strong>{v}</strong>
          <Typography.Text type="secondary">{r.resourceCode}</Typography.Text>
        </Space>
      ),
    },
    box === 'inbox'
      ? {
          title: t('sharing.consumer'),
          key: 'consumer',
          render: (_: unknown, r) => (
            <Space direction="vertical" size={0}>
              <span>{r.consumerName}</span>
              <Typography.Text type="secondary">{r.clientName}</Typography.Text>
            </Space>
          ),
        }
      : { title: t('sharing.provider'), dataIndex: 'providerName', ellipsis: true },
    box === 'inbox'
      ? { title: t('sharing.requestedBy'), dataIndex: 'requestedByName', width: 110 }
      : { title: t('sharing.client'), dataIndex: 'clientName', ellipsis: true },
    { title: t('sharing.submittedAt'), dataIndex: 'submittedAt', width: 170, render: (v: string) => formatDateTime(v) },
    { title: t('sharing.deadline'), dataIndex: 'deadline', width: 260, render: (_: unknown, r) => <DeadlineCell t={t} request={r} /> },
    { title: t('sharing.status'), dataIndex: 'status', width: 110, render: (v: RequestStatus) => <RequestStatusTag t={t} status={v} /> },
  ];

  return (
    <Card
      title={t(box === 'inbox' ? 'menu.sharingInbox' : 'menu.sharingOutbox')}
      extra={
        <Space>
          {box === 'outbox' && (
            <Button onClick={() => navigate('/catalog')} data-testid="sharing-find-resources">
              {t('sharing.findResources')}
            </Button>
          )}
          <Button icon={<ReloadOutlined />} onClick={list.reload} loading={list.loading}>
            {t('common.refresh')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t(box === 'inbox' ? 'sharing.inboxHint' : 'sharing.outboxHint')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select<RequestStatus>
          allowClear
          value={status}
          placeholder={t('sharing.filterStatus')}
          onChange={(v) => update({ status: v, page: undefined })}
          options={(box === 'inbox' ? (['pending_provider', 'pending_operator'] as const) : REQUEST_STATUSES).map((s) => ({ value: s, label: t(`sharing.statuses.${s}`) }))}
          style={{ width: 160 }}
          data-testid="sharing-filter-status"
        />
      </Space>
      {list.error !== undefined && <Alert type="error" showIcon message={errorText(list.error, t)} style={{ marginBottom: 16 }} />}
      <Table<SharingRequest>
        rowKey="id"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t(box === 'inbox' ? 'sharing.inboxEmpty' : 'sharing.outboxEmpty') }}
        onRow={(r) => ({ onClick: () => navigate(`/sharing/requests/${r.id}`), style: { cursor: 'pointer' }, 'data-testid': `request-row-${r.id}` }) as HTMLAttributes<HTMLElement>}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: (p, size) => update({ page: size !== pageSize ? undefined : p, pageSize: size === 20 ? undefined : size }),
        }}
        scroll={{ x: 1100 }}
        data-testid={`sharing-${box}-table`}
      />
    </Card>
  );
}
