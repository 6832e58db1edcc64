import { useState } from 'react';
import { Alert, App, Button, Card, Col, Input, QRCode, Row, Space, Tag, Typography } from 'antd';
import { CheckCircleOutlined, SafetyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useSession } from '../../auth/session';
import { errorText } from '../../format';

interface TotpSetup {
  secret: string;
  otpauthUrl: string;
}

export default function TotpCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me, reload } = useSession();
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      setSetup(await api.post<TotpSetup>('/api/me/totp/setup'));
      setCode('');
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  const enable = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/me/totp/enable', { code: code.trim() });
      message.success(t('account.totpEnabledOk'));
      setSetup(null);
      setCode('');
      await reload();
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  const status = me.totpEnabled ? (
    <Tag icon={<CheckCircleOutlined />} color="success" data-testid="totp-status">
      {t('account.totpOn')}
    </Tag>
  ) : (
    <Tag data-testid="totp-status">{t('account.totpOff')}</Tag>
  );

  return (
    <Card
      title={
        <Space>
          <SafetyOutlined />
          {t('account.totpTitle')}
        </Space>
      }
      extra={status}
    >
      <Typography.Paragraph type="secondary">{t('account.totpIntro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="totp-error" />}

      {me.totpEnabled ? (
        <Alert type="success" showIcon message={t('account.totpEnabledDesc')} data-testid="totp-enabled" />
      ) : !setup ? (
        <Button type="primary" onClick={() => void start()} loading={busy} data-testid="totp-setup">
          {t('account.totpStart')}
        </Button>
      ) : (
        <Row gutter={[24, 16]}>
          <Col flex="none">
            <QRCode value={setup.otpauthUrl} size={180} data-testid="totp-qr" />
          </Col>
          <Col flex="1 1 280px" style={{ minWidth: 0 }}>
            <Typography.Paragraph>{t('account.totpScan')}</Typography.Paragraph>
            <Typography.Paragraph>
              <Typography.Text type="secondary">{t('account.totpSecret')}</Typography.Text>
              <Typography.Text code copyable={{ text: setup.secret }}>
                <span data-testid="totp-secret">{setup.secret}</span>
              </Typography.Text>
            </Typography.Paragraph>
            <Typography.Paragraph style={{ wordBreak: 'break-all' }}>
              <Typography.Text type="secondary">{t('account.totpUrl')}</Typography.Text>
              <Typography.Text copyable={{ text: setup.otpauthUrl }} style={{ fontSize: 12 }}>
                <span data-testid="totp-url">{setup.otpauthUrl}</span>
              </Typography.Text>
            </Typography.Paragraph>
            <Typography.Paragraph style={{ marginBottom: 8 }}>{t('account.totpEnter')}</Typography.Paragraph>
            <Space.Compact>
              <Input
                value={code}
                onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
                onPressEnter={() => code.length === 6 && void enable()}
                placeholder={t('login.totpPlaceholder')}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                style={{ width: 160 }}
                data-testid="totp-code"
              />
              <Button type="primary" disabled={code.length !== 6} loading={busy} onClick={() => void enable()} data-testid="totp-enable">
                {t('account.totpEnable')}
              </Button>
            </Space.Compact>
          </Col>
        </Row>
      )}
    </Card>
  );
}
