import { useEffect, useState } from 'react';
import { Button, Card, Descriptions, Result, Space, Spin, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError } from '../../api';
import { errorText, formatDateTime } from '../../format';
import { useRequest } from '../../hooks/useRequest';
import type { IncidentDetail } from '../../types';
import IncidentActions from './IncidentActions';
import IncidentEvidence from './IncidentEvidence';
import { DeadlineCell, failedText, IncidentStatusTag, ruleLabel } from './labels';

/** One incident: what failed, the sample rows, its history, and the provider's actions. */
export default function IncidentDetailPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { id = '' } = useParams<{ id: string }>();
  const request = useRequest((signal) => api.get<IncidentDetail>(`/api/quality/incidents/${encodeURIComponent(id)}`, undefined, { signal }), [id]);
  // An action answers with the incident as it is now: shown at once, without another round trip.
  const [updated, setUpdated] = useState<IncidentDetail | undefined>(undefined);
  useEffect(() => setUpdated(undefined), [request.data]);
  const incident = updated ?? request.data;

  if (request.error !== undefined && !incident) {
    const status = request.error instanceof ApiError ? request.error.status : 0;
    return (
      <Result
        status={status === 404 ? '404' : status === 403 ? '403' : 'error'}
        title={status === 404 ? t('common.notFoundTitle') : status === 403 ? t('common.forbiddenTitle') : t('common.requestFailed')}
        subTitle={errorText(request.error, t)}
        extra={<Button onClick={() => navigate('/quality/incidents')}>{t('quality.back')}</Button>}
      />
    );
  }
  if (!incident) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  const result = incident.latestResult;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/quality/incidents')} aria-label={t('quality.back')} />
            <span data-testid="incident-title">{t('quality.detailTitle')}</span>
            <IncidentStatusTag t={t} status={incident.status} />
          </Space>
        }
        extra={<IncidentActions incident={incident} onChanged={setUpdated} />}
      >
        <Descriptions bordered size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t('quality.problem')} span="filled">
            {incident.title}
          </Descriptions.Item>
          <Descriptions.Item label={t('quality.resource')}>
            <Link to={`/catalog/${incident.entryId}`}>{incident.resourceName ?? incident.resourceCode ?? incident.entryId}</Link>
            {incident.resourceCode && <Typography.Text type="secondary">（{incident.resourceCode}）</Typography.Text>}
          </Descriptions.Item>
          <Descriptions.Item label={t('quality.department')}>{incident.providerName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('quality.rule')}>{ruleLabel(t, incident)}</Descriptions.Item>
          <Descriptions.Item label={t('quality.openedAt')}>{formatDateTime(incident.openedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('quality.deadline')}>
            <DeadlineCell t={t} incident={incident} />
          </Descriptions.Item>
          <Descriptions.Item label={t('quality.failedEvaluated')}>
            {result ? `${result.failed} / ${result.evaluated}` : failedText(incident)}
            {result && <Typography.Text type="secondary">（{result.failedPercent.toFixed(1)}%）</Typography.Text>}
          </Descriptions.Item>
          {incident.acknowledgedNote ? (
            <Descriptions.Item label={t('quality.acknowledgedNote')} span="filled">
              <span data-testid="incident-ack-note">{incident.acknowledgedNote}</span>
              <Typography.Text type="secondary"> · {formatDateTime(incident.acknowledgedAt)}</Typography.Text>
            </Descriptions.Item>
          ) : null}
          {incident.resolution ? (
            <Descriptions.Item label={t('quality.resolutionNote')} span="filled">
              {t(`quality.resolution.${incident.resolution}`)}
              {incident.resolutionNote ? `：${incident.resolutionNote}` : ''}
              <Typography.Text type="secondary"> · {formatDateTime(incident.resolvedAt)}</Typography.Text>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>
      <IncidentEvidence incident={incident} />
    </Space>
  );
}
