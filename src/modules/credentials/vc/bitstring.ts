// W3C Bitstring Status List v1.0: the list as stored (raw bits, left to right) and as published (a
// BitstringStatusListCredential whose encodedList is the multibase base64url of the GZIP-compressed bits).
// Pure: the service signs and stores.
import { BitstringStatusList } from '@digitalbazaar/vc-bitstring-status-list';
import { VC_V2_CONTEXT } from './model.ts';

export const STATUS_PURPOSES = ['revocation', 'suspension'] as const;
export type StatusPurpose = (typeof STATUS_PURPOSES)[number];

/** The spec's minimum length (§6.1, herd privacy): 131,072 entries, 16 KiB raw, a few dozen bytes zipped. */
export const VC_STATUS_LIST_SIZE = 131_072;

/** Verifiers may cache a published list this long (the list's `ttl`, and the response's max-age). */
export const VC_STATUS_LIST_TTL_S = 300;

/**
 * Where entry `index` lives in the raw bits: the spec indexes from the left, so entry 0 is the most
 * significant bit of byte 0.
 */
export function bitPosition(index: number): { byte: number; mask: number } {
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`bad status list index ${index}`);
  return { byte: index >> 3, mask: 0x80 >> (index & 7) };
}

export function getBit(raw: Uint8Array, index: number): boolean {
  const { byte, mask } = bitPosition(index);
  return ((raw[byte] ?? 0) & mask) !== 0;
}

/** encodedList of raw bits: 'u' + base64url(gzip(bits)), through the reference library. */
export async function encodeList(raw: Uint8Array): Promise<string> {
  return new BitstringStatusList({ buffer: raw }).encode();
}

/** The status at `index` of an encodedList; throws when the list does not decode or is shorter than the spec allows. */
export async function statusAt(encodedList: string, index: number): Promise<boolean> {
  const list = await BitstringStatusList.decode({ encodedList });
  if (list.length < VC_STATUS_LIST_SIZE) throw new Error(`the status list has ${list.length} entries, fewer than the ${VC_STATUS_LIST_SIZE} required`);
  if (index >= list.length) throw new Error(`status list index ${index} is beyond the list's ${list.length} entries`);
  return list.getStatus(index);
}

/** The unsigned BitstringStatusListCredential of one list (VC 2.0; the status terms are in the v2 context). */
export function statusListCredential(input: {
  id: string; issuer: string; statusPurpose: StatusPurpose; encodedList: string; validFrom: string; validUntil: string;
}): Record<string, unknown> {
  return {
    '@context': [VC_V2_CONTEXT],
    id: input.id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: input.issuer,
    validFrom: input.validFrom,
    validUntil: input.validUntil,
    credentialSubject: {
      id: `${input.id}#list`,
      type: 'BitstringStatusList',
      statusPurpose: input.statusPurpose,
      encodedList: input.encodedList,
      ttl: VC_STATUS_LIST_TTL_S * 1000,
    },
  };
}
