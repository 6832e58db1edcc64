import { Alert, Button, Empty, Spin, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { formatValue } from './context';
import { useWalletRequest } from './useWalletRequest';
import { walletApi, type LicenceStatus, type WalletLicence } from './walletApi';

export const STATUS_COLORS: Record<LicenceStatus, string> = { valid: 'green', expired: 'default', suspended: 'orange', revoked: 'red' };

export function StatusTag({ status }: { status: LicenceStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid="wallet-status">
      {t(`wallet.status.${status}`)}
    </Tag>
  );
}

/** A licence as a card in its type's colour, with its face fields. */
export function LicenceCard({ licence, onClick, compact }: { licence: WalletLicence; onClick?: () => void; compact?: boolean }) {
  const { t } = useTranslation();
  const dim = licence.status !== 'valid';
  return (
    <div
      role={onClick ? 'button' : undefined}
      tabIndex={onClick ? 0 : undefined}
      onClick={onClick}
      onKeyDown={onClick ? (e) => (e.key === 'Enter' || e.key === ' ') && onClick() : undefined}
      data-testid={`wallet-licence-${licence.typeCode}`}
      style={{
        borderRadius: 12, padding: 16, color: '#fff', cursor: onClick ? 'pointer' : 'default', marginBottom: 12,
        background: `linear-gradient(135deg, ${licence.color} 0%, ${licence.color}cc 100%)`,
        boxShadow: '0 4px 14px rgba(0,0,0,0.15)', filter: dim ? 'grayscale(0.7)' : undefined, overflow: 'hidden',
      }}
    >
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start', gap: 8 }}>
        <div style={{ minWidth: 0 }}>
          <div style={{ fontSize: 18, fontWeight: 600 }}>{licence.typeName}</div>
          <div style={{ fontSize: 12, opacity: 0.85 }}>{licence.issuerName}</div>
        </div>
        <StatusTag status={licence.status} />
      </div>
      <div style={{ marginTop: 12, display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: 12, rowGap: 2, fontSize: 13 }}>
        {(compact ? licence.face.slice(0, 3) : licence.face).map((f) => (
          <FaceRow key={f.code} label={f.label} value={formatValue(f.value, t)} />
        ))}
      </div>
      <div style={{ marginTop: 8, fontSize: 12, opacity: 0.85 }}>
        {t('wallet.licences.validUntil')}：{licence.validUntil ?? t('wallet.licences.longTerm')}
      </div>
    </div>
  );
}

function FaceRow({ label, value }: { label: string; value: string }) {
  return (
    <>
      <span style={{ opacity: 0.8, whiteSpace: 'nowrap' }}>{label}</span>
      <span style={{ wordBreak: 'break-all' }}>{value}</span>
    </>
  );
}

export default function LicencesScreen() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data, error, reload: load } = useWalletRequest(() => walletApi.licences());
  const items = data?.items ?? null;


  return (
    <div data-testid="wallet-licences">
      <h2 style={{ fontSize: 18, margin: '4px 0 12px' }}>{t('wallet.licences.title')}</h2>
      {error && <Alert type="error" showIcon message={error} action={<Button size="small" onClick={() => void load()}>{t('wallet.retry')}</Button>} style={{ marginBottom: 12 }} />}
      {!items && !error && <div style={{ textAlign: 'center', padding: 32 }}><Spin /></div>}
      {items && items.length === 0 && (
        <Empty description={<><div>{t('wallet.licences.empty')}</div><div style={{ fontSize: 12, color: '#86909c' }}>{t('wallet.licences.emptyHint')}</div></>} data-testid="wallet-licences-empty">
          <Button onClick={() => void load()}>{t('wallet.retry')}</Button>
        </Empty>
      )}
      {items?.map((licence) => (
        <LicenceCard key={licence.id} licence={licence} compact onClick={() => navigate(`/wallet/licences/${licence.id}`)} />
      ))}
    </div>
  );
}
