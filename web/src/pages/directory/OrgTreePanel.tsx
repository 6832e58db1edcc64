import { useDeferredValue, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Card, Empty, Input, Skeleton, Tree, Typography, type TreeDataNode } from 'antd';
import {
  ApartmentOutlined,
  BankOutlined,
  EnvironmentOutlined,
  FlagOutlined,
  HomeOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ancestorIds, filterTree, orgTestId } from '../../orgTree';
import type { OrgKind, OrgNode } from '../../types';

const TREE_HEIGHT = 620;

export function OrgKindIcon({ kind }: { kind: OrgKind }) {
  switch (kind) {
    case 'city':
      return <BankOutlined style={{ color: '#1554ad' }} />;
    case 'district':
    case 'county':
    case 'county_city':
    case 'dev_zone':
      return <EnvironmentOutlined style={{ color: '#1554ad' }} />;
    case 'street':
    case 'town':
      return <FlagOutlined style={{ color: '#08979c' }} />;
    case 'community':
    case 'village':
      return <HomeOutlined style={{ color: '#389e0d' }} />;
    default:
      return <ApartmentOutlined style={{ color: '#d46b08' }} />;
  }
}

function highlight(text: string, query: string): ReactNode {
  const q = query.trim();
  if (!q) return text;
  const idx = text.toLowerCase().indexOf(q.toLowerCase());
  if (idx < 0) return text;
  return (
    <>
      {text.slice(0, idx)}
      <mark style={{ padding: 0, background: '#ffe58f' }}>{text.slice(idx, idx + q.length)}</mark>
      {text.slice(idx + q.length)}
    </>
  );
}

function toTreeData(nodes: readonly OrgNode[], query: string): TreeDataNode[] {
  return nodes.map((n) => {
    const code = n.regionCode ?? n.uscc;
    return {
      key: n.id,
      icon: <OrgKindIcon kind={n.kind} />,
      title: (
        <span data-testid={orgTestId(n)} data-kind={n.kind}>
          {highlight(n.name, query)}
          {code && (
            <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 6 }}>
              {highlight(code, query)}
            </Typography.Text>
          )}
        </span>
      ),
      children: n.children.length > 0 ? toTreeData(n.children, query) : undefined,
      isLeaf: n.children.length === 0,
    };
  });
}

export interface OrgTreePanelProps {
  tree: OrgNode[] | undefined;
  loading: boolean;
  selectedId: string | undefined;
  onSelect: (id: string) => void;
}

export default function OrgTreePanel({ tree, loading, selectedId, onSelect }: OrgTreePanelProps) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const [expanded, setExpanded] = useState<string[]>([]);

  const filtered = useMemo(() => filterTree(tree ?? [], deferredQuery), [tree, deferredQuery]);
  const treeData = useMemo(() => toTreeData(filtered.nodes, deferredQuery), [filtered, deferredQuery]);

  // Searching: open the paths to every match. Not searching: roots plus the selection's ancestors.
  useEffect(() => {
    if (deferredQuery.trim()) {
      setExpanded(filtered.expand);
      return;
    }
    const roots = (tree ?? []).map((n) => n.id);
    const trail = selectedId && tree ? (ancestorIds(tree, selectedId) ?? []) : [];
    setExpanded((prev) => [...new Set([...prev, ...roots, ...trail])]);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tree, deferredQuery, filtered]);

  return (
    <Card
      title={t('org.treeTitle')}
      size="small"
      styles={{ body: { padding: 12 } }}
      style={{ height: '100%' }}
    >
      <Input.Search
        allowClear
        placeholder={t('org.searchPlaceholder')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        style={{ marginBottom: 12 }}
        data-testid="org-search"
      />
      {loading && !tree ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : treeData.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('org.noMatch')} />
      ) : (
        <Tree
          showIcon
          blockNode
          height={TREE_HEIGHT}
          treeData={treeData}
          expandedKeys={expanded}
          onExpand={(keys) => setExpanded(keys.map(String))}
          selectedKeys={selectedId ? [selectedId] : []}
          onSelect={(keys) => {
            const key = keys[0];
            if (key !== undefined) onSelect(String(key));
          }}
          data-testid="org-tree"
        />
      )}
    </Card>
  );
}
