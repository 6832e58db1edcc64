import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography, type InputRef } from 'antd';
import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { api, ApiError } from '../../api';
import { errorText } from '../../format';
import LanguageSwitch from '../../layout/LanguageSwitch';
import { BRAND_BLUE } from '../../theme';
import type { Me } from '../../types';

interface LoginForm {
  username: string;
  password: string;
  totp?: string;
}

/** Only same-origin, non-login paths are acceptable return targets. */
function safeReturnPath(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  if (typeof from !== 'string' || !from.startsWith('/') || from.startsWith('//')) return '/';
  if (from === '/login' || from.startsWith('/login?')) return '/';
  return from;
}

export default function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const [form] = Form.useForm<LoginForm>();
  const [needTotp, setNeedTotp] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const totpRef = useRef<InputRef>(null);
  const returnTo = safeReturnPath(location.state);

  useEffect(() => {
    if (needTotp) totpRef.current?.focus();
  }, [needTotp]);

  const onFinish = async (values: LoginForm) => {
    setSubmitting(true);
    setError(null);
    try {
      const body: LoginForm = { username: values.username.trim(), password: values.password };
      if (needTotp && values.totp) body.totp = values.totp.trim();
      await api.post<{ user: Me }>('/api/auth/login', body, { quiet401: true });
      navigate(returnTo, { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'AUTH_TOTP_REQUIRED') {
        setNeedTotp(true);
      } else {
        if (err instanceof ApiError && err.code === 'AUTH_TOTP_INVALID') {
          setNeedTotp(true);
          form.setFieldValue('totp', '');
          totpRef.current?.focus();
        }
        setError(errorText(err, t));
      }
    } finally {
      setSubmitting(false);
    }
  };

  const backToPassword = () => {
    setNeedTotp(false);
    setError(null);
    form.setFieldsValue({ password: '', totp: '' });
  };

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
        background: `linear-gradient(135deg, ${BRAND_BLUE} 0%, #12408a 55%, #1d5fc2 100%)`,
        padding: 16,
        position: 'relative',
      }}
    >
      <div style={{ position: 'absolute', top: 16, right: 24 }}>
        <LanguageSwitch size="middle" />
      </div>
      <Card style={{ width: 400, maxWidth: '100%', boxShadow: '0 12px 40px rgba(0,0,0,0.25)' }}>
        <div style={{ textAlign: 'center', marginBottom: 24 }}>
          <Typography.Title level={3} style={{ marginBottom: 4, color: BRAND_BLUE }} data-testid="login-title">
            {t('app.title')}
          </Typography.Title>
          <Typography.Text type="secondary">CityStack · {t('login.subtitle')}</Typography.Text>
        </div>

        {error && (
          <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="login-error" />
        )}
        {needTotp && !error && (
          <Alert type="info" showIcon message={t('login.totpHint')} style={{ marginBottom: 16 }} />
        )}

        <Form<LoginForm> form={form} layout="vertical" onFinish={onFinish} requiredMark={false} disabled={submitting}>
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
          >
            <Input
              prefix={<UserOutlined />}
              placeholder={t('login.usernamePlaceholder')}
              autoComplete="username"
              autoFocus
              readOnly={needTotp}
              data-testid="login-username"
            />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password
              prefix={<LockOutlined />}
              placeholder={t('login.passwordPlaceholder')}
              autoComplete="current-password"
              readOnly={needTotp}
              data-testid="login-password"
            />
          </Form.Item>
          {needTotp && (
            <Form.Item
              name="totp"
              label={t('login.totp')}
              rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('login.totpRequired') }]}
            >
              <Input
                ref={totpRef}
                prefix={<SafetyOutlined />}
                placeholder={t('login.totpPlaceholder')}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                data-testid="login-totp"
              />
            </Form.Item>
          )}
          <Form.Item style={{ marginBottom: needTotp ? 8 : 0 }}>
            <Button type="primary" htmlType="submit" block size="large" loading={submitting} data-testid="login-submit">
              {needTotp ? t('login.verify') : t('login.submit')}
            </Button>
          </Form.Item>
          {needTotp && (
            <Button type="link" block onClick={backToPassword} disabled={submitting}>
              {t('login.back')}
            </Button>
          )}
        </Form>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, textAlign: 'center', margin: '16px 0 0' }}>
          {t('login.notice')}
        </Typography.Paragraph>
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Link to="/wallet" data-testid="login-wallet-link">
            {t('wallet.entryLink')}
          </Link>
        </div>
      </Card>
      <Typography.Text style={{ color: 'rgba(255,255,255,0.65)', marginTop: 24, fontSize: 12 }}>
        {t('app.footer')}
      </Typography.Text>
    </div>
  );
}
