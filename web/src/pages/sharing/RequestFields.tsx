import { Button, Checkbox, Col, DatePicker, Form, Input, InputNumber, Row, Select, Space, Tag, Typography, type FormInstance } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { CatalogEntry, GrantMode, SharingRequest, SharingRequestInput } from '../../types';
import { enumLabel } from '../catalog/labels';
import { DAY, defaultValidUntil, MAX_VALIDITY_DAYS, requestableModes } from './sharingApi';

/** The form's shape of what a consuming department asks for. */
export interface RequestFormValues {
  items: string[];
  queryKeys: string[];
  rowFilter: Array<{ item?: string; values?: string[] }>;
  modes: GrantMode[];
  purpose: string;
  legalBasis?: string | null;
  scenario?: string | null;
  dailyVolume: number;
  validUntil: Dayjs;
}

/** A new request's defaults: every item, the key items as query keys, every offered mode, one year. */
export function newRequestValues(entry: CatalogEntry): RequestFormValues {
  return {
    items: entry.items.map((i) => i.code),
    queryKeys: entry.items.filter((i) => i.key).map((i) => i.code),
    rowFilter: [],
    modes: requestableModes(entry),
    purpose: '',
    legalBasis: '',
    scenario: '',
    dailyVolume: 1000,
    validUntil: dayjs(defaultValidUntil()),
  };
}

/** A request's current content, to amend it. */
export function requestValues(r: SharingRequest): RequestFormValues {
  return {
    items: r.items,
    queryKeys: r.queryKeys,
    rowFilter: r.rowFilter.map((c) => ({ item: c.item, values: c.values })),
    modes: r.modes,
    purpose: r.purpose,
    legalBasis: r.legalBasis ?? '',
    scenario: r.scenario ?? '',
    dailyVolume: r.dailyVolume,
    validUntil: dayjs(r.validUntil),
  };
}

/** The form's values as the API takes them: keys and filters only on chosen items, blanks as null. */
export function requestInput(v: RequestFormValues): SharingRequestInput {
  const items = v.items ?? [];
  return {
    items,
    queryKeys: (v.queryKeys ?? []).filter((k) => items.includes(k)),
    rowFilter: (v.rowFilter ?? [])
      .filter((c): c is { item: string; values: string[] } => !!c.item && !!c.values?.length)
      .map((c) => ({ item: c.item, values: c.values.map((s) => s.trim()).filter(Boolean) })),
    modes: v.modes,
    purpose: v.purpose.trim(),
    legalBasis: v.legalBasis?.trim() || null,
    scenario: v.scenario?.trim() || null,
    dailyVolume: v.dailyVolume,
    validUntil: v.validUntil.format(DAY),
  };
}

/**
 * The fields of a request (信息项, 查询条件, 行筛选, 共享方式, 用途, 依据, 场景, 每日调用量, 有效期), for a new request
 * and for amending one. Query keys and row filters are offered among the chosen items only.
 */
export default function RequestFields({ entry, form }: { entry: CatalogEntry; form: FormInstance<RequestFormValues> }) {
  const { t } = useTranslation();
  const chosen: string[] = Form.useWatch('items', form) ?? [];
  const chosenItems = entry.items.filter((i) => chosen.includes(i.code));
  const modes = requestableModes(entry);
  const today = dayjs().startOf('day');

  return (
    <>
      <Form.Item
        label={
          <Space>
            {t('sharing.items')}
            <Typography.Link onClick={() => form.setFieldValue('items', entry.items.map((i) => i.code))} data-testid="sharing-form-items-all">
              {t('sharing.selectAll')}
            </Typography.Link>
            <Typography.Link onClick={() => form.setFieldValue('items', [])}>{t('sharing.selectNone')}</Typography.Link>
          </Space>
        }
        name="items"
        rules={[{ required: true, type: 'array', min: 1, message: t('sharing.itemsRequired') }]}
        extra={t('sharing.itemsHint')}
      >
        <Checkbox.Group style={{ width: '100%' }} data-testid="sharing-form-items">
          <Row gutter={[8, 8]}>
            {entry.items.map((i) => (
              <Col key={i.code} xs={24} md={12} xl={8}>
                <Checkbox value={i.code} data-testid={`sharing-form-item-${i.code}`}>
                  {i.name} <Typography.Text type="secondary">{i.code}</Typography.Text>
                  {i.mask !== 'none' && <Tag style={{ marginLeft: 6 }}>{t('sharing.masked', { rule: enumLabel(t, 'mask', i.mask) })}</Tag>}
                </Checkbox>
              </Col>
            ))}
          </Row>
        </Checkbox.Group>
      </Form.Item>

      <Form.Item
        label={t('sharing.queryKeys')}
        name="queryKeys"
        extra={t('sharing.queryKeysHint')}
        dependencies={['modes', 'items']}
        rules={[
          ({ getFieldValue }) => ({
            validator: async (_, value: string[] | undefined) => {
              const items: string[] = getFieldValue('items') ?? [];
              const keys = (value ?? []).filter((k) => items.includes(k));
              const filters = ((getFieldValue('rowFilter') ?? []) as RequestFormValues['rowFilter']).filter((c) => c.item && c.values?.length);
              if ((getFieldValue('modes') ?? []).includes('api') && !keys.length && !filters.length) throw new Error(t('sharing.apiNeedsKey'));
            },
          }),
        ]}
      >
        {chosenItems.length ? (
          <Checkbox.Group data-testid="sharing-form-query-keys">
            <Space wrap>
              {chosenItems.map((i) => (
                <Checkbox key={i.code} value={i.code} data-testid={`sharing-form-key-${i.code}`}>
                  {i.name}
                </Checkbox>
              ))}
            </Space>
          </Checkbox.Group>
        ) : (
          <Typography.Text type="secondary">{t('sharing.chooseItemsFirst')}</Typography.Text>
        )}
      </Form.Item>

      <Form.Item label={t('sharing.rowFilter')} extra={t('sharing.rowFilterHint')}>
        <Form.List name="rowFilter">
          {(fields, { add, remove }) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              {fields.map((field) => (
                <Space key={field.key} align="start" wrap>
                  <Form.Item name={[field.name, 'item']} rules={[{ required: true, message: t('sharing.rowFilterItemRequired') }]} style={{ marginBottom: 0 }}>
                    <Select
                      placeholder={t('sharing.rowFilterItem')}
                      options={chosenItems.map((i) => ({ value: i.code, label: i.name }))}
                      style={{ width: 200 }}
                      data-testid={`sharing-form-filter-item-${field.name}`}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'values']} rules={[{ required: true, type: 'array', min: 1, message: t('sharing.rowFilterValuesRequired') }]} style={{ marginBottom: 0 }}>
                    <Select
                      mode="tags"
                      open={false}
                      tokenSeparators={[',', '，', '、']}
                      placeholder={t('sharing.rowFilterValues')}
                      style={{ width: 360 }}
                      data-testid={`sharing-form-filter-values-${field.name}`}
                    />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('sharing.removeCondition')} />
                </Space>
              ))}
              {fields.length < 10 && (
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ values: [] })} disabled={!chosenItems.length} data-testid="sharing-form-filter-add">
                  {t('sharing.addCondition')}
                </Button>
              )}
            </Space>
          )}
        </Form.List>
      </Form.Item>

      <Form.Item label={t('sharing.modesLabel')} name="modes" rules={[{ required: true, type: 'array', min: 1, message: t('sharing.modesRequired') }]} extra={t('sharing.modesHint')}>
        <Checkbox.Group data-testid="sharing-form-modes" options={modes.map((m) => ({ value: m, label: t(`sharing.modes.${m}`) }))} />
      </Form.Item>

      <Form.Item label={t('sharing.purpose')} name="purpose" rules={[{ required: true, whitespace: true, message: t('sharing.purposeRequired') }]}>
        <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('sharing.purposePlaceholder')} data-testid="sharing-form-purpose" />
      </Form.Item>
      <Form.Item
        label={t('sharing.legalBasis')}
        name="legalBasis"
        dependencies={['scenario']}
        rules={[
          ({ getFieldValue }) => ({
            validator: async (_, value: string | undefined) => {
              if (!value?.trim() && !String(getFieldValue('scenario') ?? '').trim()) throw new Error(t('sharing.basisOrScenario'));
            },
          }),
        ]}
      >
        <Input.TextArea rows={2} maxLength={500} showCount placeholder={t('sharing.legalBasisPlaceholder')} data-testid="sharing-form-legal-basis" />
      </Form.Item>
      <Form.Item label={t('sharing.scenario')} name="scenario">
        <Input.TextArea rows={2} maxLength={500} showCount placeholder={t('sharing.scenarioPlaceholder')} data-testid="sharing-form-scenario" />
      </Form.Item>
      <Space size={24} wrap style={{ display: 'flex' }}>
        <Form.Item label={t('sharing.dailyVolume')} name="dailyVolume" rules={[{ required: true, message: t('sharing.dailyVolumeRequired') }]}>
          <InputNumber min={1} max={100_000_000} precision={0} style={{ width: 200 }} addonAfter={t('sharing.perDay')} data-testid="sharing-form-daily-volume" />
        </Form.Item>
        <Form.Item label={t('sharing.validUntil')} name="validUntil" rules={[{ required: true, message: t('sharing.validUntilRequired') }]}>
          <DatePicker
            allowClear={false}
            disabledDate={(d) => !d.isAfter(today, 'day') || d.isAfter(today.add(MAX_VALIDITY_DAYS, 'day'), 'day')}
            data-testid="sharing-form-valid-until"
          />
        </Form.Item>
      </Space>
    </>
  );
}
