import type { ReactNode } from 'react';
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { hasAnyRole, useSession } from '../auth/session';
import type { Role } from '../types';

export default function RequireRoles({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const { me } = useSession();
  const { t } = useTranslation();
  const navigate = useNavigate();
  if (hasAnyRole(me, roles)) return <>{children}</>;
  return (
    <div data-testid="page-forbidden">
      <Result
        status="403"
        title={t('common.forbiddenTitle')}
        subTitle={t('common.forbiddenDetail')}
        extra={
          <Button type="primary" onClick={() => navigate('/')}>
            {t('common.backHome')}
          </Button>
        }
      />
    </div>
  );
}
