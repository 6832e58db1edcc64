import { useState } from 'react';
import { Alert, Checkbox, Input, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { errorText, ROLE_COLORS, roleLabel } from '../../format';
import { useRequest } from '../../hooks/useRequest';
import type { Page, UserSummary } from '../../types';

const PAGE_SIZE = 20;

export default function OrgUsersTable({ orgId, refreshKey }: { orgId: string; refreshKey: number }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(PAGE_SIZE);
  const [subtree, setSubtree] = useState(false);

  const { data, error, loading } = useRequest(
    (signal) =>
      api.get<Page<UserSummary>>('/api/directory/users', { orgId, subtree: subtree || undefined, q: q.trim(), page, pageSize }, { signal }),
    [orgId, subtree, q, page, pageSize, refreshKey],
  );

  const columns: TableColumnsType<UserSummary> = [
    {
      title: t('user.name'),
      dataIndex: 'name',
      render: (_: unknown, u) => (
        <Space direction="vertical" size={0}>
          <span>{u.name}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {u.username}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('user.mobile'), dataIndex: 'mobileMasked', width: 140 },
    {
      title: t('user.title'),
      key: 'title',
      render: (_: unknown, u) => {
        const post = u.posts.find((p) => p.orgId === orgId) ?? u.posts.find((p) => p.primary) ?? u.posts[0];
        if (!post) return t('common.none');
        return post.orgId === orgId ? post.title : `${post.title}（${post.orgName}）`;
      },
    },
    {
      title: t('user.roles'),
      key: 'roles',
      render: (_: unknown, u) =>
        u.roles.length === 0 ? (
          t('common.none')
        ) : (
          <Space size={[0, 4]} wrap>
            {u.roles.map((r) => (
              <Tag key={r.id} color={ROLE_COLORS[r.role]} title={r.orgName}>
                {roleLabel(r.role, t)}
              </Tag>
            ))}
          </Space>
        ),
    },
    {
      title: t('user.status'),
      dataIndex: 'status',
      width: 90,
      render: (s: UserSummary['status']) =>
        s === 'active' ? <Tag color="success">{t('user.active')}</Tag> : <Tag>{t('user.disabled')}</Tag>,
    },
  ];

  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('org.userSearch')}
          onSearch={(value) => {
            setQ(value);
            setPage(1);
          }}
          style={{ width: 320 }}
          data-testid="org-user-search"
        />
        <Checkbox
          checked={subtree}
          onChange={(e) => {
            setSubtree(e.target.checked);
            setPage(1);
          }}
          data-testid="org-user-subtree"
        >
          {t('user.includeSubtree')}
        </Checkbox>
      </Space>
      {error !== undefined && <Alert type="error" showIcon message={errorText(error, t)} style={{ marginBottom: 12 }} />}
      <Table<UserSummary>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: (p, s) => {
            setPage(s !== pageSize ? 1 : p);
            setPageSize(s);
          },
        }}
        data-testid="org-users-table"
      />
    </div>
  );
}
