// The raw bit layout the database writes must be the one the W3C spec (and the reference library) reads.
import { BitstringStatusList } from '@digitalbazaar/vc-bitstring-status-list';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bitPosition, encodeList, getBit, statusAt, VC_STATUS_LIST_SIZE } from './bitstring.ts';
import { dateTimeStamp, parseDateTimeStamp } from './model.ts';

describe('bitstring status lists', () => {
  it('indexes from the left: entry 0 is the most significant bit of the first byte, as the library reads it', async () => {
    const raw = new Uint8Array(VC_STATUS_LIST_SIZE / 8);
    for (const i of [0, 9, 131_071]) {
      const { byte, mask } = bitPosition(i);
      raw[byte]! |= mask;
    }
    expect(raw[0]).toBe(0x80);
    expect(raw[1]).toBe(0x40);
    expect(raw[raw.length - 1]).toBe(0x01);
    const encoded = await encodeList(raw);
    expect(encoded[0]).toBe('u');
    const decoded = await BitstringStatusList.decode({ encodedList: encoded });
    expect([0, 1, 8, 9, 131_070, 131_071].map((i) => decoded.getStatus(i))).toEqual([true, false, false, true, false, true]);
    expect([0, 9, 10].map((i) => getBit(raw, i))).toEqual([true, true, false]);
    // GZIP (not zlib/deflate) under base64url, as §3.1 requires.
    expect(gunzipSync(Buffer.from(encoded.slice(1), 'base64url'))).toEqual(Buffer.from(raw));
    expect(await statusAt(encoded, 9)).toBe(true);
  });

  it('refuses lists shorter than the 131,072 entries the spec requires, and indices beyond the list', async () => {
    const short = await encodeList(new Uint8Array(1024));
    await expect(statusAt(short, 1)).rejects.toThrow(/fewer than the 131072/);
    await expect(statusAt(await encodeList(new Uint8Array(VC_STATUS_LIST_SIZE / 8)), VC_STATUS_LIST_SIZE)).rejects.toThrow(/beyond/);
    expect(() => bitPosition(-1)).toThrow(RangeError);
  });
});

describe('dateTimeStamp', () => {
  it('requires a time zone and a real calendar day', () => {
    expect(parseDateTimeStamp('2026-11-25T09:00:00+08:00')?.toISOString()).toBe('2026-11-25T01:00:00.000Z');
    expect(parseDateTimeStamp('2024-02-29T00:00:00Z')).not.toBeNull();
    for (const bad of ['2026-11-25T09:00:00', '2026-11-25', '2025-02-29T00:00:00Z', '2026-11-25 09:00:00Z', '2026-11-25T09:00:00+15:00', ' 2026-11-25T09:00:00Z', 20261125]) {
      expect(parseDateTimeStamp(bad), String(bad)).toBeNull();
    }
    expect(dateTimeStamp(new Date('2026-11-25T01:00:00.123Z'))).toBe('2026-11-25T01:00:00Z');
  });
});
