import { Alert, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, CloudOutlined, DisconnectOutlined, FileProtectOutlined } from '@ant-design/icons';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../format';
import { verifyReasonLabel } from '../credentials/reasons';
import type { FieldValue } from './offlineVerify';

/** One check as the page shows it: the server's answer, or the browser's from the cache. */
export interface ShownResult {
  id: string;
  ok: boolean;
  reason: string | null;
  detail: string | null;
  checkedAt: string;
  licence: { typeCode: string; typeName: string; issuerName: string } | null;
  scene: { code: string; name: string } | null;
  disclosed: FieldValue[];
  copy: { purpose: string; recipient: string; expiresAt: string | null } | null;
  offline: boolean;
  /** Offline: when the cache was fetched (ms), and how long it may be relied on (s). */
  cacheFetchedAt?: number;
  offlineSeconds?: number;
}

const HINTED = new Set(['stale', 'holder_binding', 'wrong_audience', 'expired', 'status_unavailable']);

export function fieldValueText(value: FieldValue['value'], t: TFunction): string {
  if (typeof value === 'boolean') return value ? t('verify.yes') : t('verify.no');
  return String(value);
}

/** "N 分钟前" for a duration in ms. */
export function ageText(ms: number, t: TFunction): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 1) return t('verify.justNow');
  if (minutes < 120) return t('verify.minutesAgo', { count: minutes });
  return t('verify.hoursAgo', { count: Math.floor(minutes / 60) });
}

export default function VerifyResult({ result, now }: { result: ShownResult; now: number }) {
  const { t } = useTranslation();
  const color = result.ok ? '#389e0d' : '#cf1322';
  const cacheAge = result.cacheFetchedAt !== undefined ? now - result.cacheFetchedAt : undefined;
  const tooOld = cacheAge !== undefined && result.offlineSeconds !== undefined && cacheAge > result.offlineSeconds * 1000;

  return (
    <Card
      data-testid="verify-result"
      data-ok={result.ok ? 'true' : 'false'}
      style={{ borderColor: color, borderWidth: 2, marginBottom: 16 }}
      styles={{ body: { padding: 20 } }}
    >
      <Space align="center" size={16} style={{ marginBottom: 12 }}>
        {result.ok ? <CheckCircleFilled style={{ fontSize: 56, color }} /> : <CloseCircleFilled style={{ fontSize: 56, color }} />}
        <div>
          <Typography.Title level={2} style={{ margin: 0, color }} data-testid="verify-verdict">
            {result.ok ? t('verify.passed') : t('verify.failed')}
          </Typography.Title>
          {!result.ok && (
            <Typography.Text strong style={{ fontSize: 18, color }} data-testid="verify-reason">
              {verifyReasonLabel(result.reason, t)}
            </Typography.Text>
          )}
          {!result.ok && result.reason && HINTED.has(result.reason) && (
            <div>
              <Typography.Text type="secondary">{t(`verify.hints.${result.reason}`)}</Typography.Text>
            </div>
          )}
        </div>
      </Space>

      {result.offline ? (
        <Space direction="vertical" style={{ width: '100%', marginBottom: 12 }}>
          <Tag icon={<DisconnectOutlined />} color={tooOld ? 'error' : 'warning'} style={{ fontSize: 14, padding: '2px 8px' }}>
            <span data-testid="verify-cache-age">{t('verify.offlineResult', { age: ageText(cacheAge ?? 0, t) })}</span>
          </Tag>
          {tooOld && <Alert type="error" showIcon message={t('verify.cacheTooOld', { hours: Math.round((result.offlineSeconds ?? 0) / 3600) })} />}
          <Typography.Text type="secondary">{t('verify.offlineNotRecorded')}</Typography.Text>
        </Space>
      ) : (
        <Tag icon={<CloudOutlined />} color="processing" style={{ marginBottom: 12 }}>
          {t('verify.online')}
        </Tag>
      )}

      {result.copy && (
        <Alert
          type="warning"
          showIcon
          icon={<FileProtectOutlined />}
          data-testid="verify-copy-banner"
          style={{ marginBottom: 12, borderWidth: 2 }}
          message={<Typography.Text strong style={{ fontSize: 16 }}>{t('verify.copyBanner')}</Typography.Text>}
          description={
            <Space direction="vertical" size={2}>
              <Typography.Text strong>{t('verify.copyPurpose', { purpose: result.copy.purpose })}</Typography.Text>
              <span>{t('verify.copyRecipient', { recipient: result.copy.recipient })}</span>
              {result.copy.expiresAt && <span>{t('verify.copyExpires', { at: formatDateTime(result.copy.expiresAt) })}</span>}
              {result.offline && <Typography.Text type="secondary">{t('verify.copyOfflineNote')}</Typography.Text>}
            </Space>
          }
        />
      )}

      <Descriptions size="small" column={{ xs: 1, sm: 2 }} style={{ marginBottom: 12 }}>
        {result.licence && (
          <>
            <Descriptions.Item label={t('verify.licenceType')}>
              <span data-testid="verify-licence-type">{result.licence.typeName}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('verify.issuer')}>{result.licence.issuerName || '—'}</Descriptions.Item>
          </>
        )}
        {result.scene && (
          <Descriptions.Item label={t('verify.sceneLabel')}>
            <span data-testid="verify-result-scene">{result.scene.name}</span>
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('verify.checkedAt')}>{formatDateTime(result.checkedAt)}</Descriptions.Item>
      </Descriptions>

      {result.ok && (
        <div>
          <Typography.Text type="secondary">{t('verify.disclosed')}</Typography.Text>
          {result.disclosed.length === 0 ? (
            <div>{t('verify.noDisclosed')}</div>
          ) : (
            <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))', gap: 8, marginTop: 8 }}>
              {result.disclosed.map((f) => (
                <div
                  key={f.code}
                  data-testid={`verify-field-${f.code}`}
                  style={{ background: '#f6ffed', border: '1px solid #b7eb8f', borderRadius: 4, padding: '8px 12px' }}
                >
                  <Typography.Text type="secondary">{f.label}：</Typography.Text>
                  <Typography.Text strong style={{ fontSize: 16 }}>
                    {fieldValueText(f.value, t)}
                  </Typography.Text>
                </div>
              ))}
            </div>
          )}
        </div>
      )}
    </Card>
  );
}
