import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, Input, Modal, Progress, Row, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { isAbort } from '../../api';
import { errorText, formatDateTime } from '../../format';
import { useRequest } from '../../hooks/useRequest';
import {
  changeStatus,
  fetchLicences,
  fetchRun,
  fetchTypes,
  startRun,
  type IssuanceRun,
  type Licence,
  type LicenceStatus,
  type LicenceType,
  type StatusAction,
} from './credApi';

const STATUSES: LicenceStatus[] = ['valid', 'expired', 'suspended', 'revoked'];
const STATUS_COLORS: Record<LicenceStatus, string> = { valid: 'success', expired: 'orange', suspended: 'warning', revoked: 'default' };
const POLL_MS = 1000;

/** 电子证照 for issuer staff: licence types with bulk issuance, and licences with suspend / reinstate / revoke. */
export default function CredentialsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const types = useRequest((signal) => fetchTypes(signal), []);
  const [typeCode, setTypeCode] = useState<string | undefined>();
  const [status, setStatus] = useState<LicenceStatus | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const licences = useRequest((signal) => fetchLicences({ typeCode, status, page, pageSize }, signal), [typeCode, status, page, pageSize]);

  const [run, setRun] = useState<IssuanceRun | null>(null);
  const [runError, setRunError] = useState<string | null>(null);
  const [starting, setStarting] = useState<string | null>(null);
  const pollRef = useRef<AbortController | null>(null);

  const [acting, setActing] = useState<{ licence: Licence; action: StatusAction } | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const reloadLicences = licences.reload;
  // Poll the run until it finishes; the licence list is reloaded then.
  useEffect(() => {
    if (!run || run.status === 'succeeded' || run.status === 'failed') return;
    const ctrl = new AbortController();
    pollRef.current = ctrl;
    const timer = window.setTimeout(() => {
      fetchRun(run.id, ctrl.signal).then(
        (next) => {
          setRun(next);
          if (next.status === 'succeeded' || next.status === 'failed') reloadLicences();
        },
        (err: unknown) => {
          if (!isAbort(err)) setRunError(errorText(err, t));
        },
      );
    }, POLL_MS);
    return () => {
      window.clearTimeout(timer);
      ctrl.abort();
    };
  }, [run, reloadLicences, t]);

  const bulk = async (type: LicenceType) => {
    setStarting(type.code);
    setRunError(null);
    try {
      setRun(await startRun(type.code));
      message.success(t('cred.bulkStarted'));
    } catch (err) {
      setRunError(errorText(err, t));
    } finally {
      setStarting(null);
    }
  };

  const openAction = (licence: Licence, action: StatusAction) => {
    setActing({ licence, action });
    setReason('');
    setReasonError(null);
  };

  const submitAction = async () => {
    if (!acting) return;
    if (!reason.trim()) {
      setReasonError(t('cred.reasonRequired'));
      return;
    }
    setSaving(true);
    setReasonError(null);
    try {
      await changeStatus(acting.licence.id, acting.action, reason.trim());
      message.success(t('cred.done', { action: t(`cred.actions.${acting.action}`) }));
      setActing(null);
      licences.reload();
    } catch (err) {
      setReasonError(errorText(err, t));
    } finally {
      setSaving(false);
    }
  };

  const typeName = (code: string) => types.data?.items.find((ty) => ty.code === code)?.name ?? code;
  const done = run ? run.issued + run.skipped + run.failed : 0;
  const percent = run ? (run.total > 0 ? Math.min(100, Math.round((done / run.total) * 100)) : run.status === 'succeeded' ? 100 : 0) : 0;

  const typeColumns: TableColumnsType<LicenceType> = [
    {
      title: t('cred.name'),
      key: 'name',
      render: (_: unknown, ty) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{ty.name}</Typography.Text>
          <Typography.Text type="secondary" copyable={false}>
            {ty.code}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('cred.issuer'), dataIndex: 'issuerName' },
    { title: t('cred.holderKind'), dataIndex: 'holderKind', width: 130, render: (v: string) => t(`cred.holderKinds.${v}`, { defaultValue: v }) },
    {
      title: t('cred.source'),
      dataIndex: 'sourceEntryId',
      render: (v: string | null) => (v ? <Link to={`/catalog/${v}`}>{t('cred.sourceEntry')}</Link> : <Typography.Text type="secondary">{t('cred.noSource')}</Typography.Text>),
    },
    {
      title: t('cred.fields'),
      key: 'fields',
      width: 110,
      render: (_: unknown, ty) => (
        <Tooltip title={ty.fields.map((f) => f.name).join('、')}>
          <span>{t('cred.fieldsCount', { count: ty.fields.length })}</span>
        </Tooltip>
      ),
    },
    {
      title: t('cred.scenes'),
      key: 'scenes',
      render: (_: unknown, ty) => (
        <Space size={[4, 4]} wrap>
          {ty.scenes.map((s) => (
            <Tag key={s.code}>{s.name}</Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 130,
      render: (_: unknown, ty) => (
        <Tooltip title={ty.sourceEntryId ? t('cred.bulkConfirm') : t('cred.noSource')}>
          <Button
            size="small"
            icon={<ThunderboltOutlined />}
            onClick={() => void bulk(ty)}
            disabled={!ty.sourceEntryId || (run !== null && (run.status === 'queued' || run.status === 'running'))}
            loading={starting === ty.code}
            data-testid={`cred-bulk-${ty.code}`}
          >
            {t('cred.bulk')}
          </Button>
        </Tooltip>
      ),
    },
  ];

  const licenceColumns: TableColumnsType<Licence> = [
    {
      title: t('cred.identifier'),
      dataIndex: 'identifier',
      render: (v: string, l) => (
        <Space direction="vertical" size={0}>
          <Typography.Text style={{ fontFamily: 'monospace', fontSize: 12 }}>{v}</Typography.Text>
          <Typography.Text type="secondary">{l.typeName || typeName(l.typeCode)}</Typography.Text>
        </Space>
      ),
    },
    { title: t('cred.holder'), dataIndex: 'holderNameMasked', width: 110 },
    { title: t('cred.holderId'), dataIndex: 'holderMasked', width: 190 },
    { title: t('cred.issuedAt'), dataIndex: 'issuedAt', width: 170, render: (v: string) => formatDateTime(v) },
    { title: t('cred.validUntil'), dataIndex: 'validUntil', width: 110, render: (v: string | null) => v ?? t('cred.longTerm') },
    {
      title: t('cred.status'),
      dataIndex: 'status',
      width: 100,
      render: (v: LicenceStatus, l) => {
        const tag = (
          <Tag color={STATUS_COLORS[v]} data-testid="cred-status" data-status={v}>
            {t(`cred.statuses.${v}`)}
          </Tag>
        );
        return l.statusReason ? <Tooltip title={l.statusReason}>{tag}</Tooltip> : tag;
      },
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 180,
      render: (_: unknown, l) => (
        <Space size={4}>
          {l.status === 'valid' && (
            <Button size="small" onClick={() => openAction(l, 'suspend')} data-testid="cred-suspend">
              {t('cred.actions.suspend')}
            </Button>
          )}
          {l.status === 'suspended' && (
            <Button size="small" onClick={() => openAction(l, 'reinstate')} data-testid="cred-reinstate">
              {t('cred.actions.reinstate')}
            </Button>
          )}
          {l.status !== 'revoked' && (
            <Button size="small" danger onClick={() => openAction(l, 'revoke')} data-testid="cred-revoke">
              {t('cred.actions.revoke')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div>
      <Card style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('cred.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('cred.description')}</Typography.Text>
      </Card>

      {run && (
        <Card
          size="small"
          style={{ marginBottom: 16 }}
          title={t('cred.run', { name: typeName(run.typeCode) })}
          extra={
            (run.status === 'succeeded' || run.status === 'failed') && (
              <Button size="small" onClick={() => setRun(null)}>
                {t('cred.runClose')}
              </Button>
            )
          }
        >
          <div data-testid="cred-run-progress" data-status={run.status} data-done={done} data-total={run.total}>
            <Progress
              percent={percent}
              status={run.status === 'failed' ? 'exception' : run.status === 'succeeded' ? 'success' : 'active'}
            />
            <Space wrap>
              <Tag color={run.status === 'failed' ? 'error' : run.status === 'succeeded' ? 'success' : 'processing'}>{t(`cred.runStatuses.${run.status}`)}</Tag>
              <Typography.Text>{t('cred.runCounts', { total: run.total, issued: run.issued, skipped: run.skipped, failed: run.failed })}</Typography.Text>
            </Space>
            {run.error && <Alert type="error" showIcon message={run.error} style={{ marginTop: 8 }} />}
          </div>
        </Card>
      )}
      {runError && <Alert type="error" showIcon closable onClose={() => setRunError(null)} message={runError} style={{ marginBottom: 16 }} />}

      <Card title={t('cred.types')} style={{ marginBottom: 16 }} extra={<Button icon={<ReloadOutlined />} onClick={types.reload} loading={types.loading} />}>
        {types.error !== undefined && <Alert type="error" showIcon message={errorText(types.error, t)} style={{ marginBottom: 16 }} />}
        <Table<LicenceType>
          rowKey="code"
          size="small"
          loading={types.loading}
          columns={typeColumns}
          dataSource={types.data?.items ?? []}
          pagination={false}
          scroll={{ x: 1000 }}
          data-testid="cred-types"
        />
      </Card>

      <Card
        title={t('cred.licences')}
        extra={
          <Row gutter={8}>
            <Col>
              <Select
                allowClear
                placeholder={t('cred.allTypes')}
                value={typeCode}
                onChange={(v) => {
                  setTypeCode(v);
                  setPage(1);
                }}
                options={(types.data?.items ?? []).map((ty) => ({ value: ty.code, label: ty.name }))}
                style={{ width: 200 }}
                data-testid="cred-filter-type"
              />
            </Col>
            <Col>
              <Select
                allowClear
                placeholder={t('cred.allStatuses')}
                value={status}
                onChange={(v) => {
                  setStatus(v);
                  setPage(1);
                }}
                options={STATUSES.map((s) => ({ value: s, label: t(`cred.statuses.${s}`) }))}
                style={{ width: 140 }}
                data-testid="cred-filter-status"
              />
            </Col>
            <Col>
              <Button icon={<ReloadOutlined />} onClick={licences.reload} loading={licences.loading} />
            </Col>
          </Row>
        }
      >
        {licences.error !== undefined && <Alert type="error" showIcon message={errorText(licences.error, t)} style={{ marginBottom: 16 }} />}
        <Table<Licence>
          rowKey="id"
          size="small"
          loading={licences.loading}
          columns={licenceColumns}
          dataSource={licences.data?.items ?? []}
          locale={{ emptyText: t('cred.noLicences') }}
          scroll={{ x: 1100 }}
          pagination={{
            current: page,
            pageSize,
            total: licences.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (p, s) => {
              setPage(s !== pageSize ? 1 : p);
              setPageSize(s);
            },
          }}
          data-testid="cred-licences"
        />
      </Card>

      <Modal
        open={acting !== null}
        title={acting ? t('cred.actionTitle', { action: t(`cred.actions.${acting.action}`), identifier: acting.licence.identifier }) : ''}
        onCancel={() => setActing(null)}
        onOk={() => void submitAction()}
        confirmLoading={saving}
        okText={acting ? t(`cred.actions.${acting.action}`) : t('common.confirm')}
        okButtonProps={{ danger: acting?.action === 'revoke', 'data-testid': 'cred-reason-ok' }}
        destroyOnHidden
      >
        {acting?.action === 'revoke' && <Alert type="warning" showIcon message={t('cred.revokeWarning')} style={{ marginBottom: 12 }} />}
        <Typography.Text>{t('cred.reason')}</Typography.Text>
        <Input.TextArea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('cred.reasonPlaceholder')}
          maxLength={500}
          autoSize={{ minRows: 3, maxRows: 6 }}
          data-testid="cred-reason"
          status={reasonError ? 'error' : undefined}
          style={{ marginTop: 4 }}
        />
        {reasonError && <Typography.Text type="danger">{reasonError}</Typography.Text>}
      </Modal>
    </div>
  );
}
