// Crypto helpers: personal data encrypted at rest with AES-256-GCM under the master key, blind indexes
// (HMAC) so an encrypted value can still be looked up, random tokens, and the platform signing key.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from './db.ts';

/** Loads the master key from config, or from (creating) `<dataDir>/master.key` for a single-node install. */
export function loadMasterKey(configured: string | null, dataDir: string): Buffer {
  if (configured) return Buffer.from(configured, 'base64');
  const file = path.join(dataDir, 'master.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}

/** Symmetric protection of personal data with keys derived from the master key per purpose. */
export class Vault {
  private readonly encKey: Buffer;
  private readonly indexKey: Buffer;
  constructor(masterKey: Buffer) {
    this.encKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'citystack/encrypt', 32));
    this.indexKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'citystack/blind-index', 32));
  }

  /** AES-256-GCM; output is "v1.<iv>.<tag>.<ciphertext>" in base64url. */
  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  }

  decrypt(sealed: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** Deterministic keyed hash for equality look-ups on encrypted columns. */
  blindIndex(value: string): string {
    return createHmac('sha256', this.indexKey).update(value).digest('hex');
  }
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A URL-safe random token of `bytes` bytes of entropy. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** The platform's signing key (Ed25519), used for audit checkpoints and signed responses. */
export interface PlatformSigner {
  keyId: string;
  publicKeyPem: string;
  sign(data: string): string;
  verify(data: string, signature: string, publicKeyPem?: string): boolean;
}

function signerFrom(keyId: string, privateKey: KeyObject, publicKeyPem: string): PlatformSigner {
  const publicKey = createPublicKey(publicKeyPem);
  return {
    keyId,
    publicKeyPem,
    sign: (data) => sign(null, Buffer.from(data), privateKey).toString('base64'),
    verify: (data, signature, otherPem) => {
      try {
        return verify(null, Buffer.from(data), otherPem ? createPublicKey(otherPem) : publicKey, Buffer.from(signature, 'base64'));
      } catch {
        return false;
      }
    },
  };
}

/**
 * Loads the active platform signing key, creating it on first boot. The private half is stored encrypted
 * with the master key; several processes booting at once agree on one key through an advisory lock.
 */
/** The database was set up with another master key: nothing encrypted in it can be read. */
export class MasterKeyMismatch extends Error {
  constructor() {
    super(
      'the master key does not open this database: it was set up with another key. Set CITYSTACK_MASTER_KEY to the key it was set up with ' +
        '(or use the data folder (CITYSTACK_DATA_DIR) that holds the generated key); every process of one platform needs the same key.',
    );
  }
}

export async function loadPlatformSigner(db: Db, vault: Vault): Promise<PlatformSigner> {
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock(3707000002)');
    const { rows } = await tx.query<{ id: string; public_key: string; private_key_enc: string }>(
      "select id, public_key, private_key_enc from kernel_keys where purpose = 'platform-signing' and retired_at is null",
    );
    const existing = rows[0];
    if (existing) {
      let privatePem: string;
      try {
        privatePem = vault.decrypt(existing.private_key_enc);
      } catch {
        // The usual cause: a second process or machine with its own generated key in another data folder.
        throw new MasterKeyMismatch();
      }
      return signerFrom(existing.id, createPrivateKey(privatePem), existing.public_key);
    }
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const keyId = `platform-${sha256Hex(publicKeyPem).slice(0, 16)}`;
    const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await tx.query(
      "insert into kernel_keys (id, purpose, algorithm, public_key, private_key_enc) values ($1, 'platform-signing', 'Ed25519', $2, $3)",
      [keyId, publicKeyPem, vault.encrypt(privatePem)],
    );
    return signerFrom(keyId, privateKey, publicKeyPem);
  });
}
