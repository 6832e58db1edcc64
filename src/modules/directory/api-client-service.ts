// API clients: credentials for departmental systems. The key is shown once and stored only as a hash.
import { randomBytes } from 'node:crypto';
import type { AuditContext } from '../../kernel/audit.ts';
import { sha256Hex } from '../../kernel/crypto.ts';
import type { Sql } from '../../kernel/db.ts';
import { AppError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Principal } from '../../server/access.ts';
import type { DirectoryDeps } from './deps.ts';
import { forgetCachedApiKeys } from './auth-service.ts';
import { apiClientScopes, canManageApiClients } from './policy.ts';
import { apiClients, orgs, type ApiClientRow } from './repository.ts';

export interface ApiClientView {
  id: string;
  name: string;
  orgId: string;
  orgName: string;
  keyPrefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  status: 'active' | 'revoked';
}

const view = (c: ApiClientRow): ApiClientView => ({
  id: c.id,
  name: c.name,
  orgId: c.org_id,
  orgName: c.org_name,
  keyPrefix: c.key_prefix,
  createdAt: c.created_at.toISOString(),
  lastUsedAt: c.last_used_at?.toISOString() ?? null,
  status: c.status,
});

/** A new key: "csk_" + 8 public characters (shown in lists) + "_" + 256 bits of secret. */
function newKey(): { apiKey: string; prefix: string; hash: string } {
  const prefix = `csk_${randomBytes(6).toString('base64url')}`;
  const apiKey = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { apiKey, prefix, hash: sha256Hex(apiKey) };
}

/** API clients the caller may see: all for platform admins, their organisations' subtrees otherwise. */
export async function listApiClients(deps: DirectoryDeps, principal: Principal): Promise<ApiClientView[]> {
  const scopes = apiClientScopes(principal);
  if (scopes === null) return (await apiClients.list(deps.db, {})).map(view);
  const seen = new Map<string, ApiClientRow>();
  for (const orgPath of scopes) for (const c of await apiClients.list(deps.db, { orgPath })) seen.set(c.id, c);
  return [...seen.values()].map(view);
}

/** Inserts a client and returns its key (no permission check). */
export async function insertApiClient(deps: DirectoryDeps, tx: Sql, input: { name: string; orgId: string; createdBy: string | null }, ctx: AuditContext): Promise<{ id: string; apiKey: string }> {
  const key = newKey();
  const id = newId();
  await apiClients.insert(tx, { id, orgId: input.orgId, name: input.name, keyPrefix: key.prefix, keyHash: key.hash, createdBy: input.createdBy }, deps.clock.now());
  await deps.audit.record(tx, ctx, { action: 'directory.apiclient.create', targetType: 'api_client', targetId: id, orgId: input.orgId, after: { name: input.name, keyPrefix: key.prefix } });
  return { id, apiKey: key.apiKey };
}

/** Registers a system of an organisation the caller manages; the key is returned this once. */
export async function createApiClient(deps: DirectoryDeps, principal: Principal, input: { name: string; orgId: string }, ctx: AuditContext): Promise<{ client: ApiClientView; apiKey: string }> {
  const { id, apiKey } = await deps.db.transaction(async (tx) => {
    const org = await orgs.byId(tx, input.orgId);
    if (!org) throw new AppError('NOT_FOUND', { zh: '机构不存在', en: 'The organisation does not exist' });
    if (!canManageApiClients(principal, org.path)) throw new AppError('FORBIDDEN');
    return insertApiClient(deps, tx, { ...input, createdBy: principal.kind === 'user' ? principal.id : null }, ctx);
  });
  return { client: view((await apiClients.byId(deps.db, id))!), apiKey };
}

async function managed(tx: Sql, principal: Principal, id: string): Promise<ApiClientRow> {
  const client = await apiClients.byId(tx, id);
  if (!client) throw new AppError('NOT_FOUND');
  if (!canManageApiClients(principal, client.org_path)) throw new AppError('FORBIDDEN');
  return client;
}

/** Issues a new key; the old one stops working at once. */
export async function rotateApiKey(deps: DirectoryDeps, principal: Principal, id: string, ctx: AuditContext): Promise<{ client: ApiClientView; apiKey: string }> {
  const key = newKey();
  await deps.db.transaction(async (tx) => {
    const client = await managed(tx, principal, id);
    if (client.status !== 'active') throw new AppError('API_CLIENT_REVOKED');
    await apiClients.rotate(tx, id, key.prefix, key.hash, deps.clock.now());
    await deps.audit.record(tx, ctx, { action: 'directory.apiclient.rotate', targetType: 'api_client', targetId: id, orgId: client.org_id, before: { keyPrefix: client.key_prefix }, after: { keyPrefix: key.prefix } });
  });
  // After the commit, so that no request re-caches the old key in between.
  forgetCachedApiKeys();
  return { client: view((await apiClients.byId(deps.db, id))!), apiKey: key.apiKey };
}

/** Revokes a client for good. */
export async function revokeApiClient(deps: DirectoryDeps, principal: Principal, id: string, ctx: AuditContext): Promise<{ client: ApiClientView }> {
  await deps.db.transaction(async (tx) => {
    const client = await managed(tx, principal, id);
    if (client.status !== 'active') throw new AppError('API_CLIENT_REVOKED');
    await apiClients.revoke(tx, id, deps.clock.now());
    await deps.audit.record(tx, ctx, { action: 'directory.apiclient.revoke', targetType: 'api_client', targetId: id, orgId: client.org_id, before: { status: 'active' }, after: { status: 'revoked' } });
  });
  forgetCachedApiKeys();
  return { client: view((await apiClients.byId(deps.db, id))!) };
}
