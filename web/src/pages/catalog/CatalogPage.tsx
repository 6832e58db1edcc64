import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Empty, Input, Row, Segmented, Select, Space, Spin, Table, Tree, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { TFunction } from 'i18next';
import { api } from '../../api';
import { CATALOG_EDITOR_ROLES, hasAnyRole, useSession } from '../../auth/session';
import { errorText } from '../../format';
import { useRequest } from '../../hooks/useRequest';
import { DATA_GRADES, SHARE_TYPES, type CatalogEntry, type CatalogTreeNode, type DataGrade, type Page, type ShareType } from '../../types';
import { DataGradeTag, enumLabel, enumOptions, ShareTypeTag, StatusTag } from './labels';

type TreeBy = 'class' | 'provider';

interface TreeFilter {
  resourceClass?: string;
  category?: string;
  providerOrgId?: string;
}

/** Tree keys are `class:<class>[:<category>]` or `provider:<orgId>[:<class>]`. */
function filterOfKey(key: string | undefined): TreeFilter {
  if (!key) return {};
  const [by, a, b] = key.split(':');
  if (by === 'class') return { resourceClass: a, category: b };
  if (by === 'provider') return { providerOrgId: a, resourceClass: b };
  return {};
}

interface TreeOption {
  key: string;
  title: string;
  children: TreeOption[];
}

function toTreeData(nodes: readonly CatalogTreeNode[], by: TreeBy, t: TFunction, depth = 0): TreeOption[] {
  return nodes.map((n) => {
    const parts = n.key.split(':');
    // Class names are localised here; categories and department names come from the server as they are.
    const classCode = by === 'class' && depth === 0 ? parts[1] : by === 'provider' && depth === 1 ? parts[2] : undefined;
    const name = classCode ? enumLabel(t, 'resourceClass', classCode) : n.title;
    return {
      key: n.key,
      title: `${name}（${n.count}）`,
      children: toTreeData(n.children, by, t, depth + 1),
    };
  });
}

export default function CatalogPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { me } = useSession();
  const canEdit = hasAnyRole(me, CATALOG_EDITOR_ROLES);

  const [by, setBy] = useState<TreeBy>('class');
  const [selectedKey, setSelectedKey] = useState<string | undefined>(undefined);
  const [qInput, setQInput] = useState('');
  const [q, setQ] = useState('');
  const [shareType, setShareType] = useState<ShareType | undefined>(undefined);
  const [dataGrade, setDataGrade] = useState<DataGrade | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);

  const tree = useRequest((signal) => api.get<CatalogTreeNode[]>('/api/catalog/tree', { by }, { signal }), [by]);
  const treeData = useMemo(() => toTreeData(tree.data ?? [], by, t), [tree.data, by, t]);

  const filter = filterOfKey(selectedKey);
  const list = useRequest(
    (signal) =>
      api.get<Page<CatalogEntry>>(
        '/api/catalog/entries',
        { q: q.trim(), shareType, dataGrade, resourceClass: filter.resourceClass, category: filter.category, providerOrgId: filter.providerOrgId, page, pageSize },
        { signal },
      ),
    [q, shareType, dataGrade, filter.resourceClass, filter.providerOrgId, page, pageSize],
  );

  const reset = () => {
    setQInput('');
    setQ('');
    setShareType(undefined);
    setDataGrade(undefined);
    setSelectedKey(undefined);
    setPage(1);
  };

  const columns: TableColumnsType<CatalogEntry> = [
    {
      title: t('catalog.code'),
      dataIndex: 'code',
      width: 170,
      render: (code: string) => <Typography.Text code>{code}</Typography.Text>,
    },
    {
      title: t('catalog.name'),
      dataIndex: 'name',
      render: (name: string, e) => (
        <Link to={`/catalog/${e.id}`} onClick={(ev) => ev.stopPropagation()} data-testid={`catalog-row-${e.code}`}>
          <strong>{name}</strong>
        </Link>
      ),
    },
    { title: t('catalog.provider'), dataIndex: 'providerName', ellipsis: true },
    {
      title: t('catalog.shareType'),
      dataIndex: 'shareType',
      width: 120,
      render: (v: ShareType) => <ShareTypeTag t={t} value={v} />,
    },
    {
      title: t('catalog.dataGrade'),
      dataIndex: 'dataGrade',
      width: 110,
      render: (v: DataGrade) => <DataGradeTag t={t} value={v} />,
    },
    {
      title: t('catalog.updateFrequency'),
      dataIndex: 'updateFrequency',
      width: 100,
      render: (v: string) => enumLabel(t, 'updateFrequency', v),
    },
    {
      title: t('catalog.status'),
      dataIndex: 'status',
      width: 100,
      render: (v: CatalogEntry['status']) => <StatusTag t={t} value={v} />,
    },
    {
      title: t('catalog.version'),
      dataIndex: 'version',
      width: 80,
      render: (v: number) =>
        v > 0 ? t('catalog.versionN', { version: v }) : <Typography.Text type="secondary">—</Typography.Text>,
    },
  ];

  return (
    <Row gutter={16} wrap>
      <Col xs={24} lg={7} xl={6} xxl={5} style={{ marginBottom: 16 }}>
        <Card
          title={t('catalog.treeTitle')}
          size="small"
          extra={
            <Segmented<TreeBy>
              size="small"
              value={by}
              onChange={(v) => {
                setBy(v);
                setSelectedKey(undefined);
                setPage(1);
              }}
              options={[
                { value: 'class', label: t('catalog.byClass') },
                { value: 'provider', label: t('catalog.byProvider') },
              ]}
              data-testid="catalog-tree-by"
            />
          }
        >
          {tree.error !== undefined && <Alert type="error" showIcon message={errorText(tree.error, t)} style={{ marginBottom: 8 }} />}
          <Spin spinning={tree.loading}>
            <div data-testid="catalog-tree">
              <Button
                type={selectedKey ? 'text' : 'link'}
                size="small"
                onClick={() => {
                  setSelectedKey(undefined);
                  setPage(1);
                }}
                style={{ paddingInline: 4, marginBottom: 4 }}
              >
                {t('catalog.allEntries')}
              </Button>
              {treeData.length > 0 ? (
                <Tree
                  // Remount when the nodes change so that defaultExpandAll opens the new tree.
                  key={treeData.map((n) => n.key).join('|')}
                  blockNode
                  defaultExpandAll
                  treeData={treeData}
                  selectedKeys={selectedKey ? [selectedKey] : []}
                  onSelect={(keys) => {
                    setSelectedKey(keys.length ? String(keys[0]) : undefined);
                    setPage(1);
                  }}
                />
              ) : (
                !tree.loading && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('catalog.treeEmpty')} />
              )}
            </div>
          </Spin>
        </Card>
      </Col>
      <Col xs={24} lg={17} xl={18} xxl={19}>
        <Card
          title={t('catalog.title')}
          extra={
            <Space>
              <Button icon={<ReloadOutlined />} onClick={() => { list.reload(); tree.reload(); }} loading={list.loading}>
                {t('common.refresh')}
              </Button>
              {canEdit && (
                <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/catalog/new')} data-testid="catalog-new">
                  {t('catalog.new')}
                </Button>
              )}
            </Space>
          }
        >
          <Typography.Paragraph type="secondary">{t('catalog.description')}</Typography.Paragraph>
          <Space wrap style={{ marginBottom: 16 }}>
            <Input.Search
              allowClear
              value={qInput}
              onChange={(e) => {
                setQInput(e.target.value);
                if (e.target.value === '') {
                  setQ('');
                  setPage(1);
                }
              }}
              onSearch={(v) => {
                setQ(v);
                setPage(1);
              }}
              placeholder={t('catalog.searchPlaceholder')}
              enterButton={t('common.search')}
              maxLength={100}
              style={{ width: 340 }}
              data-testid="catalog-search"
            />
            <Select<ShareType>
              allowClear
              value={shareType}
              onChange={(v) => {
                setShareType(v);
                setPage(1);
              }}
              placeholder={t('catalog.shareType')}
              options={enumOptions(t, 'shareType', SHARE_TYPES) as Array<{ value: ShareType; label: string }>}
              style={{ width: 150 }}
              data-testid="catalog-filter-share"
            />
            <Select<DataGrade>
              allowClear
              value={dataGrade}
              onChange={(v) => {
                setDataGrade(v);
                setPage(1);
              }}
              placeholder={t('catalog.dataGrade')}
              options={enumOptions(t, 'dataGrade', DATA_GRADES) as Array<{ value: DataGrade; label: string }>}
              style={{ width: 140 }}
              data-testid="catalog-filter-grade"
            />
            <Button onClick={reset}>{t('common.reset')}</Button>
          </Space>
          {list.error !== undefined && <Alert type="error" showIcon message={errorText(list.error, t)} style={{ marginBottom: 16 }} />}
          <Table<CatalogEntry>
            rowKey="id"
            loading={list.loading}
            columns={columns}
            dataSource={list.data?.items ?? []}
            onRow={(e) => ({ onClick: () => navigate(`/catalog/${e.id}`), style: { cursor: 'pointer' } })}
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              showTotal: (total) => t('common.total', { total }),
              onChange: (p, size) => {
                setPage(size !== pageSize ? 1 : p);
                setPageSize(size);
              },
            }}
            scroll={{ x: 960 }}
            data-testid="catalog-table"
          />
        </Card>
      </Col>
    </Row>
  );
}
