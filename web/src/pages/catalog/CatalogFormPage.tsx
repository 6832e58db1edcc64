import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  AutoComplete,
  Button,
  Card,
  Checkbox,
  Col,
  Divider,
  Form,
  Input,
  Radio,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Typography,
} from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { api } from '../../api';
import { primaryPost, useSession } from '../../auth/session';
import { errorText } from '../../format';
import { useOrgTree } from '../../hooks/useOrgTree';
import { useRequest } from '../../hooks/useRequest';
import {
  DATA_GRADES,
  OPEN_TYPES,
  RESOURCE_CLASSES,
  SHARE_MODES,
  SHARE_TYPES,
  UPDATE_FREQUENCIES,
  type CatalogContent,
  type CatalogEntry,
  type CatalogItem,
} from '../../types';
import { enumOptions } from './labels';
import CatalogItemsEditor, { NEW_ITEM } from './CatalogItemsEditor';
import ProviderSelect, { providerOptions, selectableIds } from './ProviderSelect';

interface FormValues extends Omit<CatalogContent, 'shareConditions' | 'notSharedBasis' | 'items'> {
  providerOrgId?: string;
  shareConditions?: string | null;
  notSharedBasis?: string | null;
  items: Array<Partial<CatalogItem>>;
}

const FORMATS = ['数据库表', '电子表格', '接口', '文件', '图片', '音视频'];


const DEFAULTS: Partial<FormValues> = {
  summary: '',
  resourceClass: 'department',
  updateFrequency: 'daily',
  shareType: 'unconditional',
  shareModes: ['api'],
  openType: 'none',
  dataGrade: 'general',
  relatedCodes: [],
  items: [{ ...NEW_ITEM }],
};

function fromEntry(e: CatalogEntry): FormValues {
  const { name, summary, resourceClass, category, format, updateFrequency, shareType, shareConditions, notSharedBasis, shareModes, openType, dataGrade, relatedCodes, items } = e;
  return { name, summary, resourceClass, category, format, updateFrequency, shareType, shareConditions, notSharedBasis, shareModes, openType, dataGrade, relatedCodes, items };
}

function toContent(v: FormValues): CatalogContent {
  const text = (s: string | null | undefined) => (s && s.trim() ? s.trim() : null);
  return {
    name: v.name.trim(),
    summary: (v.summary ?? '').trim(),
    resourceClass: v.resourceClass,
    category: v.category.trim(),
    format: v.format.trim(),
    updateFrequency: v.updateFrequency,
    shareType: v.shareType,
    shareConditions: v.shareType === 'conditional' ? text(v.shareConditions) : null,
    notSharedBasis: v.shareType === 'none' ? text(v.notSharedBasis) : null,
    shareModes: v.shareModes ?? [],
    openType: v.openType,
    dataGrade: v.dataGrade,
    relatedCodes: (v.relatedCodes ?? []).map((c) => c.trim()).filter(Boolean),
    items: (v.items ?? []).map((i) => ({
      code: (i.code ?? '').trim(),
      name: (i.name ?? '').trim(),
      type: i.type ?? 'string',
      length: i.length ?? null,
      scale: i.scale ?? null,
      required: i.required ?? false,
      key: i.key ?? false,
      sensitivity: i.sensitivity ?? 'internal',
      mask: i.mask ?? 'none',
    })),
  };
}

export default function CatalogFormPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { me } = useSession();
  const { id } = useParams<{ id: string }>();
  const editing = id !== undefined;
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(undefined);

  const existing = useRequest(
    (signal) => (id ? api.get<CatalogEntry>(`/api/catalog/entries/${encodeURIComponent(id)}`, undefined, { signal }) : undefined),
    [id],
  );
  const orgTree = useOrgTree();
  const options = useMemo(() => providerOptions(orgTree.data ?? [], me.roles), [orgTree.data, me.roles]);

  // New entry: default to the user's primary department, or to the only one they may catalogue for.
  useEffect(() => {
    if (editing || !orgTree.data || form.getFieldValue('providerOrgId')) return;
    const ids = selectableIds(options);
    const primary = primaryPost(me);
    const post = primary && ids.includes(primary.orgId) ? primary : me.posts.find((p) => ids.includes(p.orgId));
    const pick = post?.orgId ?? (ids.length === 1 ? ids[0] : undefined);
    if (pick) form.setFieldValue('providerOrgId', pick);
  }, [editing, orgTree.data, options, me, form]);

  const shareType = Form.useWatch('shareType', form);

  const save = async (values: FormValues) => {
    setSaving(true);
    setSaveError(undefined);
    try {
      const content = toContent(values);
      const saved = editing
        ? await api.put<CatalogEntry>(`/api/catalog/entries/${encodeURIComponent(id)}`, content)
        : await api.post<CatalogEntry>('/api/catalog/entries', { providerOrgId: values.providerOrgId, content });
      navigate(`/catalog/${saved.id}`, { replace: editing });
    } catch (err) {
      setSaveError(err);
      window.scrollTo({ top: 0, behavior: 'smooth' });
    } finally {
      setSaving(false);
    }
  };

  if (editing && existing.error !== undefined) {
    return (
      <Result
        status="error"
        title={t('common.requestFailed')}
        subTitle={errorText(existing.error, t)}
        extra={<Button onClick={() => navigate('/catalog')}>{t('catalog.back')}</Button>}
      />
    );
  }
  if (editing && !existing.data) return <Spin style={{ display: 'block', margin: '80px auto' }} />;

  const noProvider = !editing && orgTree.data !== undefined && selectableIds(options).length === 0;

  return (
    <Card
      title={
        <Space>
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            onClick={() => navigate(editing ? `/catalog/${id}` : '/catalog')}
            aria-label={t('catalog.back')}
          />
          {editing ? t('catalog.editTitle', { code: existing.data?.code ?? '' }) : t('catalog.createTitle')}
        </Space>
      }
    >
      {saveError !== undefined && (
        <Alert type="error" showIcon message={errorText(saveError, t)} style={{ marginBottom: 16 }} data-testid="catalog-form-error" />
      )}
      {noProvider && <Alert type="warning" showIcon message={t('catalog.noProvider')} style={{ marginBottom: 16 }} />}
      <Form<FormValues> form={form} layout="vertical" initialValues={existing.data ? fromEntry(existing.data) : DEFAULTS} onFinish={(v) => void save(v)} scrollToFirstError>
        <Divider orientation="left" orientationMargin={0}>
          {t('catalog.basics')}
        </Divider>
        <Row gutter={16}>
          {editing ? (
            <Col xs={24} md={12}>
              <Form.Item label={t('catalog.provider')}>
                <Input value={existing.data?.providerName} disabled />
              </Form.Item>
            </Col>
          ) : (
            <Col xs={24} md={12}>
              <Form.Item
                name="providerOrgId"
                label={t('catalog.provider')}
                tooltip={t('catalog.providerHint')}
                rules={[{ required: true, message: t('catalog.providerRequired') }]}
              >
                <ProviderSelect options={options} loading={orgTree.loading} placeholder={t('catalog.providerPlaceholder')} />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} md={12}>
            <Form.Item name="name" label={t('catalog.name')} rules={[{ required: true, whitespace: true, message: t('catalog.nameRequired') }]}>
              <Input maxLength={200} data-testid="catalog-form-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="resourceClass" label={t('catalog.resourceClass')} rules={[{ required: true }]}>
              <Select options={enumOptions(t, 'resourceClass', RESOURCE_CLASSES)} data-testid="catalog-form-class" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="category" label={t('catalog.category')} rules={[{ required: true, whitespace: true, message: t('catalog.categoryRequired') }]}>
              <Input maxLength={50} placeholder={t('catalog.categoryPlaceholder')} data-testid="catalog-form-category" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="format" label={t('catalog.format')} rules={[{ required: true, whitespace: true, message: t('catalog.formatRequired') }]}>
              <AutoComplete
                options={FORMATS.map((value) => ({ value }))}
                placeholder={t('catalog.formatPlaceholder')}
                maxLength={50}
                data-testid="catalog-form-format"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="updateFrequency" label={t('catalog.updateFrequency')} rules={[{ required: true }]}>
              <Select options={enumOptions(t, 'updateFrequency', UPDATE_FREQUENCIES)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="dataGrade" label={t('catalog.dataGrade')} rules={[{ required: true }]}>
              <Radio.Group options={enumOptions(t, 'dataGrade', DATA_GRADES)} optionType="button" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="relatedCodes" label={t('catalog.relatedCodes')}>
              <Select mode="tags" open={false} suffixIcon={null} placeholder={t('catalog.relatedCodesPlaceholder')} tokenSeparators={[',', '，', ' ']} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="summary" label={t('catalog.summary')}>
              <Input.TextArea rows={3} maxLength={2000} showCount data-testid="catalog-form-summary" />
            </Form.Item>
          </Col>
        </Row>

        <Divider orientation="left" orientationMargin={0}>
          {t('catalog.sharing')}
        </Divider>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="shareType" label={t('catalog.shareType')} rules={[{ required: true }]}>
              <Radio.Group options={enumOptions(t, 'shareType', SHARE_TYPES)} optionType="button" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="shareModes" label={t('catalog.shareModes')}>
              <Checkbox.Group options={enumOptions(t, 'shareMode', SHARE_MODES)} />
            </Form.Item>
          </Col>
          {shareType === 'conditional' && (
            <Col span={24}>
              <Form.Item
                name="shareConditions"
                label={t('catalog.shareConditions')}
                rules={[{ required: true, whitespace: true, message: t('catalog.shareConditionsRequired') }]}
              >
                <Input.TextArea rows={2} maxLength={1000} showCount data-testid="catalog-form-share-conditions" />
              </Form.Item>
            </Col>
          )}
          {shareType === 'none' && (
            <Col span={24}>
              <Form.Item
                name="notSharedBasis"
                label={t('catalog.notSharedBasis')}
                rules={[{ required: true, whitespace: true, message: t('catalog.notSharedBasisRequired') }]}
              >
                <Input.TextArea rows={2} maxLength={1000} showCount data-testid="catalog-form-not-shared-basis" />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} md={12}>
            <Form.Item name="openType" label={t('catalog.openType')} rules={[{ required: true }]}>
              <Radio.Group options={enumOptions(t, 'openType', OPEN_TYPES)} optionType="button" />
            </Form.Item>
          </Col>
        </Row>

        <Divider orientation="left" orientationMargin={0}>
          {t('catalog.items')}
        </Divider>
        <CatalogItemsEditor />

        <Space style={{ marginTop: 24 }}>
          <Button type="primary" htmlType="submit" loading={saving} disabled={noProvider} data-testid="catalog-form-submit">
            {t('common.save')}
          </Button>
          <Button onClick={() => navigate(editing ? `/catalog/${id}` : '/catalog')}>{t('common.cancel')}</Button>
          <Typography.Text type="secondary">{t('catalog.statusHintDraft')}</Typography.Text>
        </Space>
      </Form>
    </Card>
  );
}
