// The verifier's routes (/api/credentials/verifications, /verifier/me, /trust-list) and the offline cache the
// verify page keeps in localStorage: the trust list and the signed status-list tokens, with when they were fetched.
import { api, ApiError } from '../../api';
import type { FieldValue, TrustListData } from './offlineVerify';

export interface Verification {
  id: string;
  ok: boolean;
  reason: string | null;
  detail: string | null;
  checkedAt: string;
  licence: { typeCode: string; typeName: string; issuerName: string } | null;
  scene: { code: string; name: string } | null;
  disclosed: FieldValue[];
  copy: { purpose: string; recipient: string; expiresAt: string | null } | null;
}

export interface MyVerifier {
  verifier: { id: string; name: string; category: string } | null;
}

export const fetchMyVerifier = (signal?: AbortSignal) => api.get<MyVerifier>('/api/credentials/verifier/me', undefined, { signal });

export const postVerification = (presentation: string, scene?: string) =>
  api.post<Verification>('/api/credentials/verifications', { presentation, ...(scene ? { scene } : {}) });

/** A failure that means "the server cannot be reached": verify from the cache instead. */
export function isOfflineError(err: unknown): boolean {
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return true;
  return err instanceof ApiError && (err.code === 'NETWORK_ERROR' || err.status === 502 || err.status === 503 || err.status === 504);
}

export interface TrustCache {
  trust: TrustListData;
  /** Status-list tokens (application/statuslist+jwt) by URI. */
  tokens: Record<string, string>;
  /** When this device fetched them (ms since the epoch, the device's clock). */
  fetchedAt: number;
}

const CACHE_KEY = 'citystack.verify.trust';
/** Refresh while online this often. */
export const REFRESH_MS = 5 * 60 * 1000;

export function readCache(): TrustCache | null {
  try {
    const raw = localStorage.getItem(CACHE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as TrustCache;
    return parsed && parsed.trust && parsed.tokens && typeof parsed.fetchedAt === 'number' ? parsed : null;
  } catch {
    return null;
  }
}

function writeCache(cache: TrustCache): void {
  try {
    localStorage.setItem(CACHE_KEY, JSON.stringify(cache));
  } catch {
    /* storage full or unavailable: keep the in-memory copy */
  }
}

/** The status list's path on this platform: the URI names the host the server was reached by, fetch it same-origin. */
function sameOriginPath(uri: string): string {
  try {
    const u = new URL(uri, window.location.origin);
    return u.origin === window.location.origin ? u.pathname + u.search : uri;
  } catch {
    return uri;
  }
}

/** Fetches the trust list and every status-list token, stores and returns them; throws when any fetch fails. */
export async function refreshCache(signal?: AbortSignal): Promise<TrustCache> {
  const trust = await api.get<TrustListData>('/api/credentials/trust-list', undefined, { signal });
  const tokens: Record<string, string> = {};
  await Promise.all(
    trust.statusLists.map(async (l) => {
      let res: Response;
      try {
        res = await fetch(sameOriginPath(l.uri), { headers: { Accept: 'application/statuslist+jwt' }, signal, credentials: 'same-origin' });
      } catch (err) {
        if (err instanceof DOMException && err.name === 'AbortError') throw err;
        throw new ApiError({ status: 0, code: 'NETWORK_ERROR', detail: '' });
      }
      if (!res.ok) throw new ApiError({ status: res.status, code: `HTTP_${res.status}`, detail: `${l.uri}: ${res.statusText}` });
      tokens[l.uri] = (await res.text()).trim();
    }),
  );
  const cache: TrustCache = { trust, tokens, fetchedAt: Date.now() };
  writeCache(cache);
  return cache;
}

export interface HistoryEntry {
  id: string;
  at: string;
  ok: boolean;
  reason: string | null;
  typeName: string | null;
  scene: string | null;
  offline: boolean;
}

const HISTORY_KEY = 'citystack.verify.history';
export const HISTORY_MAX = 20;

export function readHistory(): HistoryEntry[] {
  try {
    const raw = sessionStorage.getItem(HISTORY_KEY);
    const parsed = raw ? (JSON.parse(raw) as unknown) : [];
    return Array.isArray(parsed) ? (parsed as HistoryEntry[]).slice(0, HISTORY_MAX) : [];
  } catch {
    return [];
  }
}

export function writeHistory(entries: HistoryEntry[]): void {
  try {
    sessionStorage.setItem(HISTORY_KEY, JSON.stringify(entries.slice(0, HISTORY_MAX)));
  } catch {
    /* ignore */
  }
}
