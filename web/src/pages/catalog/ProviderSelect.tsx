import { useMemo } from 'react';
import { TreeSelect } from 'antd';
import type { OrgNode, Role } from '../../types';

interface Option {
  value: string;
  title: string;
  selectable: boolean;
  children: Option[];
}

/**
 * Departments the user may catalogue for: every department for platform admins, otherwise those at or under
 * the orgs where the user is chief data officer or data steward. Non-departments only carry the tree.
 */
export function providerOptions(tree: readonly OrgNode[], grants: ReadonlyArray<{ role: Role; orgId: string }>): Option[] {
  const all = grants.some((g) => g.role === 'platform_admin');
  const scopes = new Set(grants.filter((g) => g.role === 'chief_data_officer' || g.role === 'data_steward').map((g) => g.orgId));
  const walk = (nodes: readonly OrgNode[], inScope: boolean): Option[] => {
    const out: Option[] = [];
    for (const n of nodes) {
      const scoped = inScope || all || scopes.has(n.id);
      const children = walk(n.children, scoped);
      const selectable = scoped && n.kind === 'department';
      if (selectable || children.length > 0) {
        out.push({ value: n.id, title: n.uscc ? `${n.name}（${n.uscc}）` : n.name, selectable, children });
      }
    }
    return out;
  };
  return walk(tree, false);
}

export function selectableIds(options: readonly Option[]): string[] {
  return options.flatMap((o) => [...(o.selectable ? [o.value] : []), ...selectableIds(o.children)]);
}

export interface ProviderSelectProps {
  options: Option[];
  loading?: boolean;
  value?: string;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
}

export default function ProviderSelect({ options, loading, value, onChange, placeholder }: ProviderSelectProps) {
  const expanded = useMemo(() => options.map((o) => o.value), [options]);
  return (
    <TreeSelect<string>
      showSearch
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      treeData={options}
      treeNodeFilterProp="title"
      treeDefaultExpandedKeys={expanded}
      placeholder={placeholder}
      loading={loading}
      popupMatchSelectWidth={false}
      listHeight={360}
      style={{ width: '100%' }}
      data-testid="catalog-form-provider"
    />
  );
}
