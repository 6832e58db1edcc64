import { useState } from 'react';
import { Alert, App, Button, Card, Popconfirm, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined, ReloadOutlined, StopOutlined, SyncOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { errorText, formatDateTime } from '../../format';
import { useRequest } from '../../hooks/useRequest';
import type { ApiClient, ApiClientWithKey } from '../../types';
import ApiKeyModal from './ApiKeyModal';
import CreateClientModal from './CreateClientModal';

export default function ApiClientsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useRequest(
    (signal) => api.get<{ items: ApiClient[] }>('/api/directory/api-clients', undefined, { signal }),
    [],
  );
  const [creating, setCreating] = useState(false);
  const [issued, setIssued] = useState<ApiClientWithKey | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const rotate = async (client: ApiClient) => {
    setBusy(client.id);
    try {
      const res = await api.post<ApiClientWithKey>(`/api/directory/api-clients/${encodeURIComponent(client.id)}/rotate`);
      setIssued(res);
      reload();
    } catch (err) {
      message.error(errorText(err, t));
    } finally {
      setBusy(null);
    }
  };

  const revoke = async (client: ApiClient) => {
    setBusy(client.id);
    try {
      await api.post<{ client: ApiClient }>(`/api/directory/api-clients/${encodeURIComponent(client.id)}/revoke`);
      message.success(t('apiClients.revokedOk'));
      reload();
    } catch (err) {
      message.error(errorText(err, t));
    } finally {
      setBusy(null);
    }
  };

  const columns: TableColumnsType<ApiClient> = [
    { title: t('apiClients.name'), dataIndex: 'name', render: (name: string) => <strong>{name}</strong> },
    { title: t('apiClients.org'), dataIndex: 'orgName' },
    {
      title: t('apiClients.keyPrefix'),
      dataIndex: 'keyPrefix',
      render: (p: string) => <Typography.Text code>{p}…</Typography.Text>,
    },
    { title: t('apiClients.createdAt'), dataIndex: 'createdAt', width: 180, render: (v: string) => formatDateTime(v) },
    {
      title: t('apiClients.lastUsedAt'),
      dataIndex: 'lastUsedAt',
      width: 180,
      render: (v: string | null) => (v ? formatDateTime(v) : <Typography.Text type="secondary">{t('apiClients.neverUsed')}</Typography.Text>),
    },
    {
      title: t('apiClients.status'),
      dataIndex: 'status',
      width: 100,
      render: (s: ApiClient['status']) =>
        s === 'active' ? <Tag color="success">{t('apiClients.active')}</Tag> : <Tag color="default">{t('apiClients.revoked')}</Tag>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 200,
      render: (_: unknown, c) =>
        c.status === 'active' && (
          <Space size={4}>
            <Popconfirm
              title={t('apiClients.rotate')}
              description={t('apiClients.rotateConfirm')}
              okText={t('common.confirm')}
              cancelText={t('common.cancel')}
              onConfirm={() => rotate(c)}
              okButtonProps={{ 'data-testid': `api-client-rotate-confirm-${c.id}` }}
            >
              <Button type="link" size="small" icon={<SyncOutlined />} loading={busy === c.id} data-testid={`api-client-rotate-${c.id}`}>
                {t('apiClients.rotate')}
              </Button>
            </Popconfirm>
            <Popconfirm
              title={t('apiClients.revoke')}
              description={t('apiClients.revokeConfirm')}
              okText={t('apiClients.revoke')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true, 'data-testid': `api-client-revoke-confirm-${c.id}` }}
              onConfirm={() => revoke(c)}
            >
              <Button type="link" size="small" danger icon={<StopOutlined />} disabled={busy === c.id} data-testid={`api-client-revoke-${c.id}`}>
                {t('apiClients.revoke')}
              </Button>
            </Popconfirm>
          </Space>
        ),
    },
  ];

  return (
    <Card
      title={t('apiClients.title')}
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={reload} loading={loading}>
            {t('common.refresh')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="api-client-create">
            {t('apiClients.create')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('apiClients.description')}</Typography.Paragraph>
      {error !== undefined && <Alert type="error" showIcon message={errorText(error, t)} style={{ marginBottom: 16 }} />}
      <Table<ApiClient>
        rowKey="id"
        loading={loading}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (total) => t('common.total', { total }) }}
        scroll={{ x: 960 }}
        data-testid="api-clients-table"
      />
      <CreateClientModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(res) => {
          setCreating(false);
          setIssued(res);
          reload();
        }}
      />
      <ApiKeyModal issued={issued} onClose={() => setIssued(null)} />
    </Card>
  );
}
