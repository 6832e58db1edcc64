import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api, ApiError } from '../api';
import { errorText } from '../format';

export function useSignOut() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();

  const signOut = async (everywhere: boolean) => {
    try {
      await api.post(everywhere ? '/api/auth/logout-all' : '/api/auth/logout', undefined, { quiet401: true });
    } catch (err) {
      // An already-expired session is as good as signed out.
      if (!(err instanceof ApiError && err.status === 401)) {
        message.error(errorText(err, t));
        return;
      }
    }
    navigate('/login', { replace: true });
  };

  const confirmSignOutEverywhere = () => {
    modal.confirm({
      title: t('header.logoutAll'),
      content: t('header.logoutAllConfirm'),
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger: true, 'data-testid': 'logout-all-confirm' },
      onOk: () => signOut(true),
    });
  };

  return { signOut, confirmSignOutEverywhere };
}
