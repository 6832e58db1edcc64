// The tamper-evident audit chain. Every state change calls `audit.record(tx, ...)` inside the transaction
// that makes the change, so the record commits or rolls back with it. Records are hash-chained
// (SHA-256 over a canonical JSON form) and the head is pinned by checkpoints signed with the platform key.
import canonicalize from 'canonicalize';
import type { Clock } from './clock.ts';
import type { Db, Sql } from './db.ts';
import { sha256Hex, type PlatformSigner } from './crypto.ts';

export interface Actor {
  kind: 'user' | 'client' | 'citizen' | 'system';
  id: string | null;
  name: string | null;
  orgId: string | null;
}

/** Who did it and from where: taken from the request, or a system actor for background work. */
export interface AuditContext {
  actor: Actor;
  requestId: string | null;
  ip: string | null;
}

export interface AuditEntry {
  /** Dotted verb, e.g. "directory.user.create". */
  action: string;
  targetType?: string;
  targetId?: string;
  /** Summaries of the state before and after; never secrets (passwords, keys, tokens). */
  before?: unknown;
  after?: unknown;
  /** The organisation the change concerns, when it differs from the actor's. */
  orgId?: string | null;
}

export interface AuditRecord {
  seq: number;
  at: Date;
  actor_kind: Actor['kind'];
  actor_id: string | null;
  actor_name: string | null;
  org_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  before: unknown;
  after: unknown;
  request_id: string | null;
  ip: string | null;
  prev_hash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);
const CHAIN_LOCK = 3707000001;

export const SYSTEM_CONTEXT: AuditContext = {
  actor: { kind: 'system', id: null, name: 'system', orgId: null },
  requestId: null,
  ip: null,
};

/** The hash of one record: SHA-256 of the canonical JSON (RFC 8785) of every field but the hash. */
export function recordHash(r: Omit<AuditRecord, 'hash'>): string {
  const body = canonicalize([
    r.seq,
    new Date(r.at).toISOString(),
    r.actor_kind,
    r.actor_id,
    r.actor_name,
    r.org_id,
    r.action,
    r.target_type,
    r.target_id,
    r.before ?? null,
    r.after ?? null,
    r.request_id,
    r.ip,
    r.prev_hash,
  ]);
  return sha256Hex(body ?? '');
}

const checkpointMessage = (seq: number, hash: string) => `citystack-audit-checkpoint:${seq}:${hash}`;

export type VerifyFailure =
  | 'hash_mismatch'
  | 'prev_hash_mismatch'
  | 'missing_record'
  | 'unexpected_record'
  | 'checkpoint_mismatch'
  | 'checkpoint_signature'
  | 'truncated';

export interface VerifyReport {
  ok: boolean;
  checked: number;
  checkpoints: number;
  brokenAt?: number;
  reason?: VerifyFailure;
  message?: string;
}

/** Round-trips a value through JSON so the hash covers exactly what jsonb will store and return. */
function jsonValue(v: unknown): unknown {
  return v === undefined ? null : JSON.parse(JSON.stringify(v));
}

export class AuditLog {
  constructor(
    private readonly signer: PlatformSigner,
    private readonly clock: Clock,
    private readonly checkpointEvery: number,
  ) {}

  /** Appends one record to the chain within the caller's transaction. Returns its sequence number. */
  async record(tx: Sql, ctx: AuditContext, entry: AuditEntry): Promise<number> {
    // Serialise appends until commit so that the chain order is the commit order.
    await tx.query('select pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
    const { rows } = await tx.query<{ seq: number; hash: string }>('select seq, hash from audit_records order by seq desc limit 1');
    const prev = rows[0];
    const at = this.clock.now();
    const record: Omit<AuditRecord, 'hash'> = {
      seq: (prev?.seq ?? 0) + 1,
      at,
      actor_kind: ctx.actor.kind,
      actor_id: ctx.actor.id,
      actor_name: ctx.actor.name,
      org_id: entry.orgId !== undefined ? entry.orgId : ctx.actor.orgId,
      action: entry.action,
      target_type: entry.targetType ?? null,
      target_id: entry.targetId ?? null,
      before: jsonValue(entry.before),
      after: jsonValue(entry.after),
      request_id: ctx.requestId,
      ip: ctx.ip,
      prev_hash: prev?.hash ?? GENESIS_HASH,
    };
    const hash = recordHash(record);
    await tx.query(
      `insert into audit_records (seq, at, actor_kind, actor_id, actor_name, org_id, action, target_type, target_id,
         before, after, request_id, ip, prev_hash, hash)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
        record.seq, at, record.actor_kind, record.actor_id, record.actor_name, record.org_id, record.action,
        record.target_type, record.target_id, JSON.stringify(record.before), JSON.stringify(record.after),
        record.request_id, record.ip, record.prev_hash, hash,
      ],
    );
    if (record.seq % this.checkpointEvery === 0) await this.writeCheckpoint(tx, record.seq, hash);
    return record.seq;
  }

  /** Signs the current head if it is not signed yet; returns the checkpointed sequence number. */
  async checkpoint(db: Db): Promise<number | null> {
    return db.transaction((tx) => this.checkpointIn(tx));
  }

  /** The same within the caller's transaction (job handlers: PGlite has one connection, so no nested one). */
  async checkpointIn(tx: Sql): Promise<number | null> {
    await tx.query('select pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
    const { rows } = await tx.query<{ seq: number; hash: string }>('select seq, hash from audit_records order by seq desc limit 1');
    const head = rows[0];
    if (!head) return null;
    const { rows: cps } = await tx.query<{ seq: number }>('select seq from audit_checkpoints where seq = $1', [head.seq]);
    if (!cps.length) await this.writeCheckpoint(tx, head.seq, head.hash);
    return head.seq;
  }

  private async writeCheckpoint(tx: Sql, seq: number, hash: string): Promise<void> {
    await tx.query('insert into audit_checkpoints (seq, hash, at, key_id, signature) values ($1, $2, $3, $4, $5)', [
      seq, hash, this.clock.now(), this.signer.keyId, this.signer.sign(checkpointMessage(seq, hash)),
    ]);
  }

  /**
   * Walks the whole chain in order and reports the first broken link: an edited record (hash), a record
   * deleted or moved (sequence gap or previous-hash mismatch), a rewritten chain (checkpoint), or a cut tail.
   */
  async verify(db: Db, onProgress?: (checked: number, total: number) => void): Promise<VerifyReport> {
    const { rows: totalRows } = await db.query<{ n: number }>('select count(*)::int8 as n from audit_records');
    const total = totalRows[0]?.n ?? 0;
    const { rows: checkpoints } = await db.query<{ seq: number; hash: string; key_id: string; signature: string }>(
      'select seq, hash, key_id, signature from audit_checkpoints order by seq',
    );
    const keys = new Map(
      (await db.query<{ id: string; public_key: string }>("select id, public_key from kernel_keys where purpose = 'platform-signing'")).rows.map(
        (k) => [k.id, k.public_key],
      ),
    );
    for (const cp of checkpoints) {
      const pem = keys.get(cp.key_id);
      if (!pem || !this.signer.verify(checkpointMessage(cp.seq, cp.hash), cp.signature, pem)) {
        return { ok: false, checked: 0, checkpoints: checkpoints.length, brokenAt: cp.seq, reason: 'checkpoint_signature', message: `checkpoint at record ${cp.seq} has a bad signature` };
      }
    }
    const pinned = new Map(checkpoints.map((c) => [Number(c.seq), c.hash]));
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    const pageSize = 2000;
    for (;;) {
      const { rows } = await db.query<AuditRecord>(
        `select seq, at, actor_kind, actor_id, actor_name, org_id, action, target_type, target_id, before, after,
                request_id, ip, prev_hash, hash
           from audit_records where seq >= $1 order by seq limit ${pageSize}`,
        [expectedSeq],
      );
      for (const r of rows) {
        const seq = Number(r.seq);
        const fail = (reason: VerifyFailure, message: string, at = seq): VerifyReport => ({
          ok: false, checked: expectedSeq - 1, checkpoints: checkpoints.length, brokenAt: at, reason, message,
        });
        if (seq !== expectedSeq) return fail('missing_record', `record ${expectedSeq} is missing (next present is ${seq})`, expectedSeq);
        if (r.prev_hash !== prevHash) return fail('prev_hash_mismatch', `record ${seq} does not follow record ${seq - 1}`);
        if (recordHash(r) !== r.hash) return fail('hash_mismatch', `record ${seq} was altered after it was written`);
        const pin = pinned.get(seq);
        if (pin !== undefined && pin !== r.hash) return fail('checkpoint_mismatch', `record ${seq} differs from its signed checkpoint`);
        prevHash = r.hash;
        expectedSeq = seq + 1;
      }
      onProgress?.(expectedSeq - 1, total);
      if (rows.length < pageSize) break;
    }
    const checked = expectedSeq - 1;
    const lastPinned = checkpoints.length ? Number(checkpoints[checkpoints.length - 1]!.seq) : 0;
    if (lastPinned > checked) {
      return { ok: false, checked, checkpoints: checkpoints.length, brokenAt: checked + 1, reason: 'truncated', message: `records after ${checked} were removed (a checkpoint covers ${lastPinned})` };
    }
    if (checked !== total) {
      return { ok: false, checked, checkpoints: checkpoints.length, brokenAt: checked + 1, reason: 'unexpected_record', message: `${total - checked} record(s) sit outside the chain` };
    }
    return { ok: true, checked, checkpoints: checkpoints.length };
  }
}
