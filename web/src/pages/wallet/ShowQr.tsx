import { useEffect, useState } from 'react';
import { Alert, App, Button, Input, Space, Spin, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useWallet, walletError } from './context';
import { credentialFor, cryptoAvailable } from './keystore';
import { buildPresentation, sceneAudience, webCryptoSigner } from './presentation';
import QrImage from './QrImage';
import type { Scene, WalletLicence } from './walletApi';

/** A QR is good for two minutes at the verifier; the wallet makes a new one every minute. */
export const QR_REFRESH_SECONDS = 60;

/** 亮证: the presentation for one scene, built and signed in this browser, refreshed every minute. */
export default function ShowQr({ licence, scene }: { licence: WalletLicence; scene: Scene }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useWallet();
  const accountId = session.account.id;
  const [presentation, setPresentation] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  const [deadline, setDeadline] = useState(0);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    let live = true;
    setError(null);
    if (!cryptoAvailable()) {
      setError(t('wallet.show.noCrypto'));
      return;
    }
    void (async () => {
      try {
        const { credential, privateKey } = await credentialFor(accountId, licence.id, scene.code);
        const text = await buildPresentation({ credential, disclose: scene.disclose, aud: sceneAudience(scene.code), sign: webCryptoSigner(privateKey) });
        if (!live) return;
        setPresentation(text);
        setDeadline(Date.now() + QR_REFRESH_SECONDS * 1000);
        setNow(Date.now());
      } catch (err) {
        if (live) setError(walletError(err, t, session));
      }
    })();
    return () => {
      live = false;
    };
  }, [accountId, licence.id, scene, round, t, session]);

  useEffect(() => {
    if (!deadline) return;
    const timer = setInterval(() => {
      const at = Date.now();
      setNow(at);
      if (at >= deadline) setRound((r) => r + 1);
    }, 1000);
    return () => clearInterval(timer);
  }, [deadline]);

  const secondsLeft = Math.max(0, Math.ceil((deadline - now) / 1000));

  const copyText = async () => {
    if (!presentation) return;
    try {
      await navigator.clipboard.writeText(presentation);
      void message.success(t('wallet.show.copied'));
    } catch {
      void message.warning(t('wallet.show.copyFailed'));
    }
  };

  if (error) {
    return <Alert type="error" showIcon message={error} action={<Button size="small" onClick={() => setRound((r) => r + 1)}>{t('wallet.retry')}</Button>} />;
  }
  if (!presentation) {
    return (
      <div style={{ textAlign: 'center', padding: 24 }}>
        <Spin />
        <div style={{ marginTop: 8, color: '#86909c' }}>{t('wallet.show.preparing')}</div>
      </div>
    );
  }
  return (
    <div data-testid="wallet-qr-panel">
      <QrImage text={presentation} testId="wallet-qr" alt={t('wallet.show.qrAlt')} />
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', margin: '8px 0' }}>
        <Typography.Text type="secondary" data-testid="wallet-qr-countdown">
          {t('wallet.show.refreshIn', { s: secondsLeft })}
        </Typography.Text>
        <Button size="small" icon={<ReloadOutlined />} onClick={() => setRound((r) => r + 1)}>
          {t('wallet.show.refreshNow')}
        </Button>
      </div>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Button block onClick={() => void copyText()} data-testid="wallet-qr-copy">
          {t('wallet.show.copyText')}
        </Button>
        <Input.TextArea
          readOnly
          value={presentation}
          autoSize={{ minRows: 3, maxRows: 6 }}
          aria-label={t('wallet.show.textLabel')}
          style={{ fontFamily: 'monospace', fontSize: 11, wordBreak: 'break-all' }}
          data-testid="wallet-qr-text"
          onFocus={(e) => e.target.select()}
        />
      </Space>
    </div>
  );
}
