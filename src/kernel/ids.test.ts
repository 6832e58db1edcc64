import { describe, expect, it } from 'vitest';
import { isUuid, newTimeOrderedId } from './ids.ts';

describe('time-ordered ids (UUIDv7)', () => {
  it('are well-formed version-7 UUIDs carrying their millisecond', () => {
    const at = Date.parse('2026-11-25T01:00:00.123Z');
    const id = newTimeOrderedId(at);
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(id[19]);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  it('sort by time, so a primary key on them appends', () => {
    const ids = [0, 1, 2, 1000, 60_000].map((d) => newTimeOrderedId(Date.parse('2026-11-25T01:00:00Z') + d));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(Array.from({ length: 1000 }, () => newTimeOrderedId(1))).size).toBe(1000);
  });
});
