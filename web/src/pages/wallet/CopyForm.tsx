import { useState } from 'react';
import { Alert, Button, Checkbox, Form, Input, InputNumber, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../format';
import { useWallet, walletError } from './context';
import QrImage from './QrImage';
import { walletApi, type CreatedCopy, type WalletLicence } from './walletApi';

interface CopyValues { purpose: string; recipient: string; fields: string[]; days: number }

/** 加注件: a copy of chosen fields for one recipient and purpose, shown as a QR and text. */
export default function CopyForm({ licence }: { licence: WalletLicence }) {
  const { t } = useTranslation();
  const session = useWallet();
  const [form] = Form.useForm<CopyValues>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedCopy | null>(null);

  // The fields of the first scene (or the card face) are a sensible minimum to start from.
  const initialFields = (licence.scenes[0]?.disclose ?? licence.face.map((f) => f.code)).filter((c) => licence.fields.some((f) => f.code === c));

  const submit = async (values: CopyValues) => {
    setSubmitting(true);
    setError(null);
    try {
      setCreated(await walletApi.createCopy(licence.id, { purpose: values.purpose.trim(), recipient: values.recipient.trim(), fields: values.fields, days: values.days }));
    } catch (err) {
      setError(walletError(err, t, session));
    } finally {
      setSubmitting(false);
    }
  };

  if (created) {
    return (
      <div data-testid="wallet-copy-result">
        <Alert
          type="success"
          showIcon
          message={t('wallet.copy.created')}
          description={
            <>
              <div>{t('wallet.copy.to', { recipient: created.recipient })}</div>
              <div>{t('wallet.copy.for', { purpose: created.purpose })}</div>
              <div>{t('wallet.copy.expiresAt', { at: formatDateTime(created.expiresAt) })}</div>
              <div>{created.fields.map((f) => f.label).join('、')}</div>
            </>
          }
          style={{ marginBottom: 12 }}
        />
        <QrImage text={created.token} testId="wallet-copy-qr" alt={t('wallet.copy.qrAlt')} />
        <Input.TextArea
          readOnly
          value={created.token}
          autoSize={{ minRows: 3, maxRows: 6 }}
          aria-label={t('wallet.copy.textLabel')}
          style={{ fontFamily: 'monospace', fontSize: 11, marginTop: 8 }}
          data-testid="wallet-copy-text"
        />
        <Button block style={{ marginTop: 8 }} onClick={() => setCreated(null)}>
          {t('wallet.back')}
        </Button>
      </div>
    );
  }

  return (
    <Form<CopyValues>
      form={form}
      layout="vertical"
      requiredMark={false}
      initialValues={{ purpose: '', recipient: '', fields: initialFields.length ? initialFields : licence.fields.slice(0, 1).map((f) => f.code), days: 30 }}
      onFinish={(v) => void submit(v)}
      disabled={submitting}
      data-testid="wallet-copy-form"
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t('wallet.copy.hint')}</Typography.Paragraph>
      <Form.Item name="purpose" label={t('wallet.copy.purpose')} rules={[{ required: true, whitespace: true, min: 2, max: 100, message: t('wallet.copy.purposeRequired') }]}>
        <Input placeholder={t('wallet.copy.purposePlaceholder')} maxLength={100} data-testid="wallet-copy-purpose" />
      </Form.Item>
      <Form.Item name="recipient" label={t('wallet.copy.recipient')} rules={[{ required: true, whitespace: true, min: 2, max: 100, message: t('wallet.copy.recipientRequired') }]}>
        <Input placeholder={t('wallet.copy.recipientPlaceholder')} maxLength={100} data-testid="wallet-copy-recipient" />
      </Form.Item>
      <Form.Item name="fields" label={t('wallet.copy.fields')} rules={[{ required: true, type: 'array', min: 1, message: t('wallet.copy.fieldsRequired') }]}>
        <Checkbox.Group style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', rowGap: 4 }} data-testid="wallet-copy-fields">
          {licence.fields.map((f) => (
            <Checkbox key={f.code} value={f.code} data-testid={`wallet-copy-field-${f.code}`}>{f.label}</Checkbox>
          ))}
        </Checkbox.Group>
      </Form.Item>
      <Form.Item name="days" label={t('wallet.copy.days')} rules={[{ required: true, type: 'integer', min: 1, max: 90 }]}>
        <InputNumber min={1} max={90} precision={0} addonAfter={t('wallet.copy.daysSuffix')} style={{ width: 160 }} data-testid="wallet-copy-days" />
      </Form.Item>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Button type="primary" htmlType="submit" block loading={submitting} data-testid="wallet-copy-submit">
        {t('wallet.copy.submit')}
      </Button>
    </Form>
  );
}
