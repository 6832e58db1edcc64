// The wallet key of this browser: an ECDSA P-256 key pair made by WebCrypto as NON-extractable, kept in
// IndexedDB (a CryptoKey survives structured cloning), one per citizen account. Only the public half is
// ever exported (as a JWK, to register it). Minted credentials are cached per licence and key.
import { walletApi } from './walletApi';
import { ApiError } from '../../api';
import { issuerPayload } from './presentation';

const DB_NAME = 'citystack-wallet';
const STORE = 'keys';
const CRED_PREFIX = 'citystack.wallet.cred.';

interface StoredKey { accountId: string; pair: CryptoKeyPair; keyId: string | null; createdAt: string }

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE, { keyPath: 'accountId' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB unavailable'));
  });
}

async function withStore<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = run(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
  } finally {
    db.close();
  }
}

const readKey = (accountId: string) => withStore<StoredKey | undefined>('readonly', (s) => s.get(accountId) as IDBRequest<StoredKey | undefined>);
const writeKey = (k: StoredKey) => withStore('readwrite', (s) => s.put(k));

export function cryptoAvailable(): boolean {
  return typeof crypto !== 'undefined' && !!crypto.subtle && typeof indexedDB !== 'undefined';
}

/** Whether this browser already holds a wallet key for the account. */
export async function hasWalletKey(accountId: string): Promise<boolean> {
  try {
    return !!(await readKey(accountId));
  } catch {
    return false;
  }
}

async function newKey(accountId: string): Promise<StoredKey> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const stored: StoredKey = { accountId, pair, keyId: null, createdAt: new Date().toISOString() };
  await writeKey(stored);
  return stored;
}

const deviceName = (): string => {
  const ua = navigator.userAgent;
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Windows/.test(ua) ? 'Windows' : /Mac OS/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : 'Web';
  const browser = /Edg\//.test(ua) ? 'Edge' : /Chrome\//.test(ua) ? 'Chrome' : /Firefox\//.test(ua) ? 'Firefox' : /Safari\//.test(ua) ? 'Safari' : 'Browser';
  return `${browser} on ${os}`;
};

async function register(stored: StoredKey): Promise<StoredKey> {
  const { kty, crv, x, y } = await crypto.subtle.exportKey('jwk', stored.pair.publicKey);
  const { id } = await walletApi.registerKey({ kty: kty!, crv: crv!, x: x!, y: y! }, deviceName());
  const updated = { ...stored, keyId: id };
  await writeKey(updated);
  return updated;
}

/** Registered keys per account in this page's life: registration is idempotent, but once is enough. */
const registered = new Map<string, StoredKey>();

/** The account's key, made and registered on first use. `again` re-registers (the server forgot the key id). */
export async function walletKey(accountId: string, again = false): Promise<StoredKey> {
  const cached = registered.get(accountId);
  if (cached && !again) return cached;
  let stored = (await readKey(accountId)) ?? (await newKey(accountId));
  try {
    stored = await register(stored);
  } catch (err) {
    // Registered to another account (same browser, another citizen): make a fresh key.
    if (!(err instanceof ApiError && err.code === 'WALLET_KEY_INVALID')) throw err;
    stored = await register(await newKey(accountId));
  }
  registered.set(accountId, stored);
  return stored;
}

interface CachedCredential { credential: string; expiresAt: string }

const credKey = (licenceId: string, keyId: string, scene: string) => `${CRED_PREFIX}${licenceId}.${keyId}.${scene}`;

function readCredential(licenceId: string, keyId: string, scene: string): CachedCredential | null {
  try {
    const raw = localStorage.getItem(credKey(licenceId, keyId, scene));
    if (!raw) return null;
    const c = JSON.parse(raw) as CachedCredential;
    // Re-mint a few minutes before it expires, so a QR never carries a credential about to lapse.
    return Date.parse(c.expiresAt) - Date.now() > 5 * 60_000 ? c : null;
  } catch {
    return null;
  }
}

function writeCredential(licenceId: string, keyId: string, scene: string, c: CachedCredential): void {
  try {
    localStorage.setItem(credKey(licenceId, keyId, scene), JSON.stringify(c));
  } catch {
    /* storage full or unavailable: mint again next time */
  }
}

/** Forgets every cached credential (on sign-out); keys stay, they are per account. */
export function forgetAllCredentials(): void {
  try {
    for (let i = localStorage.length - 1; i >= 0; i--) {
      const k = localStorage.key(i);
      if (k?.startsWith(CRED_PREFIX)) localStorage.removeItem(k);
    }
  } catch {
    /* ignore */
  }
}

/** A credential of the licence for one scene, bound to this browser's key: cached, or minted (re-registering the key if the server lost it). */
export async function credentialFor(accountId: string, licenceId: string, scene: string, fresh = false): Promise<{ credential: string; privateKey: CryptoKey }> {
  let key = await walletKey(accountId);
  const cached = fresh ? null : readCredential(licenceId, key.keyId!, scene);
  if (cached) return { credential: cached.credential, privateKey: key.pair.privateKey };
  let minted: CachedCredential;
  try {
    minted = await walletApi.mint(licenceId, key.keyId!, scene);
  } catch (err) {
    if (!(err instanceof ApiError && err.code === 'WALLET_KEY_NOT_FOUND')) throw err;
    key = await walletKey(accountId, true);
    minted = await walletApi.mint(licenceId, key.keyId!, scene);
  }
  // Sanity: the credential must be bound to our key's x coordinate, otherwise showing it would fail.
  const cnf = (issuerPayload(minted.credential).cnf as { jwk?: { x?: string } } | undefined)?.jwk;
  const own = await crypto.subtle.exportKey('jwk', key.pair.publicKey);
  if (cnf?.x !== own.x) throw new Error('credential not bound to this device key');
  writeCredential(licenceId, key.keyId!, scene, minted);
  return { credential: minted.credential, privateKey: key.pair.privateKey };
}
