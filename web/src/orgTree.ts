import type { OrgKind, OrgNode } from './types';

export const REGION_KINDS: readonly OrgKind[] = [
  'city',
  'district',
  'county',
  'county_city',
  'dev_zone',
  'street',
  'town',
  'community',
  'village',
];

export function isRegion(kind: OrgKind): boolean {
  return kind !== 'department';
}

/** Stable test id for a node: region code for regions, USCC for departments, id as last resort. */
export function orgTestId(node: Pick<OrgNode, 'id' | 'regionCode' | 'uscc'>): string {
  return `org-node-${node.regionCode ?? node.uscc ?? node.id}`;
}

export function findNode(nodes: readonly OrgNode[], id: string): OrgNode | undefined {
  for (const n of nodes) {
    if (n.id === id) return n;
    const hit = findNode(n.children, id);
    if (hit) return hit;
  }
  return undefined;
}

/** Ids of the ancestors of `id` (root first), or undefined when absent. */
export function ancestorIds(nodes: readonly OrgNode[], id: string, trail: string[] = []): string[] | undefined {
  for (const n of nodes) {
    if (n.id === id) return trail;
    const hit = ancestorIds(n.children, id, [...trail, n.id]);
    if (hit) return hit;
  }
  return undefined;
}

export function nodeMatches(node: OrgNode, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return (
    node.name.toLowerCase().includes(q) ||
    (node.regionCode ?? '').toLowerCase().includes(q) ||
    (node.uscc ?? '').toLowerCase().includes(q)
  );
}

export interface FilteredTree {
  nodes: OrgNode[];
  /** Ancestors of every match: expand these so all matches are visible. */
  expand: string[];
  matches: number;
}

/**
 * Keeps matching nodes (with their full subtree, collapsed) and the ancestors leading to them.
 */
export function filterTree(nodes: readonly OrgNode[], query: string): FilteredTree {
  const expand = new Set<string>();
  let matches = 0;
  const walk = (list: readonly OrgNode[]): OrgNode[] => {
    const out: OrgNode[] = [];
    for (const n of list) {
      if (nodeMatches(n, query)) {
        matches++;
        // Still look inside so deeper matches get their ancestors expanded.
        const inner = walk(n.children);
        if (inner.length > 0) expand.add(n.id);
        out.push(n);
        continue;
      }
      const kids = walk(n.children);
      if (kids.length > 0) {
        expand.add(n.id);
        out.push({ ...n, children: kids });
      }
    }
    return out;
  };
  const filtered = walk(nodes);
  return { nodes: filtered, expand: [...expand], matches };
}

export function countNodes(nodes: readonly OrgNode[]): number {
  return nodes.reduce((sum, n) => sum + 1 + countNodes(n.children), 0);
}
