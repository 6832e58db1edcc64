/**
 * Deterministic randomness: no Math.random anywhere. Every random choice comes from a PRNG seeded by
 * (seed, stream name, index), so a row or a person is a pure function of its index.
 */

/** murmur3's 32-bit finaliser: a cheap, well-mixing hash of one word. */
function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A 32-bit seed for one (seed, stream, index) triple; indexes may exceed 2^32. */
export function seedOf(seed: number, stream: string, index: number): number {
  let h = fmix32(hashString(stream) ^ Math.imul(seed >>> 0, 0x9e3779b1));
  h = fmix32(h ^ Math.floor(seed / 2 ** 32));
  h = fmix32(h ^ (index >>> 0));
  return fmix32(h + Math.floor(index / 2 ** 32));
}

/** mulberry32: small, fast and good enough for synthetic data. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  static of(seed: number, stream: string, index: number): Rng {
    return new Rng(seedOf(seed, stream, index));
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 2 ** 32;
  }
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.float() < p;
  }
  pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.float() * values.length)]!;
  }
  weighted<T>(choices: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, w] of choices) total += w;
    let r = this.float() * total;
    for (const [value, w] of choices) {
      r -= w;
      if (r < 0) return value;
    }
    return choices[choices.length - 1]![0];
  }
}

/**
 * A keyed permutation of [0, domain) (domain ≤ 2^32): a 4-round Feistel network on the smallest even bit width
 * that covers the domain, cycle-walking back into it. Unlike an affine map it leaves no visible stride.
 */
export function permute(x: number, domain: number, key: number): number {
  if (!Number.isInteger(x) || x < 0 || x >= domain) throw new RangeError(`permute: ${x} is outside [0, ${domain})`);
  if (domain <= 1) return 0;
  let bits = 2;
  while (2 ** bits < domain) bits += 2;
  const halfSize = 2 ** (bits / 2);
  let y = x;
  do {
    let l = Math.floor(y / halfSize);
    let r = y % halfSize;
    for (let round = 0; round < 4; round++) {
      const f = fmix32(r ^ Math.imul(key ^ (round * 0x3c6ef372), 0x27d4eb2d)) % halfSize;
      const next = (l ^ f) % halfSize;
      l = r;
      r = next < 0 ? next + halfSize : next;
    }
    y = l * halfSize + r;
  } while (y >= domain);
  return y;
}

/** A 10-character account number: `prefix` then 8 digits, a keyed permutation of the account's ordinal `n`. */
export function accountNumber(prefix: string, n: number, key: number): string {
  return `${prefix}${String(permute(n % 1e8, 1e8, key)).padStart(8, '0')}`;
}
