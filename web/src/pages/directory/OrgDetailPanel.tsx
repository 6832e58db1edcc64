import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Empty, Skeleton, Space, Typography } from 'antd';
import { PlusOutlined, UserAddOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { canManageOrg, useSession } from '../../auth/session';
import { errorText, kindLabel, levelLabel } from '../../format';
import { useRequest } from '../../hooks/useRequest';
import type { Org } from '../../types';
import CreateOrgModal from './CreateOrgModal';
import CreateUserModal from './CreateUserModal';
import { OrgKindIcon } from './OrgTreePanel';
import OrgUsersTable from './OrgUsersTable';

export interface OrgDetailPanelProps {
  orgId: string | undefined;
  onOrgCreated: (org: Org) => void;
}

export default function OrgDetailPanel({ orgId, onOrgCreated }: OrgDetailPanelProps) {
  const { t } = useTranslation();
  const { me } = useSession();
  const [userModal, setUserModal] = useState(false);
  const [orgModal, setOrgModal] = useState(false);
  const [usersVersion, setUsersVersion] = useState(0);

  const { data: org, error, loading } = useRequest(
    (signal) => (orgId ? api.get<Org>(`/api/directory/orgs/${encodeURIComponent(orgId)}`, undefined, { signal }) : undefined),
    [orgId],
  );

  if (!orgId) {
    return (
      <Card style={{ height: '100%' }}>
        <Empty description={t('org.selectHint')} />
      </Card>
    );
  }
  if (error !== undefined) return <Alert type="error" showIcon message={errorText(error, t)} />;
  if (!org || (loading && org.id !== orgId)) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    );
  }

  const pathIds = [...org.path.map((p) => p.id), org.id];
  const canManage = canManageOrg(me, pathIds);
  const parents = org.path.filter((p) => p.id !== org.id);

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <OrgKindIcon kind={org.kind} />
            <span data-testid="org-detail-name">{org.name}</span>
          </Space>
        }
        extra={
          canManage && (
            <Space wrap>
              <Button icon={<PlusOutlined />} onClick={() => setOrgModal(true)} data-testid="org-create-child">
                {t('org.createChild')}
              </Button>
              <Button type="primary" icon={<UserAddOutlined />} onClick={() => setUserModal(true)} data-testid="org-create-user">
                {t('org.createUser')}
              </Button>
            </Space>
          )
        }
      >
        <Descriptions column={{ xs: 1, md: 2 }} size="small" data-testid="org-detail">
          <Descriptions.Item label={t('org.name')}>{org.name}</Descriptions.Item>
          <Descriptions.Item label={t('org.kind')}>
            <span data-testid="org-detail-kind">{kindLabel(org.kind, t)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('org.level')}>{levelLabel(org.level, t)}</Descriptions.Item>
          <Descriptions.Item label={t('org.regionCode')}>
            <Typography.Text copyable={!!org.regionCode}>{org.regionCode ?? t('common.none')}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('org.uscc')}>
            <Typography.Text copyable={!!org.uscc}>{org.uscc ?? t('common.none')}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('org.path')}>
            {parents.length > 0 ? parents.map((p) => p.name).join(' / ') : t('common.none')}
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Card title={t('org.users')}>
        <OrgUsersTable orgId={org.id} refreshKey={usersVersion} />
      </Card>

      {canManage && (
        <>
          <CreateUserModal
            open={userModal}
            org={org}
            onClose={() => setUserModal(false)}
            onCreated={() => {
              setUserModal(false);
              setUsersVersion((v) => v + 1);
            }}
          />
          <CreateOrgModal
            open={orgModal}
            parent={org}
            onClose={() => setOrgModal(false)}
            onCreated={(created) => {
              setOrgModal(false);
              onOrgCreated(created);
            }}
          />
        </>
      )}
    </Space>
  );
}
