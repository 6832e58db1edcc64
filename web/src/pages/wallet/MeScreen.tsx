import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Empty, Popconfirm, Spin, Tag } from 'antd';
import { LogoutOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../../format';
import { useWallet, walletError } from './context';
import { useWalletRequest } from './useWalletRequest';
import { hasWalletKey } from './keystore';
import { walletApi, type Copy } from './walletApi';

/** 我的: the account, this device's key, the purpose-bound copies (with 撤回) and sign-out. */
export default function MeScreen() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useWallet();
  const { account } = session;
  const { data, error, reload: load } = useWalletRequest(() => walletApi.copies());
  const copies = data?.items ?? null;
  const [keyReady, setKeyReady] = useState<boolean | null>(null);


  useEffect(() => {
    void hasWalletKey(account.id).then(setKeyReady);
  }, [account.id]);

  const withdraw = async (id: string) => {
    try {
      await walletApi.withdrawCopy(id);
      void message.success(t('wallet.copy.withdrawOk'));
      load();
    } catch (err) {
      void message.error(walletError(err, t, session));
    }
  };

  const copyState = (c: Copy) =>
    c.withdrawn ? <Tag>{t('wallet.copy.withdrawn')}</Tag> : Date.parse(c.expiresAt) < Date.now() ? <Tag>{t('wallet.copy.expired')}</Tag> : <Tag color="green">{t('wallet.copy.active')}</Tag>;

  return (
    <div data-testid="wallet-me">
      <Card size="small" title={t('wallet.me.title')} style={{ marginBottom: 12 }}>
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('wallet.me.name')}>{account.name ?? t('wallet.me.notBound')}</Descriptions.Item>
          <Descriptions.Item label={t('wallet.me.idNumber')}>{account.idNumber ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('wallet.me.mobile')}>{account.mobile}</Descriptions.Item>
          <Descriptions.Item label={t('wallet.me.boundAt')}>{formatDateTime(account.boundAt)}</Descriptions.Item>
          <Descriptions.Item label={t('wallet.me.device')}>
            {keyReady === null ? '…' : keyReady ? t('wallet.me.deviceReady') : t('wallet.me.deviceNone')}
          </Descriptions.Item>
        </Descriptions>
        <div style={{ fontSize: 12, color: '#86909c' }}>{t('wallet.me.deviceHint')}</div>
      </Card>

      <Card size="small" title={t('wallet.copy.listTitle')} style={{ marginBottom: 12 }}>
        {error && <Alert type="error" showIcon message={error} />}
        {!copies && !error && <div style={{ textAlign: 'center' }}><Spin /></div>}
        {copies?.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('wallet.copy.empty')} />}
        {copies?.map((c) => (
          <div key={c.id} data-testid="wallet-copy-row" style={{ borderBottom: '1px solid #f0f0f0', padding: '8px 0', display: 'flex', justifyContent: 'space-between', gap: 8 }}>
            <div style={{ minWidth: 0, fontSize: 13 }}>
              <div style={{ fontWeight: 500 }}>{c.typeName} {copyState(c)}</div>
              <div>{t('wallet.copy.to', { recipient: c.recipient })}</div>
              <div>{t('wallet.copy.for', { purpose: c.purpose })}</div>
              <div style={{ color: '#86909c' }}>{c.fields.map((f) => f.label).join('、')}</div>
              <div style={{ color: '#86909c', fontSize: 12 }}>{t('wallet.copy.expiresAt', { at: formatDateTime(c.expiresAt) })}</div>
            </div>
            {!c.withdrawn && (
              <Popconfirm title={t('wallet.copy.withdrawConfirm')} onConfirm={() => withdraw(c.id)}>
                <Button size="small" danger data-testid="wallet-copy-withdraw">{t('wallet.copy.withdraw')}</Button>
              </Popconfirm>
            )}
          </div>
        ))}
      </Card>

      <Button block danger size="large" icon={<LogoutOutlined />} onClick={() => void session.signOut()} data-testid="wallet-signout">
        {t('wallet.me.signOut')}
      </Button>
      <div style={{ textAlign: 'center', marginTop: 16 }}>
        <Link to="/login" style={{ fontSize: 12 }}>{t('wallet.me.staffConsole')}</Link>
      </div>
    </div>
  );
}
