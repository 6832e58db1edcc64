import { useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Space } from 'antd';
import { CheckOutlined, CloseOutlined, EditOutlined, QuestionCircleOutlined, RollbackOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../format';
import { OPEN_STATUSES, type CatalogEntry, type SharingRequest, type SharingRequestDetail } from '../../types';
import ApproveModal from './ApproveModal';
import RequestFields, { requestInput, requestValues, type RequestFormValues } from './RequestFields';
import { actOnRequest } from './sharingApi';

type Dialog = 'approve' | 'reject' | 'ask-info' | 'resubmit' | null;

/** A modal asking for one text (驳回理由, 需补充的材料), sent as `field` to the request's `action`. */
function TextModal({
  open,
  title,
  label,
  okText,
  field,
  testId,
  danger,
  onClose,
  send,
}: {
  open: boolean;
  title: string;
  label: string;
  okText: string;
  field: 'reason' | 'question';
  testId: string;
  danger?: boolean;
  onClose: () => void;
  send: (text: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ text: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const submit = async () => {
    const { text } = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      await send(text.trim());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy, danger, 'data-testid': `${testId}-confirm` }}
      onCancel={onClose}
      onOk={() => void submit()}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="text" label={label} rules={[{ required: true, whitespace: true, message: t(`sharing.${field}Required`) }]}>
          <Input.TextArea rows={4} maxLength={1000} showCount data-testid={testId} />
        </Form.Item>
      </Form>
      {error !== undefined && <Alert type="error" showIcon message={errorText(error, t)} data-testid="request-action-error" />}
    </Modal>
  );
}

/** 修改后重新提交: the requester answers the question (or the rejection) and may change what is asked. */
function ResubmitModal({ request, entry, open, onClose, onDone }: { request: SharingRequest; entry: CatalogEntry; open: boolean; onClose: () => void; onDone: (next: SharingRequestDetail) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<RequestFormValues & { reply?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      onDone(await actOnRequest(request.id, 'resubmit', { ...requestInput(values), reply: values.reply?.trim() || null }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      width={960}
      title={t('sharing.resubmitTitle', { number: request.number })}
      okText={t('sharing.resubmit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy, 'data-testid': 'request-resubmit-confirm' }}
      onCancel={onClose}
      onOk={() => void submit()}
      destroyOnHidden
    >
      {request.reason && (
        <Alert
          type={request.status === 'rejected' ? 'error' : 'warning'}
          showIcon
          message={t(request.status === 'rejected' ? 'sharing.rejectReason' : 'sharing.question')}
          description={request.reason}
          style={{ marginBottom: 16 }}
        />
      )}
      <Form form={form} layout="vertical" preserve={false} initialValues={{ ...requestValues(request), reply: '' }}>
        <Form.Item name="reply" label={t('sharing.reply')}>
          <Input.TextArea rows={3} maxLength={1000} showCount placeholder={t('sharing.replyPlaceholder')} data-testid="request-reply" />
        </Form.Item>
        <RequestFields entry={entry} form={form} />
      </Form>
      {error !== undefined && <Alert type="error" showIcon message={errorText(error, t)} data-testid="request-action-error" />}
    </Modal>
  );
}

/**
 * What the caller may do with a request now: the decider approves, rejects or asks for more information; the
 * requesting side amends and resubmits, or withdraws. The server says which (canDecide, canAmend).
 */
export default function RequestActions({ request, entry, onChanged }: { request: SharingRequest; entry: CatalogEntry | undefined; onChanged: (next: SharingRequestDetail) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [withdrawing, setWithdrawing] = useState(false);

  const done = (okKey: string) => (next: SharingRequestDetail) => {
    message.success(t(okKey));
    setDialog(null);
    onChanged(next);
  };
  const withdraw = async () => {
    setWithdrawing(true);
    try {
      done('sharing.withdrawnOk')(await actOnRequest(request.id, 'withdraw'));
    } catch (err) {
      message.error(errorText(err, t));
    } finally {
      setWithdrawing(false);
    }
  };

  const resubmittable = request.canAmend && (request.status === 'info_requested' || request.status === 'rejected');
  const withdrawable = request.canAmend && OPEN_STATUSES.includes(request.status);
  if (!request.canDecide && !resubmittable && !withdrawable) return null;

  return (
    <Space wrap>
      {request.canDecide && (
        <>
          <Button icon={<QuestionCircleOutlined />} onClick={() => setDialog('ask-info')} data-testid="request-ask-info">
            {t('sharing.askInfo')}
          </Button>
          <Button danger icon={<CloseOutlined />} onClick={() => setDialog('reject')} data-testid="request-reject">
            {t('sharing.reject')}
          </Button>
          <Button type="primary" icon={<CheckOutlined />} onClick={() => setDialog('approve')} disabled={!entry} data-testid="request-approve">
            {t('sharing.approve')}
          </Button>
        </>
      )}
      {resubmittable && entry && (
        <Button type="primary" icon={<EditOutlined />} onClick={() => setDialog('resubmit')} data-testid="request-resubmit">
          {t('sharing.resubmit')}
        </Button>
      )}
      {withdrawable && (
        <Popconfirm
          title={t('sharing.withdrawConfirm')}
          okText={t('sharing.withdraw')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: true, 'data-testid': 'request-withdraw-confirm' }}
          onConfirm={() => withdraw()}
        >
          <Button icon={<RollbackOutlined />} loading={withdrawing} data-testid="request-withdraw">
            {t('sharing.withdraw')}
          </Button>
        </Popconfirm>
      )}
      <ApproveModal request={request} entry={entry} open={dialog === 'approve'} onClose={() => setDialog(null)} onDone={done('sharing.approvedOk')} />
      <TextModal
        open={dialog === 'reject'}
        title={t('sharing.rejectTitle', { number: request.number })}
        label={t('sharing.rejectReason')}
        okText={t('sharing.reject')}
        field="reason"
        testId="request-reason"
        danger
        onClose={() => setDialog(null)}
        send={async (reason) => done('sharing.rejectedOk')(await actOnRequest(request.id, 'reject', { reason }))}
      />
      <TextModal
        open={dialog === 'ask-info'}
        title={t('sharing.askInfoTitle', { number: request.number })}
        label={t('sharing.question')}
        okText={t('sharing.askInfo')}
        field="question"
        testId="request-question"
        onClose={() => setDialog(null)}
        send={async (question) => done('sharing.askedOk')(await actOnRequest(request.id, 'ask-info', { question }))}
      />
      {entry && <ResubmitModal request={request} entry={entry} open={dialog === 'resubmit'} onClose={() => setDialog(null)} onDone={done('sharing.resubmittedOk')} />}
    </Space>
  );
}
