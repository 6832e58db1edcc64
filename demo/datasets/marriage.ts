/** 2. 婚姻登记 (民政局): marriage and divorce registrations of couples from hukou. */
import type { CatalogEntryContent } from '../../src/modules/catalog/model.ts';
import { citizenIdItem, codes, dataset, dates, item, nameItem, pattern, toHukou } from './catalog.ts';
import { addYears, AS_OF, dateBetween, dayOf, isoOf, maxIso, minIso } from './dates.ts';
import { ageToday, type Person } from './people.ts';
import type { Plan } from './plan.ts';
import { Rng } from './random.ts';
import { residentStream } from './references.ts';

const marriageContent: CatalogEntryContent = {
  name: '潍坊市婚姻登记信息',
  summary: '全市各婚姻登记机关办理的结婚登记、离婚登记信息，含双方身份信息、登记日期和登记机关，2016年以来数据。',
  resourceClass: 'department',
  category: '民政',
  format: '数据库表',
  updateFrequency: 'daily',
  shareType: 'conditional',
  shareConditions: '限婚姻状况核验、社会救助、不动产登记、公积金提取等政务服务事项使用，经市民政局审核后以接口方式核验，不提供批量下载。',
  notSharedBasis: null,
  shareModes: ['api'],
  openType: 'none',
  dataGrade: 'important',
  relatedCodes: [],
  items: [
    item('djzh', '登记证字号', 'string', { length: 20, key: true }),
    item('djlx', '登记类型', 'string', { length: 4, required: true }),
    citizenIdItem('nf_sfzhm', '男方公民身份号码', { required: true }),
    nameItem('nf_xm', '男方姓名', { required: true }),
    citizenIdItem('nvf_sfzhm', '女方公民身份号码', { required: true }),
    nameItem('nvf_xm', '女方姓名', { required: true }),
    item('djrq', '登记日期', 'date', { required: true }),
    item('djjg', '登记机关', 'string', { length: 100, required: false }),
  ],
};

export const marriagePlan: Plan = {
  period: 100,
  defects: [
    { kind: 'dangling_reference', item: 'nf_sfzhm', residue: 31 },
    { kind: 'missing_required', item: 'djjg', residue: 45 },
    { kind: 'dangling_reference', item: 'nvf_sfzhm', residue: 62 },
    { kind: 'out_of_code_table', item: 'djlx', residue: 83 },
    { kind: 'duplicate_key', item: 'djzh', residue: 94 },
  ],
  duplicateOffset: 3,
  start(ctx) {
    // Men 23-65 and women 21-65 today, so a registration at the legal age (22/20) fits in 2016..AS_OF.
    const stream = residentStream(ctx, 'marriage', (p) => {
      const age = ageToday(p);
      return age <= 65 && age >= (p.sex === 'M' ? 23 : 21);
    });
    // People waiting for a partner of a similar age; bounded, so generation stays lazy.
    const waiting: Record<'M' | 'F', Person[]> = { M: [], F: [] };
    const serials = new Map<string, number>();
    let i = 0;
    const couple = (): [Person, Person] => {
      for (let draws = 0; ; draws++) {
        const p = stream();
        const other = waiting[p.sex === 'M' ? 'F' : 'M'];
        // After many draws (only at tiny scales) any partner will do, so this always ends.
        const lenient = draws > 4 * ctx.hukouRows + 256;
        if (draws > 8 * ctx.hukouRows + 512) throw new RangeError('too few people in hukou for marriages; use a larger scale');
        const match = other.findIndex((q) => lenient || Math.abs(Number(q.birth.slice(0, 4)) - Number(p.birth.slice(0, 4))) <= 6);
        if (match >= 0) {
          const [q] = other.splice(match, 1);
          return p.sex === 'M' ? [p, q!] : [q!, p];
        }
        waiting[p.sex].push(p);
        if (waiting[p.sex].length > 64) waiting[p.sex].shift();
      }
    };
    return () => {
      const rng = Rng.of(ctx.seed, 'marriage', i++);
      const [man, woman] = couple();
      const divorce = rng.chance(0.22);
      const earliest = maxIso(maxIso('2016-01-01', addYears(man.birth, divorce ? 24 : 22)), addYears(woman.birth, divorce ? 22 : 20));
      const date = dateBetween(rng, minIso(earliest, AS_OF), AS_OF);
      const office = rng.chance(0.5) ? man.county : woman.county;
      const prefix = `${divorce ? 'L' : 'J'}${office.code}-${date.slice(0, 4)}`;
      // Certificate numbers run per office and year; the sample skips numbers, as a sample would.
      const serial = (serials.get(prefix) ?? 0) + rng.int(1, 40);
      serials.set(prefix, serial);
      return {
        djzh: `${prefix}-${String(serial).padStart(6, '0')}`,
        djlx: divorce ? '离婚' : '结婚',
        nf_sfzhm: man.id,
        nf_xm: man.name,
        nvf_sfzhm: woman.id,
        nvf_xm: woman.name,
        djrq: date,
        djjg: `${office.official}民政局婚姻登记处`,
      };
    };
  },
  // The same certificate entered again with a corrected registration date.
  duplicate(source, rng) {
    const day = dayOf(source.djrq as string) + (rng.chance(0.5) ? -1 : 1);
    return { ...source, djrq: isoOf(Math.min(Math.max(day, dayOf('2016-01-01')), dayOf(AS_OF))) };
  },
  // 复婚 is registered as 结婚 today; older systems kept it as a type of its own.
  outOfTable: () => '复婚',
  dangling: { nf_sfzhm: { name: 'nf_xm', sex: 'M' }, nvf_sfzhm: { name: 'nvf_xm', sex: 'F' } },
};

export const marriageDataset = dataset('marriage', 'mz', marriageContent, 3000, [
  pattern('djzh', '^[JL]3707[0-9]{2}-[0-9]{4}-[0-9]{6}$'),
  codes('djlx', ['结婚', '离婚']),
  { kind: 'citizen_id', item: 'nf_sfzhm' },
  { kind: 'citizen_id', item: 'nvf_sfzhm' },
  toHukou('nf_sfzhm'),
  toHukou('nvf_sfzhm'),
  dates('djrq', '2016-01-01'),
]);
