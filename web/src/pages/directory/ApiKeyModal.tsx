import { Alert, Button, Modal, Typography } from 'antd';
import { KeyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ApiClientWithKey } from '../../types';

/** Shows a freshly issued API key exactly once; the key only lives in the parent's state. */
export default function ApiKeyModal({ issued, onClose }: { issued: ApiClientWithKey | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open={issued !== null}
      title={
        <span>
          <KeyOutlined style={{ marginRight: 8 }} />
          {t('apiClients.keyTitle')}
        </span>
      }
      closable={false}
      maskClosable={false}
      keyboard={false}
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose} data-testid="api-key-close">
          {t('apiClients.keySaved')}
        </Button>
      }
    >
      {issued && (
        <>
          <Alert type="warning" showIcon message={t('apiClients.keyWarning')} style={{ marginBottom: 16 }} />
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {t('apiClients.keyFor', { name: issued.client.name })}
          </Typography.Paragraph>
          <div
            style={{
              background: '#f6f8fa',
              border: '1px solid #d9d9d9',
              borderRadius: 4,
              padding: '10px 12px',
              fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
              wordBreak: 'break-all',
            }}
          >
            <Typography.Text copyable={{ text: issued.apiKey, tooltips: [t('common.copy'), t('common.copied')] }}>
              <span data-testid="api-key-value">{issued.apiKey}</span>
            </Typography.Text>
          </div>
        </>
      )}
    </Modal>
  );
}
