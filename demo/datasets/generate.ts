/**
 * Generation: rows are produced lazily, one at a time, from each dataset's {@link Plan}; defect rows replace
 * the clean row at their index with a corrupted copy (or, for a duplicate key, a later record of an earlier key).
 */
import { electricityPlan } from './electricity.ts';
import { heatingPlan } from './heating.ts';
import { housingFundPlan } from './housing-fund.ts';
import { HUKOU_ROWS, hukouPlan } from './hukou.ts';
import { MARKET_ROWS, marketEntitiesPlan } from './market-entities.ts';
import { marriagePlan } from './marriage.ts';
import { USCC_ALPHABET } from './organisations.ts';
import { badMobile } from './people.ts';
import { rowCountAt, type Context, type Plan } from './plan.ts';
import { Rng } from './random.ts';
import { phantom } from './references.ts';
import { socialInsurancePlan } from './social-insurance.ts';
import type { DemoDataset, DemoRow, GenerateOptions, PlantedDefectKind } from './types.ts';
import { vehiclesPlan } from './vehicles.ts';

const PLANS = {
  hukou: hukouPlan,
  marriage: marriagePlan,
  social_insurance: socialInsurancePlan,
  housing_fund: housingFundPlan,
  vehicles: vehiclesPlan,
  market_entities: marketEntitiesPlan,
  electricity: electricityPlan,
  heating: heatingPlan,
} as const satisfies Record<string, Plan>;

function planOf(dataset: DemoDataset): Plan {
  const plan = (PLANS as Record<string, Plan | undefined>)[dataset.key];
  if (!plan) throw new RangeError(`unknown demo dataset ${dataset.key}`);
  return plan;
}

export function checkOptions(options: GenerateOptions): Context {
  const { scale } = options;
  const seed = options.seed ?? 3707;
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0) throw new RangeError('scale must be a positive number');
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError('seed must be a non-negative safe integer');
  return { seed, scale, hukouRows: rowCountAt(HUKOU_ROWS, scale), marketRows: rowCountAt(MARKET_ROWS, scale) };
}

function corruptCheckChar(value: string, alphabet: string, rng: Rng): string {
  const current = alphabet.indexOf(value[value.length - 1]!);
  const replacement = alphabet[(current + rng.int(1, alphabet.length - 1)) % alphabet.length]!;
  return value.slice(0, -1) + replacement;
}

/** Deterministic rows for a dataset at a scale (seeded PRNG, no Math.random), generated lazily. */
export function* generateRows(dataset: DemoDataset, options: GenerateOptions): Generator<DemoRow> {
  const ctx = checkOptions(options);
  const plan = planOf(dataset);
  const rows = rowCountAt(dataset.rowsAtScale1, ctx.scale);
  const byResidue = new Map(plan.defects.map((d) => [d.residue, d]));
  const danglingItems = plan.defects.filter((d) => d.kind === 'dangling_reference').map((d) => d.item);
  const next = plan.start(ctx);
  // The last few clean rows, for duplicates of a recent key.
  const recent: DemoRow[] = [];
  const window = plan.duplicateOffset + 1;
  for (let i = 0; i < rows; i++) {
    const natural = next();
    recent[i % window] = natural;
    const defect = byResidue.get(i % plan.period);
    if (!defect) {
      yield { ...natural };
      continue;
    }
    const rng = Rng.of(ctx.seed, `${dataset.key}:defect`, i);
    const row = { ...natural };
    const value = row[defect.item];
    switch (defect.kind) {
      case 'bad_citizen_id_check':
        row[defect.item] = corruptCheckChar(String(value), '0123456789X', rng);
        break;
      case 'bad_uscc_check':
        row[defect.item] = corruptCheckChar(String(value), USCC_ALPHABET, rng);
        break;
      case 'missing_required':
        row[defect.item] = null;
        break;
      case 'bad_mobile':
        row[defect.item] = badMobile(rng);
        break;
      case 'out_of_code_table':
        row[defect.item] = plan.outOfTable!(row, defect.item, rng);
        break;
      case 'dangling_reference': {
        const spec = plan.dangling![defect.item]!;
        const ordinal = Math.floor(i / plan.period) * danglingItems.length + danglingItems.indexOf(defect.item);
        const p = phantom(ctx, ordinal, spec.sex);
        row[defect.item] = p.id;
        row[spec.name] = p.name;
        break;
      }
      case 'duplicate_key':
        yield plan.duplicate({ ...recent[(i - plan.duplicateOffset) % window]! }, rng, ctx);
        continue;
    }
    yield row;
  }
}

/**
 * How many rows, and which defects at which 0-based row indexes, generateRows plants at that scale. A
 * duplicate_key index is the LATER row (the earlier one with the same key is clean). Positions depend on the
 * scale only; the seed changes values, not where defects are.
 */
export function plantedDefects(
  dataset: DemoDataset,
  options: GenerateOptions,
): { rows: number; defects: Array<{ kind: PlantedDefectKind; item: string; rowIndexes: number[] }> } {
  const ctx = checkOptions(options);
  const plan = planOf(dataset);
  const rows = rowCountAt(dataset.rowsAtScale1, ctx.scale);
  const defects = plan.defects
    .map((d) => {
      const rowIndexes: number[] = [];
      for (let i = d.residue; i < rows; i += plan.period) rowIndexes.push(i);
      return { kind: d.kind, item: d.item, rowIndexes };
    })
    .filter((d) => d.rowIndexes.length > 0);
  return { rows, defects };
}
