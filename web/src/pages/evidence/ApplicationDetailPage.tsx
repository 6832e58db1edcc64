import { Alert, Button, Card, Descriptions, Empty, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, CheckCircleOutlined, FileTextOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { errorText, formatDateTime } from '../../format';
import { useRequest } from '../../hooks/useRequest';
import { fetchApplication, type EvidenceContent, type HandledPiece } from './evidenceApi';

type Value = string | number | boolean | null;

/** 办件详情: one submitted application with the evidence the applicant released to the department. */
export default function ApplicationDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const app = useRequest((signal) => fetchApplication(id, signal), [id]);
  const a = app.data;

  return (
    <div>
      <Card style={{ marginBottom: 16 }}>
        <Space align="center" wrap>
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/evidence?tab=applications')}>
            {t('evidence.back')}
          </Button>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('evidence.detailTitle')}
            {a ? ` · ${a.number}` : ''}
          </Typography.Title>
          {a && <Tag color={a.paperFree ? 'success' : 'warning'} data-testid="evidence-paper-free">{a.paperFree ? t('evidence.paperFree') : t('evidence.needsPaper')}</Tag>}
        </Space>
        {a && (
          <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginTop: 16 }}>
            <Descriptions.Item label={t('evidence.itemName')}>{a.itemName}</Descriptions.Item>
            <Descriptions.Item label={t('evidence.itemCode')}>{a.itemCode}</Descriptions.Item>
            <Descriptions.Item label={t('evidence.applicant')}>{a.applicantName}</Descriptions.Item>
            <Descriptions.Item label={t('evidence.applicantId')}>{a.applicantIdMasked}</Descriptions.Item>
            <Descriptions.Item label={t('evidence.submittedAt')}>{formatDateTime(a.submittedAt)}</Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      {app.error !== undefined && <Alert type="error" showIcon message={errorText(app.error, t)} style={{ marginBottom: 16 }} />}
      {app.loading && !a && <Skeleton active />}
      {a?.evidence.map((piece) => <PieceCard key={piece.code} piece={piece} />)}
    </div>
  );
}

function PieceCard({ piece }: { piece: HandledPiece }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      data-testid={`evidence-piece-${piece.code}`}
      title={
        <Space>
          <FileTextOutlined />
          {piece.name}
          {piece.released ? (
            <Tag color="success" icon={<CheckCircleOutlined />}>
              {t('evidence.released')}
            </Tag>
          ) : (
            <Tag color="warning">{t('evidence.paperRequired')}</Tag>
          )}
        </Space>
      }
      extra={piece.releasedAt ? <Typography.Text type="secondary">{t('evidence.releasedAt')}：{formatDateTime(piece.releasedAt)}</Typography.Text> : null}
    >
      {piece.paperReason && <Alert type="warning" showIcon message={piece.paperReason} style={{ marginBottom: 12 }} />}
      {piece.content ? <Content content={piece.content} digest={piece.digest} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('evidence.noContent')} />}
    </Card>
  );
}

function Content({ content, digest }: { content: EvidenceContent; digest: string | null }) {
  const { t } = useTranslation();
  const show = (v: Value) => (v === null || v === undefined ? '—' : typeof v === 'boolean' ? (v ? t('common.yes') : t('common.no')) : String(v));
  return (
    <>
      <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 8 }}>
        <Descriptions.Item label={t('evidence.provider')}>
          <Tag color={content.provider.kind === 'licence' ? 'blue' : 'cyan'}>{t(`evidence.providerKinds.${content.provider.kind}`)}</Tag>
          {content.provider.name}
          {content.provider.source ? ` · ${content.provider.source}` : ''}
        </Descriptions.Item>
        {content.conclusion && (
          <Descriptions.Item label={t('evidence.conclusion')}>
            <Typography.Text strong>{content.conclusion}</Typography.Text>
          </Descriptions.Item>
        )}
        {digest && (
          <Descriptions.Item label={t('evidence.digest')}>
            <Typography.Text code copyable={{ text: digest }} style={{ fontSize: 12 }}>
              {digest.slice(0, 16)}…
            </Typography.Text>
          </Descriptions.Item>
        )}
      </Descriptions>
      {content.noRecord ? (
        <Alert type="info" showIcon message={t('evidence.noRecord')} />
      ) : (
        <Table<Record<string, Value>>
          size="small"
          rowKey={(_, i) => String(i)}
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={content.records}
          columns={content.fields.map((f) => ({ title: f.name, dataIndex: f.code, key: f.code, render: (v: Value) => show(v) }))}
        />
      )}
    </>
  );
}
