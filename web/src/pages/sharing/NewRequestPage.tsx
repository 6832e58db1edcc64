import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Result, Select, Space, Spin, Typography } from 'antd';
import { ArrowLeftOutlined, SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../../api';
import { errorText } from '../../format';
import { useRequest } from '../../hooks/useRequest';
import { DataGradeTag, ShareTypeTag } from '../catalog/labels';
import { ModeTags } from './labels';
import RequestFields, { newRequestValues, requestInput, type RequestFormValues } from './RequestFields';
import { fetchEntry, requestableModes, submitRequest } from './sharingApi';

interface Consumer {
  id: string;
  name: string;
  orgName: string;
}

/** The consuming systems the user may ask for: the active API clients of the organisations they request for. */
async function consumers(signal: AbortSignal): Promise<{ items: Consumer[] }> {
  const { items } = await api.get<{ items: Array<{ id: string; name: string; orgName: string }> }>('/api/sharing/systems', undefined, { signal });
  return { items: items.map((c) => ({ id: c.id, name: c.name, orgName: c.orgName })) };
}

/** 申请共享: a consuming department asks for a published catalog resource for one of its systems. */
export default function NewRequestPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const entryId = params.get('entryId') ?? '';
  const entry = useRequest((signal) => (entryId ? fetchEntry(entryId, signal) : undefined), [entryId]);
  const clients = useRequest((signal) => consumers(signal), []);
  const [form] = Form.useForm<RequestFormValues & { clientId?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const e = entry.data;
  const initial = useMemo(() => (e ? newRequestValues(e) : undefined), [e]);
  const only = clients.data?.items.length === 1 ? clients.data.items[0]!.id : undefined;
  useEffect(() => {
    if (only && !form.getFieldValue('clientId')) form.setFieldValue('clientId', only);
  }, [only, form]);

  const back = () => navigate(entryId ? `/catalog/${entryId}` : '/catalog');

  if (!entryId) return <Result status="warning" title={t('sharing.noEntry')} extra={<Button onClick={() => navigate('/catalog')}>{t('sharing.toCatalog')}</Button>} />;
  if (entry.error !== undefined && !e) {
    return <Result status="error" title={t('common.requestFailed')} subTitle={errorText(entry.error, t)} extra={<Button onClick={back}>{t('sharing.back')}</Button>} />;
  }
  if (!e || !initial) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  if (e.shareType === 'none') {
    return (
      <Result
        status="info"
        title={t('sharing.notShared')}
        subTitle={t('sharing.notSharedBasis', { basis: e.notSharedBasis ?? '—' })}
        extra={<Button onClick={back}>{t('sharing.back')}</Button>}
        data-testid="sharing-not-shared"
      />
    );
  }
  if (!e.publishedAt || !requestableModes(e).length) {
    return <Result status="info" title={t('sharing.notRequestable')} extra={<Button onClick={back}>{t('sharing.back')}</Button>} />;
  }

  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      const created = await submitRequest({ entryId: e.id, clientId: values.clientId!, ...requestInput(values) });
      message.success(created.status === 'approved' ? t('sharing.grantedAtOnce') : t('sharing.submittedOk', { number: created.number }));
      navigate(`/sharing/requests/${created.id}`, { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      title={
        <Space>
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={back} aria-label={t('sharing.back')} />
          <span data-testid="sharing-form-title">{t('sharing.newTitle', { name: e.name })}</span>
        </Space>
      }
    >
      <Descriptions bordered size="small" column={{ xs: 1, md: 2, xl: 3 }} style={{ marginBottom: 24 }}>
        <Descriptions.Item label={t('catalog.code')}>
          <Typography.Text code>{e.code}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('catalog.provider')}>{e.providerName}</Descriptions.Item>
        <Descriptions.Item label={t('catalog.shareType')}>
          <ShareTypeTag t={t} value={e.shareType} />
        </Descriptions.Item>
        <Descriptions.Item label={t('catalog.dataGrade')}>
          <DataGradeTag t={t} value={e.dataGrade} />
        </Descriptions.Item>
        <Descriptions.Item label={t('catalog.shareModes')}>
          <ModeTags t={t} modes={requestableModes(e)} />
        </Descriptions.Item>
        {e.shareConditions ? (
          <Descriptions.Item label={t('catalog.shareConditions')} span="filled">
            {e.shareConditions}
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      {e.shareType === 'unconditional' && <Alert type="success" showIcon message={t('sharing.unconditionalNote')} style={{ marginBottom: 16 }} />}
      {e.shareType === 'conditional' && <Alert type="info" showIcon message={t('sharing.conditionalNote')} style={{ marginBottom: 16 }} />}
      {clients.error !== undefined && <Alert type="error" showIcon message={errorText(clients.error, t)} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" initialValues={initial} onFinish={() => void submit()} style={{ maxWidth: 1100 }}>
        <Form.Item label={t('sharing.client')} name="clientId" rules={[{ required: true, message: t('sharing.clientRequired') }]} extra={t('sharing.clientHint')}>
          <Select
            loading={clients.loading}
            placeholder={t('sharing.clientPlaceholder')}
            options={(clients.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name}（${c.orgName}）` }))}
            notFoundContent={t('sharing.noClients')}
            style={{ maxWidth: 520 }}
            data-testid="sharing-form-client"
          />
        </Form.Item>
        <RequestFields entry={e} form={form} />
        {error !== undefined && (
          <Alert type="error" showIcon closable onClose={() => setError(undefined)} message={errorText(error, t)} style={{ marginBottom: 16 }} data-testid="sharing-form-error" />
        )}
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SendOutlined />} loading={busy} data-testid="sharing-form-submit">
              {t('sharing.submit')}
            </Button>
            <Button onClick={back}>{t('common.cancel')}</Button>
          </Space>
        </Form.Item>
      </Form>
    </Card>
  );
}
