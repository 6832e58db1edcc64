import { useState, type HTMLAttributes } from 'react';
import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Popconfirm, Select, Space, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { errorText, formatCount, formatDateTime } from '../../format';
import { useRequest } from '../../hooks/useRequest';
import { GRANT_STATUSES, type GrantStatus, type SharingGrant } from '../../types';
import { GrantStatusTag, ModeTags } from './labels';
import { actOnGrant, DAY, fetchGrants, MAX_VALIDITY_DAYS, type GrantAction } from './sharingApi';

/** Renewal, suspension and revocation ask for a day or a reason first. */
type Dialog = { grant: SharingGrant; action: Exclude<GrantAction, 'resume'> } | null;


function GrantDialog({ dialog, onClose, onDone }: { dialog: Dialog; onClose: () => void; onDone: (g: SharingGrant) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason?: string; validUntil?: Dayjs }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const today = dayjs().startOf('day');
  const action = dialog?.action;

  const submit = async () => {
    if (!dialog) return;
    const v = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      const body = dialog.action === 'renew' ? { validUntil: v.validUntil!.format(DAY) } : { reason: v.reason!.trim() };
      onDone(await actOnGrant(dialog.grant.id, dialog.action, body));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={dialog !== null}
      title={dialog ? t(`sharing.grantActions.${dialog.action}Title`, { name: dialog.grant.resourceName, client: dialog.grant.clientName }) : ''}
      okText={action ? t(`sharing.grantActions.${action}`) : ''}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy, danger: action === 'revoke', 'data-testid': 'grant-action-confirm' }}
      onCancel={onClose}
      onOk={() => void submit()}
      destroyOnHidden
    >
      {dialog && (
        <Form form={form} layout="vertical" preserve={false} initialValues={{ validUntil: dayjs(dialog.grant.validUntil).add(1, 'year') }}>
          {dialog.action === 'renew' ? (
            <Form.Item
              name="validUntil"
              label={t('sharing.renewUntil')}
              extra={t('sharing.currentValidUntil', { day: dialog.grant.validUntil })}
              rules={[{ required: true, message: t('sharing.validUntilRequired') }]}
            >
              <DatePicker
                allowClear={false}
                disabledDate={(d) => !d.isAfter(dayjs(dialog.grant.validUntil), 'day') || !d.isAfter(today, 'day') || d.isAfter(today.add(MAX_VALIDITY_DAYS, 'day'), 'day')}
                data-testid="grant-renew-until"
              />
            </Form.Item>
          ) : (
            <Form.Item name="reason" label={t('sharing.grantReason')} rules={[{ required: true, whitespace: true, message: t('sharing.reasonRequired') }]}>
              <Input.TextArea rows={3} maxLength={1000} showCount data-testid="grant-reason" />
            </Form.Item>
          )}
        </Form>
      )}
      {error !== undefined && <Alert type="error" showIcon message={errorText(error, t)} data-testid="grant-action-error" />}
    </Modal>
  );
}

/** 授权管理: the grants of the caller's departments (as provider or consumer), renewed, suspended, resumed and revoked. */
export default function GrantsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [status, setStatus] = useState<GrantStatus | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const list = useRequest((signal) => fetchGrants({ status, page, pageSize }, signal), [status, page, pageSize]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const changed = (okKey: string) => () => {
    message.success(t(okKey));
    setDialog(null);
    list.reload();
  };
  const resume = async (g: SharingGrant) => {
    setBusy(g.id);
    try {
      await actOnGrant(g.id, 'resume');
      changed('sharing.grantActions.resumeOk')();
    } catch (err) {
      message.error(errorText(err, t));
    } finally {
      setBusy(null);
    }
  };

  const columns: TableColumnsType<SharingGrant> = [
    {
      title: t('sharing.resource'),
      dataIndex: 'resourceName',
      render: (v: string, g) => (
        <Space direction="vertical" size={0}>
          <Link to={`/catalog/${g.entryId}`}>
            <strong>{v}</strong>
          </Link>
          <Typography.Text type="secondary" code>
            {g.serviceCode}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('sharing.provider'), dataIndex: 'providerName', ellipsis: true },
    {
      title: t('sharing.consumer'),
      key: 'consumer',
      render: (_: unknown, g) => (
        <Space direction="vertical" size={0}>
          <span>{g.consumerName}</span>
          <Typography.Text type="secondary">{g.clientName}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t('sharing.items'),
      dataIndex: 'items',
      width: 90,
      align: 'right',
      render: (v: string[], g) => (
        <Tooltip title={`${v.join('、')}${g.plainItems.length ? `（${t('sharing.plainItems')}：${g.plainItems.join('、')}）` : ''}`}>
          <span>{v.length}</span>
        </Tooltip>
      ),
    },
    { title: t('sharing.modesLabel'), dataIndex: 'modes', width: 120, render: (v: SharingGrant['modes']) => <ModeTags t={t} modes={v} /> },
    {
      title: t('sharing.limits'),
      key: 'limits',
      width: 170,
      render: (_: unknown, g) => (
        <Space direction="vertical" size={0}>
          <span>{t('sharing.quotaPerDay', { n: formatCount(g.dailyQuota) })}</span>
          <Typography.Text type="secondary">{t('sharing.ratePerMinuteN', { n: formatCount(g.ratePerMinute) })}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t('sharing.validity'),
      key: 'validity',
      width: 200,
      render: (_: unknown, g) => (
        <Typography.Text type={g.expired ? 'danger' : undefined}>
          {formatDateTime(g.validFrom).slice(0, 10)} ~ {g.validUntil}
        </Typography.Text>
      ),
    },
    { title: t('sharing.status'), dataIndex: 'status', width: 100, render: (_: unknown, g) => <GrantStatusTag t={t} grant={g} /> },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 220,
      fixed: 'right',
      render: (_: unknown, g) =>
        g.status === 'revoked' || (!g.canManage && !g.canRelinquish) ? null : (
          <Space size={0} wrap>
            {g.canManage && (
              <Button type="link" size="small" onClick={() => setDialog({ grant: g, action: 'renew' })} data-testid={`grant-renew-${g.id}`}>
                {t('sharing.grantActions.renew')}
              </Button>
            )}
            {g.canManage && g.status === 'active' && (
              <Button type="link" size="small" onClick={() => setDialog({ grant: g, action: 'suspend' })} data-testid={`grant-suspend-${g.id}`}>
                {t('sharing.grantActions.suspend')}
              </Button>
            )}
            {g.canManage && g.status === 'suspended' && (
              <Popconfirm
                title={t('sharing.grantActions.resumeConfirm')}
                okText={t('sharing.grantActions.resume')}
                cancelText={t('common.cancel')}
                okButtonProps={{ 'data-testid': `grant-resume-confirm-${g.id}` }}
                onConfirm={() => resume(g)}
              >
                <Button type="link" size="small" loading={busy === g.id} data-testid={`grant-resume-${g.id}`}>
                  {t('sharing.grantActions.resume')}
                </Button>
              </Popconfirm>
            )}
            <Button type="link" size="small" danger onClick={() => setDialog({ grant: g, action: 'revoke' })} data-testid={`grant-revoke-${g.id}`}>
              {t('sharing.grantActions.revoke')}
            </Button>
          </Space>
        ),
    },
  ];

  return (
    <Card
      title={t('menu.sharingGrants')}
      extra={
        <Button icon={<ReloadOutlined />} onClick={list.reload} loading={list.loading}>
          {t('common.refresh')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('sharing.grantsHint')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select<GrantStatus>
          allowClear
          value={status}
          placeholder={t('sharing.filterStatus')}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={GRANT_STATUSES.map((s) => ({ value: s, label: t(`sharing.grantStatuses.${s}`) }))}
          style={{ width: 140 }}
          data-testid="grant-filter-status"
        />
      </Space>
      {list.error !== undefined && <Alert type="error" showIcon message={errorText(list.error, t)} style={{ marginBottom: 16 }} />}
      <Table<SharingGrant>
        rowKey="id"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('sharing.grantsEmpty') }}
        onRow={(g) => ({ 'data-testid': `grant-row-${g.id}` }) as HTMLAttributes<HTMLElement>}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: (p, size) => {
            setPage(size !== pageSize ? 1 : p);
            setPageSize(size);
          },
        }}
        scroll={{ x: 1300 }}
        data-testid="sharing-grants-table"
      />
      <GrantDialog
        dialog={dialog}
        onClose={() => setDialog(null)}
        onDone={changed(dialog ? `sharing.grantActions.${dialog.action}Ok` : 'sharing.grantActions.renewOk')}
      />
    </Card>
  );
}
