import { useState } from 'react';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useSession } from '../../auth/session';
import { errorText, roleLabel } from '../../format';
import { ROLES, type Org, type Role, type UserSummary } from '../../types';
import { isStrongPassword, isValidCitizenId, MOBILE_RE, USERNAME_RE } from '../../validators';

interface FormValues {
  name: string;
  username: string;
  mobile: string;
  citizenId?: string;
  password: string;
  title: string;
  role?: Role;
}

export interface CreateUserModalProps {
  open: boolean;
  org: Org;
  onClose: () => void;
  onCreated: (user: UserSummary) => void;
}

export default function CreateUserModal({ open, org, onClose, onCreated }: CreateUserModalProps) {
  const { t } = useTranslation();
  const { me } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const isPlatformAdmin = me.roles.some((r) => r.role === 'platform_admin');
  // 三员分立: only a platform admin may make platform admins or auditors. Verifier accounts (核验员) belong to a
  // verifier organisation and are made where it is registered (电子证照 → 核验机构).
  const roleOptions = ROLES.filter((r) => r !== 'verifier' && (isPlatformAdmin || (r !== 'platform_admin' && r !== 'auditor'))).map((r) => ({
    value: r,
    label: roleLabel(r, t),
  }));

  const submit = async () => {
    const values = await form.validateFields();
    setSubmitting(true);
    setError(null);
    try {
      const citizenId = values.citizenId?.trim().toUpperCase();
      const user = await api.post<UserSummary>('/api/directory/users', {
        username: values.username.trim(),
        name: values.name.trim(),
        mobile: values.mobile.trim(),
        ...(citizenId ? { citizenId } : {}),
        password: values.password,
        orgId: org.id,
        title: values.title.trim(),
        roles: values.role ? [values.role] : [],
      });
      message.success(t('org.createdUser'));
      form.resetFields();
      onCreated(user);
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={open}
      title={`${t('org.createUser')} · ${org.name}`}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={submitting}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'user-form-submit' }}
      afterClose={() => setError(null)}
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="user-form-error" />}
      <Form<FormValues> form={form} layout="vertical" preserve={false} autoComplete="off">
        <Form.Item name="name" label={t('user.name')} rules={[{ required: true, whitespace: true, message: t('user.nameRequired') }]}>
          <Input maxLength={100} data-testid="user-form-name" />
        </Form.Item>
        <Form.Item
          name="username"
          label={t('user.username')}
          rules={[
            { required: true, message: t('user.usernameRequired') },
            { pattern: USERNAME_RE, message: t('user.usernameInvalid') },
          ]}
        >
          <Input maxLength={32} autoComplete="off" data-testid="user-form-username" />
        </Form.Item>
        <Form.Item
          name="mobile"
          label={t('user.mobile')}
          rules={[
            { required: true, message: t('user.mobileRequired') },
            { pattern: MOBILE_RE, message: t('user.mobileInvalid') },
          ]}
        >
          <Input maxLength={11} inputMode="tel" data-testid="user-form-mobile" />
        </Form.Item>
        <Form.Item
          name="citizenId"
          label={t('user.citizenIdOptional')}
          rules={[
            {
              validator: (_, v: string | undefined) =>
                !v || isValidCitizenId(v) ? Promise.resolve() : Promise.reject(new Error(t('user.citizenIdInvalid'))),
            },
          ]}
        >
          <Input maxLength={18} data-testid="user-form-citizen-id" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('user.password')}
          rules={[
            { required: true, message: t('user.passwordRequired') },
            {
              validator: (_, v: string | undefined) =>
                !v || isStrongPassword(v) ? Promise.resolve() : Promise.reject(new Error(t('user.passwordWeak'))),
            },
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="user-form-password" />
        </Form.Item>
        <Form.Item name="title" label={t('user.title')} rules={[{ required: true, whitespace: true, message: t('user.titleRequired') }]}>
          <Input maxLength={50} data-testid="user-form-title" />
        </Form.Item>
        <Form.Item name="role" label={t('user.role')}>
          <Select allowClear placeholder={t('user.roleNone')} options={roleOptions} data-testid="user-form-role" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
