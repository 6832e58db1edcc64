// The JSON-LD document loader, fully offline: the contexts come from the context packages in
// node_modules, did:key documents are computed from the key in the DID itself, and every other URL (our
// issuers' controller documents, their keys, our status lists) goes to a resolver the caller hands in, which
// reads our own database. Nothing is ever fetched over the network: a credential naming a context or an
// issuer we do not hold simply fails to verify.
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import { contexts as dataIntegrityContexts } from '@digitalbazaar/data-integrity-context';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { contexts as multikeyContexts } from '@digitalbazaar/multikey-context';
import { defaultDocumentLoader, type DocumentLoader } from '@digitalbazaar/vc';
import { contexts as statusContexts } from '@digitalbazaar/vc-bitstring-status-list-context';
import { JsonLdDocumentLoader } from 'jsonld-document-loader';

export const SECURITY_V2_CONTEXT = 'https://w3id.org/security/v2';
export const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1';
/**
 * Controller documents (ours and did:key's) are written in the security vocabulary's terms
 * (verificationMethod, assertionMethod, authentication, with Multikey keys): the same IRIs as the W3C
 * Controlled Identifiers context, whose file no package ships, and what jsonld-signatures frames them with.
 */
export const CONTROLLER_CONTEXT = [SECURITY_V2_CONTEXT, MULTIKEY_CONTEXT];

// The security contexts ship inside jsonld-signatures; @digitalbazaar/vc's default loader serves them (and
// the credentials contexts) from memory and throws for anything else.
const FROM_VC_LOADER = ['https://w3id.org/security/v1', SECURITY_V2_CONTEXT];

const packaged = new JsonLdDocumentLoader();
for (const documents of [credentialsContexts, dataIntegrityContexts, multikeyContexts, statusContexts]) packaged.addDocuments({ documents });
const packagedLoader = packaged.build();

/** Context URLs this platform can process, i.e. load offline. */
export const SUPPORTED_CONTEXTS: ReadonlySet<string> = new Set([
  ...credentialsContexts.keys(), ...dataIntegrityContexts.keys(), ...multikeyContexts.keys(), ...statusContexts.keys(), ...FROM_VC_LOADER,
]);

/** The string items of an @context that this platform cannot load. */
export function unsupportedContexts(context: unknown): string[] {
  const items = Array.isArray(context) ? context : [context];
  return items.filter((c): c is string => typeof c === 'string' && !SUPPORTED_CONTEXTS.has(c));
}

/** Resolves a URL to a document from our own records, or null when it names nothing of ours. */
export type Resolver = (url: string) => Promise<object | null>;

/**
 * A did:key DID document for an Ed25519 key (multicodec 0xed01, base58btc), or null for anything else.
 * The key is the identifier, so nothing needs to be looked up (W3C CCG did:key, §3).
 */
export async function didKeyDocument(url: string): Promise<object | null> {
  const m = /^did:key:(z6Mk[1-9A-HJ-NP-Za-km-z]+)(?:#(z6Mk[1-9A-HJ-NP-Za-km-z]+))?$/.exec(url);
  if (!m || (m[2] !== undefined && m[2] !== m[1])) return null;
  const did = `did:key:${m[1]}`;
  const vmId = `${did}#${m[1]}`;
  try {
    // Decodes and checks the multicodec header and key length.
    await Ed25519Multikey.from({ type: 'Multikey', id: vmId, controller: did, publicKeyMultibase: m[1] });
  } catch {
    return null;
  }
  const method = { id: vmId, type: 'Multikey', controller: did, publicKeyMultibase: m[1] };
  if (m[2] !== undefined) return { '@context': MULTIKEY_CONTEXT, ...method };
  return { '@context': CONTROLLER_CONTEXT, id: did, verificationMethod: [method], assertionMethod: [vmId], authentication: [vmId] };
}

/**
 * A document loader over the packaged contexts, did:key, and `resolve`. Results of `resolve` are kept for
 * the loader's life (one request): a controller document is read once however often a proof asks.
 */
export function documentLoader(resolve: Resolver = async () => null): DocumentLoader {
  const seen = new Map<string, Promise<object | null>>();
  return async (url: string) => {
    if (SUPPORTED_CONTEXTS.has(url)) {
      return FROM_VC_LOADER.includes(url) ? defaultDocumentLoader(url) : packagedLoader(url);
    }
    let pending = seen.get(url);
    if (!pending) {
      pending = url.startsWith('did:') ? didKeyDocument(url) : resolve(url);
      seen.set(url, pending);
    }
    const document = await pending;
    if (!document) throw new Error(`"${url}" is not a document this platform holds (documents are never fetched over the network)`);
    return { contextUrl: null, documentUrl: url, document };
  };
}
