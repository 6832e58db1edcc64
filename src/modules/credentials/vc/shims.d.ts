// Types for the Digital Bazaar VC libraries, which ship none: only what vc/ uses, loosely typed where the
// libraries pass JSON-LD documents through untouched.

declare module '@digitalbazaar/vc' {
  export type DocumentLoader = (url: string) => Promise<{ contextUrl: string | null; documentUrl: string; document: unknown }>;
  export interface VerifyResult {
    verified: boolean;
    error?: Error & { errors?: Error[] };
    results?: Array<{ verified: boolean; error?: Error & { errors?: Error[] } }>;
    statusResult?: { verified: boolean };
    presentationResult?: VerifyResult;
    credentialResults?: VerifyResult[];
  }
  export function issue(options: { credential: object; suite: object; documentLoader: DocumentLoader; now?: Date | string; maxClockSkew?: number }): Promise<Record<string, unknown>>;
  export function verifyCredential(options: {
    credential: object; suite: object | object[]; documentLoader: DocumentLoader; now?: Date | string; maxClockSkew?: number;
    checkStatus?: (options: { credential: Record<string, unknown> }) => Promise<{ verified: boolean }>;
  }): Promise<VerifyResult>;
  export function createPresentation(options: { verifiableCredential?: object | object[]; id?: string; holder?: string; now?: Date | string; version?: number }): Record<string, unknown>;
  export function signPresentation(options: { presentation: object; suite: object; challenge: string; domain?: string; documentLoader: DocumentLoader }): Promise<Record<string, unknown>>;
  export function verify(options: {
    presentation: object; suite: object | object[]; challenge: string; domain?: string; documentLoader: DocumentLoader; now?: Date | string;
    checkStatus?: (options: { credential: Record<string, unknown> }) => Promise<{ verified: boolean }>;
  }): Promise<VerifyResult>;
  export const defaultDocumentLoader: DocumentLoader;
}

declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: { signer?: { id: string; algorithm: string; sign(options: { data: Uint8Array }): Promise<Uint8Array> }; date?: Date | string; cryptosuite: object });
  }
}

declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: object;
}

declare module '@digitalbazaar/ed25519-multikey' {
  export interface Ed25519KeyPair {
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    signer(): { id: string; algorithm: string; sign(options: { data: Uint8Array }): Promise<Uint8Array> };
    verifier(): { id: string; algorithm: string; verify(options: { data: Uint8Array; signature: Uint8Array }): Promise<boolean> };
    export(options: { publicKey?: boolean; secretKey?: boolean; includeContext?: boolean }): Promise<Record<string, string>>;
  }
  export function generate(options?: { id?: string; controller?: string; seed?: Uint8Array }): Promise<Ed25519KeyPair>;
  export function from(key: object): Promise<Ed25519KeyPair>;
  export function fromJwk(options: { jwk: object; secretKey?: boolean; id?: string; controller?: string }): Promise<Ed25519KeyPair>;
}

declare module '@digitalbazaar/vc-bitstring-status-list' {
  export class BitstringStatusList {
    constructor(options: { length?: number; buffer?: Uint8Array });
    readonly length: number;
    setStatus(index: number, status: boolean): void;
    getStatus(index: number): boolean;
    encode(): Promise<string>;
    static decode(options: { encodedList: string }): Promise<BitstringStatusList>;
  }
}

declare module '@digitalbazaar/credentials-context' {
  export const contexts: Map<string, object>;
}

declare module '@digitalbazaar/data-integrity-context' {
  export const contexts: Map<string, object>;
}

declare module '@digitalbazaar/multikey-context' {
  export const contexts: Map<string, object>;
}

declare module '@digitalbazaar/vc-bitstring-status-list-context' {
  export const contexts: Map<string, object>;
  export const CONTEXT_URL: string;
}

declare module 'jsonld-document-loader' {
  export class JsonLdDocumentLoader {
    addDocuments(options: { documents: Iterable<[string, object]> }): void;
    addStatic(url: string, document: object): void;
    build(): (url: string) => Promise<{ contextUrl: string | null; documentUrl: string; document: unknown }>;
  }
}
