import { useState } from 'react';
import { App, Button, Modal, Result } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { errorText } from '../../format';
import type { AuditVerifyResult } from '../../types';

export default function VerifyChainButton() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<AuditVerifyResult | null>(null);

  const verify = async () => {
    setRunning(true);
    try {
      setResult(await api.post<AuditVerifyResult>('/api/audit/verify'));
    } catch (err) {
      message.error(errorText(err, t));
    } finally {
      setRunning(false);
    }
  };

  return (
    <>
      <Button icon={<SafetyCertificateOutlined />} loading={running} onClick={() => void verify()} data-testid="audit-verify">
        {t('audit.verify')}
      </Button>
      <Modal
        open={result !== null}
        footer={
          <Button type="primary" onClick={() => setResult(null)} data-testid="audit-verify-close">
            {t('common.confirm')}
          </Button>
        }
        onCancel={() => setResult(null)}
        width={560}
      >
        {result?.ok ? (
          <div data-testid="audit-verify-ok">
            <Result
              status="success"
              title={t('audit.verifyOkTitle')}
              subTitle={t('audit.verifyOkSub', { checked: result.checked, checkpoints: result.checkpoints })}
            />
          </div>
        ) : result ? (
          <div data-testid="audit-verify-broken">
            <Result
              status="error"
              title={t('audit.verifyBadTitle')}
              subTitle={
                <>
                  <div data-testid="audit-verify-broken-at">
                    {t('audit.verifyBadSub', {
                      seq: result.brokenAt ?? '?',
                      reason: result.message || result.reason || t('audit.unknownReason'),
                    })}
                  </div>
                  <div>{t('audit.verifyBadChecked', { checked: result.checked })}</div>
                </>
              }
            />
          </div>
        ) : null}
      </Modal>
    </>
  );
}
