// Data Integrity proofs (cryptosuite eddsa-rdfc-2022) over VC 2.0 documents, through @digitalbazaar/vc. The
// issuer signs with its Ed25519 key from cred_issuer_keys, turned into a Multikey; verification resolves
// keys through the offline document loader (contexts.ts).
import { createPrivateKey } from 'node:crypto';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import type { DocumentLoader, VerifyResult } from '@digitalbazaar/vc';
import type { SigningKeyPair } from '../keys.ts';

/** The multibase public key (z6Mk...) of an Ed25519 public JWK. */
export async function publicKeyMultibase(publicJwk: { kty: string; crv: string; x: string }): Promise<string> {
  return (await Ed25519Multikey.fromJwk({ jwk: { kty: publicJwk.kty, crv: publicJwk.crv, x: publicJwk.x } })).publicKeyMultibase;
}

/** The issuer's EdDSA key pair as a Multikey signer whose id is its verification method. */
async function signerOf(pair: SigningKeyPair, verificationMethod: string, controller: string) {
  if (pair.alg !== 'EdDSA') throw new Error('Data Integrity proofs here use Ed25519 (eddsa-rdfc-2022) keys only');
  const jwk = createPrivateKey(pair.exportPrivateKeyPem()).export({ format: 'jwk' });
  const key = await Ed25519Multikey.fromJwk({ jwk, secretKey: true, id: verificationMethod, controller });
  return key.signer();
}

/** Signs a credential (the caller has checked it against the data model) with an assertionMethod proof. */
export async function signCredential(
  credential: Record<string, unknown>, key: { pair: SigningKeyPair; verificationMethod: string; controller: string }, created: Date, documentLoader: DocumentLoader,
): Promise<Record<string, unknown>> {
  const suite = new DataIntegrityProof({ signer: await signerOf(key.pair, key.verificationMethod, key.controller), date: created, cryptosuite });
  return vc.issue({ credential: structuredClone(credential), suite, documentLoader, now: created });
}

const verifySuite = () => new DataIntegrityProof({ cryptosuite });

/**
 * An error's message, with what jsonld's safe mode objected to (its message alone says only "Safe mode
 * validation error").
 */
export function errorMessage(error: unknown): string {
  const e = error as { message?: string; details?: { event?: { message?: string; details?: unknown } } } | undefined;
  const event = e?.details?.event;
  return event ? `${e?.message ?? 'error'} ${event.message ?? ''} ${JSON.stringify(event.details ?? {})}`.trim() : (e?.message ?? 'unknown error');
}

/** The first error message in a library result (errors nest: result.error.errors[], results[].error). */
export function firstError(result: VerifyResult): string {
  const e = result.error ?? result.results?.find((r) => r.error)?.error;
  const inner = e?.errors?.[0] ?? e;
  return inner ? errorMessage(inner) : 'the proof does not verify';
}

/**
 * Checks a credential's proof (and, through `checkStatus`, its status). `now` is the instant the library's
 * own validity check compares with: the service checks validity itself and passes a time inside the
 * period, so an expired credential's proof is still reported on.
 */
export async function verifyCredentialProof(
  credential: object, documentLoader: DocumentLoader, now: Date, checkStatus: (options: { credential: Record<string, unknown> }) => Promise<{ verified: boolean }>,
): Promise<VerifyResult> {
  try {
    return await vc.verifyCredential({ credential, suite: verifySuite(), documentLoader, now, checkStatus });
  } catch (error) {
    // The library reports failures in its result; anything thrown (malformed JSON-LD) is a failed proof too.
    return { verified: false, error: error as Error };
  }
}

/**
 * Checks a presentation's own proof: an `authentication` proof with the verifier's challenge (and domain).
 * The credentials inside are verified separately by the caller; the library checks them again as it goes,
 * with status taken as fine, and only its result for the presentation's proof is used.
 */
export async function verifyPresentationProof(
  presentation: object, documentLoader: DocumentLoader, now: Date, expect: { challenge: string; domain?: string },
): Promise<{ verified: boolean; message: string | null }> {
  try {
    const result = await vc.verify({
      presentation, suite: verifySuite(), documentLoader, now, challenge: expect.challenge, ...(expect.domain !== undefined ? { domain: expect.domain } : {}),
      checkStatus: async () => ({ verified: true }),
    });
    const own = result.presentationResult;
    if (own?.verified) return { verified: true, message: null };
    return { verified: false, message: own ? firstError(own) : firstError(result) };
  } catch (error) {
    return { verified: false, message: (error as Error).message };
  }
}
