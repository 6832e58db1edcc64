import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../format';
import { walletApi, type Account, type Binding } from './walletApi';

const MOBILE = /^1[3-9]\d{9}$/;

/** 验证码登录: mobile number, code (60 s between codes), then the session. */
export function SignInScreen({ onSignedIn }: { onSignedIn: (account: Account, binding: Binding) => void }) {
  const { t } = useTranslation();
  const [mobile, setMobile] = useState('');
  const [code, setCode] = useState('');
  const [resendAt, setResendAt] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const [sending, setSending] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [info, setInfo] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const waiting = Math.max(0, Math.ceil((resendAt - now) / 1000));
  useEffect(() => {
    if (resendAt <= Date.now()) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [resendAt]);

  const cleanMobile = mobile.replace(/[\s-]/g, '');
  const mobileOk = MOBILE.test(cleanMobile);
  const codeOk = /^\d{6}$/.test(code.trim());

  const sendCode = async () => {
    if (!mobileOk) {
      setError(t('wallet.signIn.mobileInvalid'));
      return;
    }
    setSending(true);
    setError(null);
    setInfo(null);
    try {
      const sent = await walletApi.sendCode(cleanMobile);
      setResendAt(Date.now() + sent.resendAfterSeconds * 1000);
      setNow(Date.now());
      setInfo(t('wallet.signIn.codeSent', { to: sent.sentTo, min: Math.round(sent.expiresInSeconds / 60) }));
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setSending(false);
    }
  };

  const login = async () => {
    if (!mobileOk || !codeOk) {
      setError(!mobileOk ? t('wallet.signIn.mobileInvalid') : t('wallet.signIn.codeInvalid'));
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      const { account, binding } = await walletApi.login(cleanMobile, code.trim());
      onSignedIn(account, binding);
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Card title={t('wallet.signIn.title')} styles={{ body: { padding: 16 } }}>
      <Form layout="vertical" requiredMark={false} onFinish={() => void login()}>
        <Form.Item label={t('wallet.signIn.mobile')}>
          <Input
            size="large"
            inputMode="tel"
            autoComplete="tel"
            maxLength={16}
            placeholder={t('wallet.signIn.mobilePlaceholder')}
            value={mobile}
            onChange={(e) => setMobile(e.target.value)}
            data-testid="wallet-mobile"
          />
        </Form.Item>
        <Form.Item label={t('wallet.signIn.code')}>
          <Space.Compact style={{ width: '100%' }}>
            <Input
              size="large"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              placeholder={t('wallet.signIn.codePlaceholder')}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              data-testid="wallet-code"
            />
            <Button size="large" onClick={() => void sendCode()} loading={sending} disabled={waiting > 0} data-testid="wallet-send-code" style={{ minWidth: 116 }}>
              {waiting > 0 ? t('wallet.signIn.resendIn', { s: waiting }) : t('wallet.signIn.sendCode')}
            </Button>
          </Space.Compact>
        </Form.Item>
        {info && <Alert type="success" showIcon message={info} style={{ marginBottom: 12 }} />}
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="wallet-signin-error" />}
        <Button type="primary" size="large" block htmlType="submit" loading={submitting} data-testid="wallet-login">
          {t('wallet.signIn.submit')}
        </Button>
      </Form>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12, marginBottom: 0 }}>
        {t('wallet.signIn.demoHint')}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 4, marginBottom: 0 }}>
        {t('wallet.signIn.agreement')}
      </Typography.Paragraph>
    </Card>
  );
}

/** 实名认证: the register lists several people (or nobody) with this number; the citizen names themselves. */
export function BindScreen({ binding, onBound, onSignOut }: { binding: Binding | null; onBound: (account: Account) => void; onSignOut: () => void }) {
  const { t } = useTranslation();
  const [idNumber, setIdNumber] = useState('');
  const [name, setName] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    const id = idNumber.trim().toUpperCase();
    if (!/^\d{17}[\dX]$/.test(id)) {
      setError(t('wallet.bind.idNumberInvalid'));
      return;
    }
    if (!name.trim()) {
      setError(t('wallet.bind.nameRequired'));
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      onBound(await walletApi.bind(id, name.trim()));
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setSubmitting(false);
    }
  };

  const intro = binding === 'choose' ? t('wallet.bind.choose') : binding === 'not_in_register' ? t('wallet.bind.notInRegister') : t('wallet.bind.required');
  return (
    <Card title={t('wallet.bind.title')} styles={{ body: { padding: 16 } }} data-testid="wallet-bind">
      <Alert type="info" showIcon message={intro} style={{ marginBottom: 16 }} />
      <Form layout="vertical" requiredMark={false} onFinish={() => void submit()}>
        <Form.Item label={t('wallet.bind.idNumber')}>
          <Input size="large" maxLength={18} placeholder={t('wallet.bind.idNumberPlaceholder')} value={idNumber} onChange={(e) => setIdNumber(e.target.value)} data-testid="wallet-bind-id" />
        </Form.Item>
        <Form.Item label={t('wallet.bind.name')}>
          <Input size="large" maxLength={50} placeholder={t('wallet.bind.namePlaceholder')} value={name} onChange={(e) => setName(e.target.value)} data-testid="wallet-bind-name" />
        </Form.Item>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="wallet-bind-error" />}
        <Button type="primary" size="large" block htmlType="submit" loading={submitting} data-testid="wallet-bind-submit">
          {t('wallet.bind.submit')}
        </Button>
        <Button type="link" block onClick={onSignOut} style={{ marginTop: 8 }}>
          {t('wallet.bind.signOut')}
        </Button>
      </Form>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
        {t('wallet.signIn.demoHint')}
      </Typography.Paragraph>
    </Card>
  );
}
