/** Shared by the datasets' tests: look-ups, cached rows (per test file) and where defects are planted. */
import { DEMO_DATASETS, generateRows, plantedDefects, type DemoDataset, type DemoRow, type PlantedDefectKind } from './index.ts';

export const SCALE = 0.05;
export const byKey = (key: string): DemoDataset => DEMO_DATASETS.find((d) => d.key === key)!;

const cache = new Map<string, DemoRow[]>();
export function rowsOf(key: string, scale = SCALE, seed?: number): DemoRow[] {
  const id = `${key}/${scale}/${seed}`;
  if (!cache.has(id)) cache.set(id, [...generateRows(byKey(key), { scale, seed })]);
  return cache.get(id)!;
}

/** Row indexes of a planted defect kind on an item. */
export function planted(d: DemoDataset, kind: PlantedDefectKind, item?: string, scale = SCALE): Set<number> {
  const out = new Set<number>();
  for (const p of plantedDefects(d, { scale }).defects) if (p.kind === kind && (!item || p.item === item)) p.rowIndexes.forEach((i) => out.add(i));
  return out;
}

export function isIsoDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  return new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;
}
