import type { CSSProperties } from 'react';
import { useMemo } from 'react';
import { TreeSelect } from 'antd';
import type { OrgNode } from '../types';

interface Option {
  value: string;
  title: string;
  children: Option[];
}

function toOptions(nodes: readonly OrgNode[]): Option[] {
  return nodes.map((n) => ({
    value: n.id,
    title: n.regionCode || n.uscc ? `${n.name}（${n.regionCode ?? n.uscc}）` : n.name,
    children: toOptions(n.children),
  }));
}

export interface OrgTreeSelectProps {
  tree: readonly OrgNode[] | undefined;
  loading?: boolean;
  value?: string;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  style?: CSSProperties;
  'data-testid'?: string;
}

export default function OrgTreeSelect({ tree, loading, value, onChange, placeholder, allowClear, style, ...rest }: OrgTreeSelectProps) {
  const options = useMemo(() => toOptions(tree ?? []), [tree]);
  const rootKeys = useMemo(() => (tree ?? []).map((n) => n.id), [tree]);
  return (
    <TreeSelect<string>
      showSearch
      allowClear={allowClear}
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      treeData={options}
      treeNodeFilterProp="title"
      treeDefaultExpandedKeys={rootKeys}
      placeholder={placeholder}
      loading={loading}
      popupMatchSelectWidth={false}
      listHeight={360}
      style={{ minWidth: 240, ...style }}
      data-testid={rest['data-testid']}
    />
  );
}
