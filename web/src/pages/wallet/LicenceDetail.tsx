import { useEffect, useState } from 'react';
import { Alert, Button, Card, Descriptions, Spin, Tag } from 'antd';
import { ArrowLeftOutlined, QrcodeOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { formatDateTime } from '../../format';
import { formatValue, useWallet, walletError } from './context';
import CopyForm from './CopyForm';
import { LicenceCard } from './LicencesScreen';
import ShowQr from './ShowQr';
import { walletApi, type WalletLicence } from './walletApi';

export default function LicenceDetail() {
  const { t } = useTranslation();
  const { id } = useParams<{ id: string }>();
  const navigate = useNavigate();
  const session = useWallet();
  const [licence, setLicence] = useState<WalletLicence | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [sceneCode, setSceneCode] = useState<string | null>(null);
  const [copyOpen, setCopyOpen] = useState(false);

  useEffect(() => {
    let live = true;
    walletApi
      .licences()
      .then(({ items }) => live && setLicence(items.find((l) => l.id === id) ?? null))
      .catch((err: unknown) => live && setError(walletError(err, t, session)));
    return () => {
      live = false;
    };
  }, [id, t, session]);

  const back = (
    <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate('/wallet')} style={{ paddingInline: 0, marginBottom: 8 }}>
      {t('wallet.back')}
    </Button>
  );
  if (error) return <>{back}<Alert type="error" showIcon message={error} /></>;
  if (licence === undefined) return <div style={{ textAlign: 'center', padding: 32 }}><Spin /></div>;
  if (licence === null) return <>{back}<Alert type="warning" showIcon message={t('wallet.licences.notFound')} /></>;

  const label = (code: string) => licence.fields.find((f) => f.code === code)?.label ?? code;
  const scene = licence.scenes.find((s) => s.code === sceneCode) ?? null;
  const usable = licence.status === 'valid';

  return (
    <div data-testid="wallet-detail">
      {back}
      <LicenceCard licence={licence} />
      {licence.statusReason && <Alert type="warning" showIcon message={t('wallet.licences.statusReason', { reason: licence.statusReason })} style={{ marginBottom: 12 }} />}

      <Card size="small" title={<><QrcodeOutlined /> {t('wallet.show.title')}</>} style={{ marginBottom: 12 }}>
        {!usable ? (
          <Alert type="warning" showIcon message={t('wallet.show.notValid', { status: t(`wallet.status.${licence.status}`) })} />
        ) : licence.scenes.length === 0 ? (
          <Alert type="info" showIcon message={t('wallet.show.noScenes')} />
        ) : (
          <>
            <div style={{ color: '#86909c', fontSize: 12, marginBottom: 8 }}>{t('wallet.show.hint')}</div>
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }}>
              {licence.scenes.map((s) => (
                <Button
                  key={s.code}
                  type={s.code === sceneCode ? 'primary' : 'default'}
                  onClick={() => setSceneCode(s.code)}
                  data-testid={`wallet-scene-${s.code}`}
                >
                  {s.name}
                </Button>
              ))}
            </div>
            {scene && (
              <>
                <div style={{ marginBottom: 8 }} data-testid="wallet-disclose">
                  <div style={{ fontSize: 13, marginBottom: 4 }}>{t('wallet.show.willDisclose')}</div>
                  {scene.disclose.map((code) => (
                    <Tag key={code} color="blue" style={{ marginBottom: 4 }}>{label(code)}</Tag>
                  ))}
                </div>
                <ShowQr key={scene.code} licence={licence} scene={scene} />
              </>
            )}
          </>
        )}
      </Card>

      {usable && (
        <Card size="small" title={t('wallet.copy.title')} style={{ marginBottom: 12 }}>
          {copyOpen ? (
            <CopyForm licence={licence} />
          ) : (
            <Button block onClick={() => setCopyOpen(true)} data-testid="wallet-copy-open">
              {t('wallet.copy.open')}
            </Button>
          )}
        </Card>
      )}

      <Card size="small" title={t('wallet.licences.allFields')}>
        <Descriptions column={1} size="small" styles={{ label: { whiteSpace: 'nowrap' } }}>
          {licence.fields.map((f) => (
            <Descriptions.Item key={f.code} label={f.label}>
              <span style={{ wordBreak: 'break-all' }}>{formatValue(f.value, t)}</span>
            </Descriptions.Item>
          ))}
          <Descriptions.Item label={t('wallet.licences.identifier')}>
            <span style={{ wordBreak: 'break-all', fontSize: 12 }}>{licence.identifier}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('wallet.licences.issuedAt')}>{formatDateTime(licence.issuedAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
    </div>
  );
}
