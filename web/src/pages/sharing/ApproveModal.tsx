import { useState } from 'react';
import { Alert, Checkbox, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../format';
import type { CatalogEntry, CatalogItem, SharingRequest, SharingRequestDetail } from '../../types';
import { enumLabel } from '../catalog/labels';
import { actOnRequest, DAY } from './sharingApi';

interface ApproveValues {
  items: string[];
  plainItems: string[];
  dailyQuota: number;
  ratePerMinute?: number | null;
  validUntil: Dayjs;
  note?: string;
}

/** What the decider starts from: the request, or at the operator's stage the provider's decision. */
function startingPoint(r: SharingRequest): { items: string[]; plainItems: string[]; dailyQuota: number; ratePerMinute: number | null; validUntil: string } {
  const pd = r.status === 'pending_operator' ? r.providerDecision : null;
  return pd
    ? { items: pd.items, plainItems: pd.plainItems, dailyQuota: pd.dailyQuota, ratePerMinute: pd.ratePerMinute, validUntil: pd.validUntil }
    : { items: r.items, plainItems: [], dailyQuota: r.dailyVolume, ratePerMinute: null, validUntil: r.validUntil };
}

/**
 * 批准: the decider may narrow the items (all requested ones are ticked), let plain values through for some
 * masked items, and set the daily quota, the rate per minute and the validity (never beyond what was asked).
 */
export default function ApproveModal({
  request,
  entry,
  open,
  onClose,
  onDone,
}: {
  request: SharingRequest;
  entry: CatalogEntry | undefined;
  open: boolean;
  onClose: () => void;
  onDone: (next: SharingRequestDetail) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ApproveValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const start = startingPoint(request);
  const byCode = new Map((entry?.items ?? []).map((i) => [i.code, i]));
  const item = (code: string): CatalogItem | undefined => byCode.get(code);
  const chosen: string[] = Form.useWatch('items', form) ?? start.items;
  const maskable = chosen.filter((c) => (item(c)?.mask ?? 'none') !== 'none');
  const today = dayjs().startOf('day');
  const maxDay = dayjs(start.validUntil);

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      const next = await actOnRequest(request.id, 'approve', {
        items: v.items,
        plainItems: (v.plainItems ?? []).filter((c) => v.items.includes(c)),
        dailyQuota: v.dailyQuota,
        ...(v.ratePerMinute ? { ratePerMinute: v.ratePerMinute } : {}),
        validUntil: v.validUntil.format(DAY),
        note: v.note?.trim() || null,
      });
      onDone(next);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      width={760}
      title={t('sharing.approveTitle', { number: request.number })}
      okText={t('sharing.approve')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy, 'data-testid': 'approve-confirm' }}
      onCancel={onClose}
      onOk={() => void submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ items: start.items, plainItems: start.plainItems, dailyQuota: start.dailyQuota, ratePerMinute: start.ratePerMinute, validUntil: maxDay, note: '' }}
      >
        <Form.Item
          label={t('sharing.approveItems')}
          name="items"
          extra={t('sharing.approveItemsHint')}
          rules={[{ required: true, type: 'array', min: 1, message: t('sharing.approveItemsRequired') }]}
        >
          <Checkbox.Group style={{ width: '100%' }} data-testid="approve-items">
            <Row gutter={[8, 8]}>
              {start.items.map((c) => (
                <Col key={c} xs={24} md={12}>
                  <Checkbox value={c} data-testid={`approve-item-${c}`}>
                    {item(c)?.name ?? c} <Typography.Text type="secondary">{c}</Typography.Text>
                  </Checkbox>
                </Col>
              ))}
            </Row>
          </Checkbox.Group>
        </Form.Item>
        <Form.Item label={t('sharing.plainItems')} name="plainItems" extra={t('sharing.plainItemsHint')}>
          {maskable.length ? (
            <Checkbox.Group data-testid="approve-plain">
              <Space wrap>
                {maskable.map((c) => (
                  <Checkbox key={c} value={c} data-testid={`approve-plain-${c}`}>
                    {item(c)?.name ?? c}（{enumLabel(t, 'mask', item(c)!.mask)}）
                  </Checkbox>
                ))}
              </Space>
            </Checkbox.Group>
          ) : (
            <Typography.Text type="secondary">{t('sharing.noMaskedItems')}</Typography.Text>
          )}
        </Form.Item>
        <Space size={24} wrap>
          <Form.Item label={t('sharing.dailyQuota')} name="dailyQuota" rules={[{ required: true, message: t('sharing.dailyQuotaRequired') }]}>
            <InputNumber min={1} max={100_000_000} precision={0} style={{ width: 180 }} addonAfter={t('sharing.perDay')} data-testid="approve-quota" />
          </Form.Item>
          <Form.Item label={t('sharing.ratePerMinute')} name="ratePerMinute" extra={t('sharing.rateDefaultHint')}>
            <InputNumber min={1} max={1_000_000} precision={0} style={{ width: 180 }} addonAfter={t('sharing.perMinute')} data-testid="approve-rate" />
          </Form.Item>
          <Form.Item label={t('sharing.validUntil')} name="validUntil" rules={[{ required: true, message: t('sharing.validUntilRequired') }]} extra={t('sharing.validUntilMax', { day: start.validUntil })}>
            <DatePicker allowClear={false} disabledDate={(d) => !d.isAfter(today, 'day') || d.isAfter(maxDay, 'day')} data-testid="approve-valid-until" />
          </Form.Item>
        </Space>
        <Form.Item label={t('sharing.note')} name="note">
          <Input.TextArea rows={3} maxLength={1000} showCount placeholder={t('sharing.notePlaceholder')} data-testid="approve-note" />
        </Form.Item>
      </Form>
      {error !== undefined && <Alert type="error" showIcon message={errorText(error, t)} data-testid="request-action-error" />}
    </Modal>
  );
}
