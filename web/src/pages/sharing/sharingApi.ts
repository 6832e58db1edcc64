// The sharing routes as the console calls them (/api/sharing/...), and small helpers the sharing pages share.
import dayjs from 'dayjs';
import { api } from '../../api';
import type {
  CatalogEntry,
  CatalogItem,
  Page,
  ServiceCall,
  SharingGrant,
  SharingRequest,
  SharingRequestDetail,
  SharingRequestInput,
  SharingStats,
} from '../../types';

export type Box = 'inbox' | 'outbox';
export type RequestAction = 'approve' | 'reject' | 'ask-info' | 'resubmit' | 'withdraw';
export type GrantAction = 'renew' | 'suspend' | 'resume' | 'revoke';

/** `YYYY-MM-DD`, the form of every validity day the server takes. */
export const DAY = 'YYYY-MM-DD';
/** A grant runs at most about three years (the server's MAX_VALIDITY_DAYS); renewals extend it. */
export const MAX_VALIDITY_DAYS = 3 * 366;

export const defaultValidUntil = (): string => dayjs().add(1, 'year').format(DAY);

const requestUrl = (id: string) => `/api/sharing/requests/${encodeURIComponent(id)}`;

export const fetchRequests = (box: Box, query: { status?: string; page: number; pageSize: number }, signal?: AbortSignal) =>
  api.get<Page<SharingRequest>>('/api/sharing/requests', { box, ...query }, { signal });

export const fetchRequest = (id: string, signal?: AbortSignal) => api.get<SharingRequestDetail>(requestUrl(id), undefined, { signal });

export const submitRequest = (body: SharingRequestInput & { entryId: string; clientId: string }) => api.post<SharingRequestDetail>('/api/sharing/requests', body);

export const actOnRequest = (id: string, action: RequestAction, body?: unknown) => api.post<SharingRequestDetail>(`${requestUrl(id)}/${action}`, body);

export const fetchGrants = (query: { status?: string; page: number; pageSize: number }, signal?: AbortSignal) =>
  api.get<Page<SharingGrant>>('/api/sharing/grants', query, { signal });

export const actOnGrant = (id: string, action: GrantAction, body?: unknown) =>
  api.post<SharingGrant>(`/api/sharing/grants/${encodeURIComponent(id)}/${action}`, body);

export const fetchStats = (days: number, signal?: AbortSignal) => api.get<SharingStats>('/api/sharing/stats', { days }, { signal });

export const fetchCalls = (query: { page: number; pageSize: number }, signal?: AbortSignal) => api.get<Page<ServiceCall>>('/api/sharing/calls', query, { signal });

export const fetchEntry = (id: string, signal?: AbortSignal) => api.get<CatalogEntry>(`/api/catalog/entries/${encodeURIComponent(id)}`, undefined, { signal });

/** The entries behind several requests or grants, by id (an entry that cannot be read is left out). */
export async function fetchEntries(ids: readonly string[], signal?: AbortSignal): Promise<Map<string, CatalogEntry>> {
  const found = await Promise.all([...new Set(ids)].map((id) => fetchEntry(id, signal).catch(() => null)));
  return new Map(found.filter((e): e is CatalogEntry => e !== null).map((e) => [e.id, e]));
}

/** Item code → item, for showing names (and masks) where the API gives codes. */
export const itemsByCode = (entry: CatalogEntry | undefined): Map<string, CatalogItem> => new Map((entry?.items ?? []).map((i) => [i.code, i]));

/** Share modes a request can ask for: those of the entry among 接口 and 库表. */
export const requestableModes = (entry: Pick<CatalogEntry, 'shareModes'>): Array<'api' | 'table'> =>
  (['api', 'table'] as const).filter((m) => entry.shareModes.includes(m));
