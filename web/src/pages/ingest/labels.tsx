import { Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

const STATUS_COLORS: Record<string, string> = { running: 'processing', succeeded: 'success', failed: 'error' };
const SOURCE_COLORS: Record<string, string> = { file: 'blue', push: 'cyan', pull: 'purple' };

export function BatchStatusTag({ t, status }: { t: TFunction; status: string }) {
  return (
    <Tag color={STATUS_COLORS[status] ?? 'default'} data-testid="batch-status">
      {t(`ingest.statuses.${status}`, { defaultValue: status })}
    </Tag>
  );
}

export function BatchSourceTag({ t, source }: { t: TFunction; source: string }) {
  return <Tag color={SOURCE_COLORS[source] ?? 'default'}>{t(`ingest.sources.${source}`, { defaultValue: source })}</Tag>;
}

export const rejectionsUrl = (batchId: number): string => `/api/ingest/batches/${batchId}/rejections.csv`;

/** Link to a batch's rejected rows with their reasons (CSV for Excel); the session cookie authorises it. */
export function RejectedDownload({ batchId, testId }: { batchId: number; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Typography.Link href={rejectionsUrl(batchId)} download={`rejected-rows-${batchId}.csv`} data-testid={testId}>
      <DownloadOutlined /> {t('ingest.downloadRejected')}
    </Typography.Link>
  );
}
