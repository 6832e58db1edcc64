// The grant a consuming system holds on a resource, as the data-service path needs it on every call. Kept for
// a few seconds: every state change of a request or grant clears this process's cache after its commit;
// other API processes see the change within GRANT_CACHE_MS (state changes are rare, calls are many).
import type { Sql } from '../../kernel/db.ts';
import type { ErrorCode } from '../../kernel/errors.ts';
import { grants, requests, type GrantRow } from './repository.ts';

const GRANT_CACHE_MS = 5_000;
const GRANT_CACHE_MAX = 20_000;

/** Either the live grant, or why there is none (the 403's reason code). */
export type GrantLookup = { grant: GrantRow; denied?: undefined } | { grant?: undefined; denied: ErrorCode };

// One cache per database: a process runs one platform, but tests run several side by side.
const caches = new WeakMap<object, Map<string, { value: Promise<GrantLookup>; until: number; generation: number }>>();
const cacheOf = (sql: Sql) => {
  let c = caches.get(sql);
  if (!c) caches.set(sql, (c = new Map()));
  return c;
};
let generation = 0;

/** Forgets every cached grant; called after each committed change of a request or grant. */
export function forgetGrants(): void {
  generation++;
}

/** The live grant of `clientId` on `entryId`, or the reason code when it holds none. */
export async function grantFor(sql: Sql, clientId: string, entryId: string): Promise<GrantLookup> {
  const cache = cacheOf(sql);
  const key = `${clientId}:${entryId}`;
  const hit = cache.get(key);
  if (hit && hit.until > performance.now() && hit.generation === generation) return hit.value;
  // Concurrent calls share one look-up (when the entry expires under load, twenty callers miss at once). A
  // change committed meanwhile bumps the generation, so this answer then serves only the calls that waited.
  if (cache.size >= GRANT_CACHE_MAX) cache.clear();
  const value = lookUp(sql, clientId, entryId);
  cache.set(key, { value, until: performance.now() + GRANT_CACHE_MS, generation });
  value.catch(() => cache.delete(key));
  return value;
}

async function lookUp(sql: Sql, clientId: string, entryId: string): Promise<GrantLookup> {
  const live = await grants.liveFor(sql, clientId, entryId);
  if (live) return { grant: live };
  if (await requests.openFor(sql, clientId, entryId)) return { denied: 'SHARING_REQUEST_PENDING' };
  if (await grants.lastRevokedFor(sql, clientId, entryId)) return { denied: 'SHARING_GRANT_REVOKED' };
  return { denied: 'SHARING_NO_GRANT' };
}
