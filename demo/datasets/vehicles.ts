/** 5. 机动车 (公安局): vehicles registered in Weifang (鲁V), with plates, VINs and owners from hukou. */
import type { CatalogEntryContent } from '../../src/modules/catalog/model.ts';
import { citizenIdItem, codes, dataset, dates, item, nameItem, pattern, toHukou } from './catalog.ts';
import { addYears, AS_OF, dateBetween, endOfMonth, maxIso } from './dates.ts';
import { ageToday } from './people.ts';
import type { Plan } from './plan.ts';
import { permute, Rng, seedOf } from './random.ts';
import { randomResident } from './references.ts';

/** Plate letters: A-Z without I and O. */
const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const PLATE_ORDINARY = 24 * 10_000 + 2 * 24 * 24 * 1000; // A1234, AB123, A123B
const PLATE_SPACE = PLATE_ORDINARY + 2 * 100_000; // plus small new-energy plates D12345 / F12345

function plate(n: number): { plate: string; newEnergy: boolean } {
  const L = (k: number): string => PLATE_LETTERS[k]!;
  if (n < 240_000) return { plate: `鲁V${L(Math.floor(n / 10_000))}${String(n % 10_000).padStart(4, '0')}`, newEnergy: false };
  if (n < PLATE_ORDINARY) {
    const m = n - 240_000;
    const digits = String(m % 1000).padStart(3, '0');
    const a = L(Math.floor(m / 1000) % 24);
    const b = L(Math.floor(m / 24_000) % 24);
    return { plate: m < 576_000 ? `鲁V${a}${b}${digits}` : `鲁V${a}${digits}${b}`, newEnergy: false };
  }
  const m = n - PLATE_ORDINARY;
  return { plate: `鲁V${m < 100_000 ? 'D' : 'F'}${String(m % 100_000).padStart(5, '0')}`, newEnergy: true };
}

/** GA 24.4 vehicle types with their plate kind (GA 24.7: 01 大型汽车, 02 小型汽车, 52 小型新能源汽车). */
const VEHICLE_TYPES: ReadonlyArray<readonly [code: string, plateKind: string, weight: number]> = [
  ['K33', '02', 50], ['K31', '02', 28], ['K32', '02', 4], ['H31', '02', 7], ['H41', '02', 3],
  ['H11', '01', 5], ['Q11', '01', 2], ['K11', '01', 1],
];
const VEHICLE_TYPE_CODES = ['K11', 'K31', 'K32', 'K33', 'H11', 'H21', 'H31', 'H41', 'Q11'] as const;
/** World manufacturer identifiers with the Chinese brand as registered, per vehicle type group. */
const MAKES: Readonly<Record<'car' | 'ev' | 'heavy' | 'light' | 'bus', ReadonlyArray<readonly [wmi: string, brand: string, weight: number]>>> = {
  car: [['LSV', '大众汽车牌', 12], ['LFV', '大众汽车牌', 12], ['LHG', '本田牌', 6], ['LGB', '日产牌', 6], ['LSG', '别克牌', 7], ['L6T', '吉利牌', 9], ['LGW', '哈弗牌', 8], ['LS5', '长安牌', 8], ['LVV', '奇瑞牌', 6], ['LBV', '宝马牌', 3]],
  ev: [['LGX', '比亚迪牌', 45], ['LZW', '五菱牌', 20], ['LRW', '特斯拉牌', 10], ['L6T', '吉利牌', 12], ['LS5', '长安牌', 13]],
  heavy: [['LZZ', '豪沃牌', 5], ['LFW', '解放牌', 5]],
  light: [['LFW', '解放牌', 4], ['LZW', '五菱牌', 6]],
  bus: [['LZY', '宇通牌', 1]],
};
const VIN_CHARS: readonly string[] = [...'ABCDEFGHJKLMNPRSTUVWXYZ0123456789'];
const VIN_LETTERS = VIN_CHARS.slice(0, 23);
const VIN_VALUES: Readonly<Record<string, number>> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9, S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2] as const;
/** Model-year codes (10th VIN character) from 2001. */
const VIN_YEARS = '123456789ABCDEFGHJKLMNPRST';

/** A VIN with its GB 16735 (ISO 3779) check digit in position 9. */
function vin(wmi: string, rng: Rng, year: number, serial: number): string {
  let vds = '';
  for (let k = 0; k < 5; k++) vds += rng.pick(VIN_CHARS);
  const rest = `${VIN_YEARS[Math.min(Math.max(year - 2001, 0), VIN_YEARS.length - 1)]}${rng.pick(VIN_LETTERS)}${String(serial).padStart(6, '0')}`;
  const draft = `${wmi}${vds}0${rest}`;
  let sum = 0;
  for (let k = 0; k < 17; k++) {
    const ch = draft[k]!;
    sum += (ch >= '0' && ch <= '9' ? Number(ch) : VIN_VALUES[ch]!) * VIN_WEIGHTS[k]!;
  }
  const check = sum % 11 === 10 ? 'X' : String(sum % 11);
  return `${wmi}${vds}${check}${rest}`;
}

/** 检验有效期止: small passenger cars every two years in their first ten, then yearly; others yearly. */
function inspectionValidUntil(rng: Rng, type: string, registered: string): string {
  const smallCar = type.startsWith('K3');
  const regYear = Number(registered.slice(0, 4));
  const month = Number(registered.slice(5, 7));
  let year = regYear + (smallCar ? 2 : 1);
  for (;;) {
    const step = smallCar && year - regYear < 10 ? 2 : 1;
    if (endOfMonth(year, month) >= AS_OF) break;
    year += step;
  }
  // Some owners let the inspection lapse (逾期未检验), which is data, not a defect.
  if (rng.chance(0.04) && year - 1 > regYear) year -= 1;
  return endOfMonth(year, month);
}

const vehiclesContent: CatalogEntryContent = {
  name: '潍坊市机动车登记信息',
  summary: '在潍坊（鲁V）登记的机动车的号牌、品牌、车辆类型、车辆识别代号、所有人、初次登记日期和检验有效期，来源于公安交通管理信息系统。',
  resourceClass: 'department',
  category: '交通出行',
  format: '数据库表',
  updateFrequency: 'daily',
  shareType: 'conditional',
  shareConditions: '限交通运输执法、社会救助家庭经济状况核对、不动产及车辆类政务服务等事项使用，经市公安局审核后以接口方式查询。',
  notSharedBasis: null,
  shareModes: ['api'],
  openType: 'none',
  dataGrade: 'general',
  relatedCodes: [],
  items: [
    item('hphm', '号牌号码', 'string', { length: 8, key: true }),
    item('hpzl', '号牌种类', 'string', { length: 2, required: true }),
    item('clpp', '中文品牌', 'string', { length: 30, required: true }),
    item('cllx', '车辆类型', 'string', { length: 3, required: true }),
    item('clsbdh', '车辆识别代号', 'string', { length: 17, required: true, sensitivity: 'sensitive', mask: 'full' }),
    citizenIdItem('syr_sfzhm', '所有人公民身份号码', { required: true }),
    nameItem('syr_xm', '所有人姓名', { required: true }),
    item('ccdjrq', '初次登记日期', 'date', { required: true }),
    item('jyyxqz', '检验有效期止', 'date', { required: true }),
  ],
};

export const vehiclesPlan: Plan = {
  period: 100,
  defects: [
    { kind: 'out_of_code_table', item: 'cllx', residue: 14 },
    { kind: 'missing_required', item: 'clsbdh', residue: 36 },
    { kind: 'duplicate_key', item: 'hphm', residue: 58 },
    { kind: 'dangling_reference', item: 'syr_sfzhm', residue: 81 },
  ],
  duplicateOffset: 3,
  start(ctx) {
    const plateKey = seedOf(ctx.seed, 'plate', 0);
    const serialKey = seedOf(ctx.seed, 'vin-serial', 0);
    let i = 0;
    return () => {
      const rng = Rng.of(ctx.seed, 'vehicle', i);
      const { plate: number, newEnergy } = plate(permute(i % PLATE_SPACE, PLATE_SPACE, plateKey));
      const serial = permute(i % 1_000_000, 1_000_000, serialKey);
      i++;
      const [type, plateKind] = newEnergy
        ? [rng.chance(0.7) ? 'K33' : 'K31', '52']
        : rng.weighted(VEHICLE_TYPES.map(([code, kind, weight]) => [[code, kind] as const, weight] as const));
      const group = newEnergy ? 'ev' : type.startsWith('K1') ? 'bus' : type === 'H11' || type === 'Q11' ? 'heavy' : type.startsWith('H') ? 'light' : 'car';
      const [wmi, brand] = rng.weighted(MAKES[group].map(([w, b, weight]) => [[w, b] as const, weight] as const));
      const owner = randomResident(ctx, rng, (p) => ageToday(p) >= 20);
      const registered = dateBetween(rng, maxIso(newEnergy ? '2016-01-01' : '2006-01-01', addYears(owner.birth, 18)), '2026-06-20', 1.6);
      return {
        hphm: number,
        hpzl: plateKind,
        clpp: brand,
        cllx: type,
        clsbdh: vin(wmi, rng, Number(registered.slice(0, 4)), serial),
        syr_sfzhm: owner.id,
        syr_xm: owner.name,
        ccdjrq: registered,
        jyyxqz: inspectionValidUntil(rng, type, registered),
      };
    };
  },
  // A transfer (过户): the same plate and vehicle, a new owner.
  duplicate(source, rng, ctx) {
    const owner = randomResident(ctx, rng, (p) => ageToday(p) >= 20 && p.id !== source.syr_sfzhm);
    return { ...source, syr_sfzhm: owner.id, syr_xm: owner.name };
  },
  outOfTable: (_row, _item, rng) => rng.pick(['K3', 'K30', 'H3']),
  dangling: { syr_sfzhm: { name: 'syr_xm' } },
};

export const vehiclesDataset = dataset('vehicles', 'ga', vehiclesContent, 8000, [
  pattern('hphm', '^鲁V([A-HJ-NP-Z0-9]{5}|[DF][A-HJ-NP-Z0-9][0-9]{4})$'),
  codes('hpzl', ['01', '02', '51', '52']),
  codes('cllx', VEHICLE_TYPE_CODES),
  pattern('clsbdh', '^[A-HJ-NPR-Z0-9]{17}$'),
  { kind: 'citizen_id', item: 'syr_sfzhm' },
  toHukou('syr_sfzhm'),
  dates('ccdjrq', '1990-01-01'),
  dates('jyyxqz', '2006-01-01', '2040-12-31'),
  { kind: 'row_count_change', params: { maxChangeRatio: 0.1 } },
]);
