/**
 * Synthetic datasets for the Weifang demo: eight resources of the kind a city's departments share (户籍人口,
 * 婚姻登记, 社保缴费, 公积金, 机动车, 市场主体, 用电, 供暖), each with a full catalog entry, the quality rules the
 * demo attaches, and deterministic rows with a few percent of planted defects the quality loop must find.
 *
 * Everything here is SYNTHETIC, like the people in weifang.ts. Citizen IDs and credit codes are well-formed
 * (check characters computed with the platform's own functions) but generated; credit codes carry the demo
 * organisation-code prefix `WF` so they cannot be a real registrant's. Mobile numbers are random numbers in
 * real carrier ranges (there is no reserved fictional block big enough). Town names appear only inside
 * free-text addresses; villages, roads numbers, companies and tariffs are illustrative.
 *
 * How the rows are built (why the code looks the way it does):
 *
 * - No Math.random. Every random choice comes from a PRNG seeded by (seed, stream name, index), so a row or a
 *   person is a pure function of its index and rows can be produced lazily, one at a time, at any scale.
 * - Person `i` of the population is a bijection of `i` (a keyed Feistel permutation over region × birth date ×
 *   sequence number), so citizen IDs are unique by construction and any dataset can compute "the person in
 *   hukou row h" without generating the hukou rows. Datasets that refer to people (marriage, social
 *   insurance, housing fund, vehicles, electricity) pick hukou rows below the hukou row count at the same
 *   scale, and never a hukou row that carries a defect, so the only dangling references are the planted ones.
 * - Defects sit at fixed residues of the row index modulo a per-dataset period ({@link plantedDefects} is
 *   therefore pure arithmetic). A defect row carries exactly one defect, and every declared quality rule is
 *   violated only by the planted rows (format rules skip empty values; `required` is what catches those).
 * - A duplicate-key defect row repeats the key of a clean earlier row (a fixed small offset back) with
 *   different values, as a re-submitted or corrected record would; the importer's upsert keeps the last one.
 *
 * Keys are unique by construction up to a large scale (vehicles' plates up to scale ~190, VIN serials up to
 * scale ~125; the rest far beyond). The reference guarantees need the hukou dataset to have people, i.e. a
 * scale of about 0.01 or more.
 *
 * Where things are: {@link DEMO_DATASETS} is assembled here from one file per dataset (hukou.ts, marriage.ts,
 * social-insurance.ts, housing-fund.ts, vehicles.ts, market-entities.ts, electricity.ts, heating.ts), each
 * holding its catalog entry, rules and row plan. They share random.ts (PRNG, hashing, permutations), dates.ts,
 * people.ts (places, names, the population), organisations.ts (market entities, employers), references.ts
 * (picking the people and employers a row refers to), catalog.ts (item and rule helpers) and plan.ts (the
 * Plan a dataset's rows follow). generate.ts plants the defects; csv.ts writes the Excel-like exports.
 */
import { electricityDataset } from './electricity.ts';
import { heatingDataset } from './heating.ts';
import { housingFundDataset } from './housing-fund.ts';
import { hukouDataset } from './hukou.ts';
import { marketEntitiesDataset } from './market-entities.ts';
import { marriageDataset } from './marriage.ts';
import { socialInsuranceDataset } from './social-insurance.ts';
import type { DemoDataset } from './types.ts';
import { vehiclesDataset } from './vehicles.ts';

export type { DemoDataset, DemoRow, GenerateOptions, PlantedDefectKind, QualityRuleSpec } from './types.ts';
export { generateRows, plantedDefects } from './generate.ts';
export { datasetCsv } from './csv.ts';

export const DEMO_DATASETS: readonly DemoDataset[] = [
  hukouDataset,
  marriageDataset,
  socialInsuranceDataset,
  housingFundDataset,
  vehiclesDataset,
  marketEntitiesDataset,
  electricityDataset,
  heatingDataset,
];
