/**
 * How a dataset's rows are produced: a {@link Plan} supplies the clean rows and says where defects go. Defects
 * sit at fixed residues of the row index modulo the plan's period, so where they are is pure arithmetic.
 */
import type { DemoRow, PlantedDefectKind } from './types.ts';
import type { Rng } from './random.ts';

export interface Context {
  seed: number;
  scale: number;
  hukouRows: number;
  marketRows: number;
}

interface DefectSpec {
  kind: PlantedDefectKind;
  item: string;
  /** The defect sits at every row index ≡ residue (mod the plan's period). */
  residue: number;
}

export interface Plan {
  period: number;
  defects: readonly DefectSpec[];
  /** A duplicate-key row repeats the key of the row this many places before it. */
  duplicateOffset: number;
  /** A stateful producer of the dataset's clean rows, in order. */
  start(ctx: Context): () => DemoRow;
  /** The later, different record for a duplicated key. */
  duplicate(source: DemoRow, rng: Rng, ctx: Context): DemoRow;
  outOfTable?(row: DemoRow, item: string, rng: Rng): string;
  /** For a dangling reference: the name item to overwrite and the sex the phantom person must have. */
  dangling?: Readonly<Record<string, { name: string; sex?: 'M' | 'F' }>>;
}

export function rowCountAt(rowsAtScale1: number, scale: number): number {
  return Math.round(rowsAtScale1 * scale);
}

export function isDefectRow(plan: Plan, index: number): boolean {
  const r = index % plan.period;
  return plan.defects.some((d) => d.residue === r);
}
