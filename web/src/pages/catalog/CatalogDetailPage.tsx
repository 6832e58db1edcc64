import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, Modal, Result, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined, CheckOutlined, EditOutlined, RollbackOutlined, SendOutlined, ShareAltOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { api, ApiError } from '../../api';
import { CATALOG_EDITOR_ROLES, CATALOG_REVIEW_ROLES, hasAnyRole, SHARING_REQUESTER_ROLES, useSession } from '../../auth/session';
import { errorText, formatDateTime } from '../../format';
import { useRequest } from '../../hooks/useRequest';
import type { CatalogEntry, CatalogVersion } from '../../types';
import ResourceTabs from '../ingest/ResourceTabs';
import CatalogItemsTable from './CatalogItemsTable';
import { DataGradeTag, enumLabel, ShareTypeTag, StatusTag } from './labels';

type Action = 'submit' | 'publish' | 'return';

export default function CatalogDetailPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { me } = useSession();
  const { id = '' } = useParams<{ id: string }>();
  const entry = useRequest(
    (signal) => api.get<CatalogEntry>(`/api/catalog/entries/${encodeURIComponent(id)}`, undefined, { signal }),
    [id],
  );
  const versions = useRequest(
    (signal) => api.get<CatalogVersion[]>(`/api/catalog/entries/${encodeURIComponent(id)}/versions`, undefined, { signal }),
    [id],
  );
  const [busy, setBusy] = useState<Action | null>(null);
  const [actionError, setActionError] = useState<unknown>(undefined);
  const [returning, setReturning] = useState(false);
  const [returnForm] = Form.useForm<{ reason: string }>();

  const canEdit = hasAnyRole(me, CATALOG_EDITOR_ROLES);
  const canReview = hasAnyRole(me, CATALOG_REVIEW_ROLES);
  const canRequest = hasAnyRole(me, SHARING_REQUESTER_ROLES);

  const act = async (action: Action, body?: unknown): Promise<boolean> => {
    setBusy(action);
    setActionError(undefined);
    try {
      await api.post<CatalogEntry>(`/api/catalog/entries/${encodeURIComponent(id)}/${action}`, body);
      message.success(t(action === 'submit' ? 'catalog.submitted' : action === 'publish' ? 'catalog.published' : 'catalog.returned'));
      entry.reload();
      versions.reload();
      return true;
    } catch (err) {
      setActionError(err);
      return false;
    } finally {
      setBusy(null);
    }
  };

  const e = entry.data;
  if (entry.error !== undefined && !e) {
    const notFound = entry.error instanceof ApiError && entry.error.status === 404;
    return (
      <Result
        status={notFound ? '404' : 'error'}
        title={notFound ? t('common.notFoundTitle') : t('common.requestFailed')}
        subTitle={errorText(entry.error, t)}
        extra={<Button onClick={() => navigate('/catalog')}>{t('catalog.back')}</Button>}
      />
    );
  }
  if (!e) return <Spin style={{ display: 'block', margin: '80px auto' }} />;

  const editable = canEdit && e.status !== 'submitted';
  const submittable = canEdit && (e.status === 'draft' || e.status === 'returned');
  const reviewable = canReview && e.status === 'submitted';
  // 申请共享: a published resource shared as 接口 or 库表; a 不予共享 one shows its basis instead.
  const published = e.publishedAt !== null;
  const requestable = canRequest && published && e.shareType !== 'none' && e.shareModes.some((m) => m === 'api' || m === 'table');
  const notShared = canRequest && published && e.shareType === 'none';

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/catalog')} aria-label={t('catalog.back')} />
            <span data-testid="catalog-detail-name">{e.name}</span>
            <StatusTag t={t} value={e.status} />
          </Space>
        }
        extra={
          <Space wrap>
            {requestable && (
              <Button type="primary" icon={<ShareAltOutlined />} onClick={() => navigate(`/sharing/requests/new?entryId=${encodeURIComponent(e.id)}`)} data-testid="catalog-request-sharing">
                {t('sharing.requestButton')}
              </Button>
            )}
            {editable && (
              <Button icon={<EditOutlined />} onClick={() => navigate(`/catalog/${e.id}/edit`)} data-testid="catalog-edit">
                {t('catalog.edit')}
              </Button>
            )}
            {submittable && (
              <Button type="primary" icon={<SendOutlined />} loading={busy === 'submit'} disabled={busy !== null} onClick={() => void act('submit')} data-testid="catalog-submit">
                {t('catalog.submit')}
              </Button>
            )}
            {reviewable && (
              <>
                <Button
                  danger
                  icon={<RollbackOutlined />}
                  disabled={busy !== null}
                  onClick={() => {
                    returnForm.resetFields();
                    setReturning(true);
                  }}
                  data-testid="catalog-return"
                >
                  {t('catalog.return')}
                </Button>
                <Button type="primary" icon={<CheckOutlined />} loading={busy === 'publish'} disabled={busy !== null} onClick={() => void act('publish')} data-testid="catalog-publish">
                  {t('catalog.publish')}
                </Button>
              </>
            )}
          </Space>
        }
      >
        {actionError !== undefined && (
          <Alert
            type="error"
            showIcon
            closable
            onClose={() => setActionError(undefined)}
            message={errorText(actionError, t)}
            style={{ marginBottom: 16 }}
            data-testid="catalog-action-error"
          />
        )}
        {notShared && (
          <Alert
            type="info"
            showIcon
            message={t('sharing.notShared')}
            description={t('sharing.notSharedBasis', { basis: e.notSharedBasis ?? '—' })}
            style={{ marginBottom: 16 }}
            data-testid="catalog-not-shared"
          />
        )}
        {e.status === 'returned' && e.returnReason && (
          <Alert type="warning" showIcon message={t('catalog.returnReason')} description={e.returnReason} style={{ marginBottom: 16 }} data-testid="catalog-return-reason-shown" />
        )}
        <Descriptions bordered size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t('catalog.code')}>
            <Typography.Text code copyable>
              {e.code}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('catalog.name')}>{e.name}</Descriptions.Item>
          <Descriptions.Item label={t('catalog.provider')}>
            {e.providerName}
            {e.providerUscc && <Typography.Text type="secondary">（{e.providerUscc}）</Typography.Text>}
          </Descriptions.Item>
          <Descriptions.Item label={t('catalog.resourceClass')}>{enumLabel(t, 'resourceClass', e.resourceClass)}</Descriptions.Item>
          <Descriptions.Item label={t('catalog.category')}>{e.category}</Descriptions.Item>
          <Descriptions.Item label={t('catalog.format')}>{e.format}</Descriptions.Item>
          <Descriptions.Item label={t('catalog.updateFrequency')}>{enumLabel(t, 'updateFrequency', e.updateFrequency)}</Descriptions.Item>
          <Descriptions.Item label={t('catalog.shareType')}>
            <ShareTypeTag t={t} value={e.shareType} />
          </Descriptions.Item>
          <Descriptions.Item label={t('catalog.shareModes')}>
            {e.shareModes.length ? e.shareModes.map((m) => <Tag key={m}>{enumLabel(t, 'shareMode', m)}</Tag>) : '—'}
          </Descriptions.Item>
          {e.shareConditions ? (
            <Descriptions.Item label={t('catalog.shareConditions')} span="filled">
              {e.shareConditions}
            </Descriptions.Item>
          ) : null}
          {e.notSharedBasis ? (
            <Descriptions.Item label={t('catalog.notSharedBasis')} span="filled">
              {e.notSharedBasis}
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('catalog.openType')}>{enumLabel(t, 'openType', e.openType)}</Descriptions.Item>
          <Descriptions.Item label={t('catalog.dataGrade')}>
            <DataGradeTag t={t} value={e.dataGrade} />
          </Descriptions.Item>
          <Descriptions.Item label={t('catalog.version')}>
            {e.version > 0 ? t('catalog.versionN', { version: e.version }) : t('catalog.unpublished')}
          </Descriptions.Item>
          <Descriptions.Item label={t('catalog.publishedAt')}>{formatDateTime(e.publishedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('catalog.createdAt')}>{formatDateTime(e.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('catalog.updatedAt')}>{formatDateTime(e.updatedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('catalog.relatedCodes')} span="filled">
            {e.relatedCodes.length ? e.relatedCodes.map((c) => <Tag key={c}>{c}</Tag>) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('catalog.summary')} span="filled">
            <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{e.summary || '—'}</Typography.Paragraph>
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Card>
        <ResourceTabs entry={e} itemsTable={<CatalogItemsTable items={e.items} />} />
      </Card>

      <Card title={t('catalog.versions')}>
        {versions.error !== undefined && <Alert type="error" showIcon message={errorText(versions.error, t)} style={{ marginBottom: 16 }} />}
        <Spin spinning={versions.loading}>
          {versions.data && versions.data.length > 0 ? (
            <Timeline
              data-testid="catalog-versions"
              items={[...versions.data]
                .sort((a, b) => b.version - a.version)
                .map((v, i) => ({
                  color: i === 0 ? 'green' : 'gray',
                  children: (
                    <>
                      <Typography.Text strong>{t('catalog.versionN', { version: v.version })}</Typography.Text>{' '}
                      <Typography.Text type="secondary">{formatDateTime(v.publishedAt)}</Typography.Text>
                      <div>{t('catalog.versionItems', { name: v.content.name, count: v.content.items.length })}</div>
                    </>
                  ),
                }))}
            />
          ) : (
            !versions.loading && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('catalog.noVersions')} />
          )}
        </Spin>
      </Card>

      <Modal
        open={returning}
        title={t('catalog.returnTitle')}
        okText={t('catalog.return')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, loading: busy === 'return', 'data-testid': 'catalog-return-confirm' }}
        onCancel={() => setReturning(false)}
        onOk={async () => {
          const { reason } = await returnForm.validateFields();
          // On failure the problem is shown in the page's alert, so the modal closes either way.
          await act('return', { reason: reason.trim() });
          setReturning(false);
        }}
        destroyOnHidden
      >
        <Form form={returnForm} layout="vertical" preserve={false}>
          <Form.Item
            name="reason"
            label={t('catalog.returnReasonLabel')}
            rules={[{ required: true, whitespace: true, message: t('catalog.returnReasonRequired') }]}
          >
            <Input.TextArea rows={4} maxLength={1000} showCount data-testid="catalog-return-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
