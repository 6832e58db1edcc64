/**
 * The people and employers a row refers to. Datasets that refer to people pick hukou rows below the hukou row
 * count at the same scale, and never a hukou row that carries a defect, so the only dangling references are
 * the planted ones (made with {@link phantom}).
 */
import { hukouPlan } from './hukou.ts';
import { marketEntitiesPlan } from './market-entities.ts';
import { governmentPayer, marketEntity, type Payer } from './organisations.ts';
import { ageToday, person, type Person } from './people.ts';
import { isDefectRow, type Context } from './plan.ts';
import { permute, seedOf, type Rng } from './random.ts';

/** A hukou row that exists at this scale and carries no defect: safe to refer to. */
function isCleanHukouRow(ctx: Context, h: number): boolean {
  return h < ctx.hukouRows && !isDefectRow(hukouPlan, h);
}

/** A random clean hukou person satisfying `accept` (rejection sampling; people may repeat). */
export function randomResident(ctx: Context, rng: Rng, accept: (p: Person) => boolean): Person {
  for (let tries = 0; tries < 1000 && ctx.hukouRows > 0; tries++) {
    const h = rng.int(0, ctx.hukouRows - 1);
    if (!isCleanHukouRow(ctx, h)) continue;
    const p = person(ctx.seed, h);
    if (accept(p)) return p;
  }
  throw new RangeError(`no suitable person among ${ctx.hukouRows} hukou rows; use a larger scale`);
}

/**
 * Distinct clean hukou people satisfying `accept`, in a keyed random order (a permutation of the hukou rows
 * walked in order), so a dataset never lists the same person twice. Wraps around only when exhausted.
 */
export function residentStream(ctx: Context, stream: string, accept: (p: Person) => boolean): () => Person {
  const n = ctx.hukouRows;
  const key = seedOf(ctx.seed, stream, 0);
  let k = 0;
  return () => {
    for (let tries = 0; tries < 2 * n; tries++, k++) {
      const h = permute(k % n, n, key);
      if (!isCleanHukouRow(ctx, h)) continue;
      const p = person(ctx.seed, h);
      if (accept(p)) {
        k++;
        return p;
      }
    }
    throw new RangeError(`no suitable person among ${n} hukou rows; use a larger scale`);
  };
}

/** A person who is NOT in hukou at this scale (index beyond its rows), for planted dangling references. */
export function phantom(ctx: Context, ordinal: number, sex: 'M' | 'F' | undefined): Person {
  let p: Person | undefined;
  for (let t = 0; t < 64; t++) {
    p = person(ctx.seed, ctx.hukouRows + ordinal * 64 + t);
    if ((!sex || p.sex === sex) && ageToday(p) >= 24) return p;
  }
  return p!;
}

/** An active employer: mostly a company from the market-entity dataset, sometimes a government department. */
export function employer(ctx: Context, rng: Rng, allowShops: boolean): Payer {
  if (rng.chance(0.15) || ctx.marketRows === 0) return governmentPayer(rng);
  for (let tries = 0; tries < 200; tries++) {
    const m = rng.int(0, ctx.marketRows - 1);
    if (isDefectRow(marketEntitiesPlan, m)) continue;
    const e = marketEntity(ctx.seed, m);
    if (e.status !== '存续' || e.type === '农民专业合作社' || (!allowShops && e.type === '个体工商户')) continue;
    return { uscc: e.uscc, name: e.name, address: e.address, type: e.type };
  }
  return governmentPayer(rng);
}
