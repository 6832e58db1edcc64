import { Alert, Button, Empty, Spin, Tag } from 'antd';
import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../format';
import { verifierCategoryLabel, verifyReasonLabel } from '../credentials/reasons';
import { useWalletRequest } from './useWalletRequest';
import { walletApi } from './walletApi';

/** 谁查看了我的证照: every verification of the citizen's licences, newest first. */
export default function ChecksScreen() {
  const { t } = useTranslation();
  const { data, error, reload: load } = useWalletRequest(() => walletApi.checks());
  const items = data?.items ?? null;


  return (
    <div data-testid="wallet-checks">
      <h2 style={{ fontSize: 18, margin: '4px 0 12px' }}>{t('wallet.checks.title')}</h2>
      {error && <Alert type="error" showIcon message={error} action={<Button size="small" onClick={() => void load()}>{t('wallet.retry')}</Button>} />}
      {!items && !error && <div style={{ textAlign: 'center', padding: 32 }}><Spin /></div>}
      {items?.length === 0 && <Empty description={<><div>{t('wallet.checks.empty')}</div><div style={{ fontSize: 12, color: '#86909c' }}>{t('wallet.checks.emptyHint')}</div></>} />}
      {items?.map((c) => (
        <div key={c.id} data-testid="wallet-check-row" data-ok={c.ok ? 'true' : 'false'} style={{ background: '#fff', borderRadius: 8, padding: 12, marginBottom: 8 }}>
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
            <div style={{ fontWeight: 600, minWidth: 0 }}>
              {c.verifierName ?? t('wallet.checks.unknownVerifier')}
              {c.verifierCategory && <Tag style={{ marginInlineStart: 6 }}>{verifierCategoryLabel(c.verifierCategory, t)}</Tag>}
            </div>
            {c.ok ? (
              <span style={{ color: '#00b42a', whiteSpace: 'nowrap' }}><CheckCircleFilled /> {t('wallet.checks.pass')}</span>
            ) : (
              <span style={{ color: '#f53f3f', whiteSpace: 'nowrap' }}><CloseCircleFilled /> {t('wallet.checks.fail')}</span>
            )}
          </div>
          <div style={{ fontSize: 12, color: '#86909c', marginTop: 2 }}>{formatDateTime(c.at)}</div>
          <div style={{ fontSize: 13, marginTop: 4 }}>
            {c.typeName ?? '—'}
            {c.copy && <Tag color="purple" style={{ marginInlineStart: 6 }}>{t('wallet.checks.copy')}</Tag>}
            {c.scene && <span style={{ color: '#4e5969' }}> · {t('wallet.checks.scene', { scene: c.scene })}</span>}
          </div>
          <div style={{ fontSize: 13, color: '#4e5969', marginTop: 2 }}>
            {c.disclosed.length ? t('wallet.checks.disclosed', { fields: c.disclosed.join('、') }) : t('wallet.checks.noneDisclosed')}
          </div>
          {!c.ok && c.reason && (
            <div style={{ fontSize: 13, color: '#f53f3f', marginTop: 2 }} data-testid="wallet-check-reason">
              {t('wallet.checks.reason', { reason: verifyReasonLabel(c.reason, t) })}
            </div>
          )}
        </div>
      ))}
    </div>
  );
}
