import { api } from '../api';
import type { OrgNode } from '../types';
import { useRequest } from './useRequest';

export function useOrgTree() {
  return useRequest((signal) => api.get<OrgNode[]>('/api/directory/orgs/tree', undefined, { signal }), []);
}
