// 电子证照类型: the licence types the demo city issues, with their fields, holder, issuing department, validity
// rule, card layout and the presentation scenes that disclose only what a verifier needs. The metadata
// follows GB/T 36903 (证照类型名称/代码, 颁发机构, 持证主体与代码类型, 有效期). Pure data and checks: the
// future credentials module stores types in its tables and issues from catalog records.
//
// Type codes: the national e-licence directory assigns codes per type; they are not published in a form we
// could verify, so these are local codes (pinyin initials) until an operator maps them.

export const FIELD_TYPES = ['string', 'date', 'integer', 'decimal', 'boolean'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface LicenceField {
  /** ASCII claim name in the credential, e.g. "id_number". */
  code: string;
  /** Chinese label shown on the card and to verifiers. */
  name: string;
  type: FieldType;
  /** Personal data: never disclosed unless a scene asks for it. */
  personal: boolean;
}

/**
 * When a licence stops being valid: a fixed number of years, the value of one of its fields, never
 * (长期), or the 居民身份证 rule by the holder's age at issue (《居民身份证法》第五条).
 */
export type ValidityRule =
  | { kind: 'years'; years: number }
  | { kind: 'field'; field: string }
  | { kind: 'long_term' }
  | { kind: 'id_card_by_age'; birthDateField: string };

/** A presentation scene (使用场景): the fields disclosed there, nothing else. */
export interface ScenePreset {
  code: string;
  name: string;
  disclose: string[];
}

export interface LicenceType {
  /** Local type code (see the note above). */
  code: string;
  name: string;
  /** `key` of the issuing department in demo/weifang.ts DEPARTMENTS. */
  issuer: string;
  /** Who holds it: a citizen (公民身份号码) or an organisation (统一社会信用代码). */
  holder: { kind: 'citizen' | 'organisation'; field: string; nameField: string };
  /** The licence's own number on paper, if it has one. */
  numberField: string | null;
  /** The number is allotted at issue (prefix + the identifier's 流水号) unless the source or the issuer gives one. */
  numberAllotted?: { prefix: string };
  fields: LicenceField[];
  validity: ValidityRule;
  /** Card colours and the fields shown on its face, in order. */
  display: { color: string; face: string[] };
  scenes: ScenePreset[];
  /**
   * Demo dataset (demo/datasets) whose records issue it in bulk, with claim ← item mapping. `contact` names
   * the item holding the holder's registered mobile number: a population register with one is what the
   * wallet checks a citizen's real name against (实名核验).
   */
  source: { dataset: string; map: Record<string, string>; contact?: string } | null;
  /** Who may hold it: the 老年人优待证 only from the 60th birthday on. */
  eligibility?: { minAge: number };
}

const f = (code: string, name: string, type: FieldType = 'string', personal = false): LicenceField => ({ code, name, type, personal });
const person = [f('name', '姓名', 'string', true), f('sex', '性别'), f('id_number', '公民身份号码', 'string', true)];
const HOTEL: ScenePreset = { code: 'hotel', name: '酒店入住', disclose: ['name', 'id_number'] };
const HOSPITAL: ScenePreset = { code: 'hospital', name: '医院就诊', disclose: ['name', 'id_number'] };

export const LICENCE_TYPES: readonly LicenceType[] = [
  {
    code: 'JMSFZ', name: '居民身份证', issuer: 'ga',
    holder: { kind: 'citizen', field: 'id_number', nameField: 'name' }, numberField: 'id_number',
    fields: [...person, f('ethnicity', '民族'), f('birth_date', '出生', 'date', true), f('address', '住址', 'string', true), f('issuing_authority', '签发机关'), f('age_over_18', '年满18周岁', 'boolean'), f('age_over_60', '年满60周岁', 'boolean')],
    validity: { kind: 'id_card_by_age', birthDateField: 'birth_date' },
    display: { color: '#1f5fa8', face: ['name', 'sex', 'ethnicity', 'birth_date', 'address', 'id_number'] },
    scenes: [HOTEL, HOSPITAL, { code: 'age_check', name: '年龄核验', disclose: ['age_over_18'] }],
    source: { dataset: 'hukou', map: { name: 'xm', sex: 'xb', id_number: 'sfzhm', ethnicity: 'mz', birth_date: 'csrq', address: 'hjdz' }, contact: 'sjhm' },
  },
  {
    code: 'JZZ', name: '居住证', issuer: 'ga',
    holder: { kind: 'citizen', field: 'id_number', nameField: 'name' }, numberField: null,
    fields: [...person, f('residence_address', '居住地址', 'string', true), f('issuing_authority', '签发机关')],
    validity: { kind: 'years', years: 1 },
    display: { color: '#2d7d9a', face: ['name', 'sex', 'id_number', 'residence_address'] },
    scenes: [HOTEL, { code: 'school_enrolment', name: '随迁子女入学', disclose: ['name', 'id_number', 'residence_address'] }],
    source: null,
  },
  {
    code: 'JDCJSZ', name: '机动车驾驶证', issuer: 'ga',
    holder: { kind: 'citizen', field: 'id_number', nameField: 'name' }, numberField: 'id_number',
    fields: [...person, f('licence_class', '准驾车型'), f('first_issue_date', '初次领证日期', 'date'), f('valid_until', '有效期至', 'date')],
    validity: { kind: 'field', field: 'valid_until' },
    display: { color: '#3b6e3b', face: ['name', 'sex', 'id_number', 'licence_class', 'first_issue_date', 'valid_until'] },
    scenes: [{ code: 'traffic_check', name: '交通执法查验', disclose: ['name', 'id_number', 'licence_class', 'valid_until'] }, { code: 'car_rental', name: '汽车租赁', disclose: ['name', 'licence_class', 'valid_until'] }],
    source: null,
  },
  {
    code: 'JDCXSZ', name: '机动车行驶证', issuer: 'ga',
    holder: { kind: 'citizen', field: 'owner_id_number', nameField: 'owner' }, numberField: 'plate_number',
    fields: [f('plate_number', '号牌号码'), f('vehicle_type', '车辆类型'), f('owner', '所有人', 'string', true), f('owner_id_number', '所有人证件号码', 'string', true), f('use_character', '使用性质'), f('model', '品牌型号'), f('vin', '车辆识别代号'), f('register_date', '注册日期', 'date')],
    validity: { kind: 'long_term' },
    display: { color: '#5a6b2d', face: ['plate_number', 'vehicle_type', 'owner', 'use_character', 'model', 'register_date'] },
    scenes: [{ code: 'traffic_check', name: '交通执法查验', disclose: ['plate_number', 'vehicle_type', 'owner', 'vin'] }],
    source: { dataset: 'vehicles', map: { plate_number: 'hphm', vehicle_type: 'cllx', owner: 'syr_xm', owner_id_number: 'syr_sfzhm', model: 'clpp', vin: 'clsbdh', register_date: 'ccdjrq' } },
  },
  {
    code: 'LNRYDZ', name: '老年人优待证', issuer: 'wj',
    holder: { kind: 'citizen', field: 'id_number', nameField: 'name' }, numberField: 'card_number',
    numberAllotted: { prefix: 'LN3707' },
    fields: [...person, f('card_number', '证号'), f('birth_date', '出生日期', 'date', true), f('age_over_60', '年满60周岁', 'boolean'), f('age_over_65', '年满65周岁', 'boolean')],
    validity: { kind: 'long_term' },
    display: { color: '#b5651d', face: ['name', 'sex', 'card_number', 'birth_date'] },
    // Scenic spots, museums and buses need the age band and the name, not the ID number or birth date.
    scenes: [{ code: 'scenic_elderly', name: '景区老年人优待', disclose: ['age_over_60', 'name'] }, { code: 'bus_elderly', name: '公交免费乘车', disclose: ['age_over_65', 'name'] }, HOSPITAL],
    source: { dataset: 'hukou', map: { name: 'xm', sex: 'xb', id_number: 'sfzhm', birth_date: 'csrq' } },
    eligibility: { minAge: 60 },
  },
  {
    code: 'HSZYZS', name: '护士执业证书', issuer: 'wj',
    holder: { kind: 'citizen', field: 'id_number', nameField: 'name' }, numberField: 'certificate_number',
    fields: [...person, f('certificate_number', '证书编号'), f('practice_place', '执业地点'), f('issue_date', '发证日期', 'date'), f('valid_until', '有效期至', 'date')],
    validity: { kind: 'field', field: 'valid_until' },
    display: { color: '#c0506d', face: ['name', 'sex', 'certificate_number', 'practice_place', 'valid_until'] },
    scenes: [{ code: 'practice_check', name: '执业资格核验', disclose: ['name', 'certificate_number', 'practice_place', 'valid_until'] }],
    source: null,
  },
  {
    code: 'YSZYZS', name: '医师执业证书', issuer: 'wj',
    holder: { kind: 'citizen', field: 'id_number', nameField: 'name' }, numberField: 'certificate_number',
    fields: [...person, f('certificate_number', '证书编码'), f('practice_category', '执业类别'), f('practice_scope', '执业范围'), f('practice_place', '执业地点'), f('issue_date', '发证日期', 'date')],
    validity: { kind: 'long_term' },
    display: { color: '#8a3b8f', face: ['name', 'certificate_number', 'practice_category', 'practice_scope', 'practice_place'] },
    scenes: [{ code: 'practice_check', name: '执业资格核验', disclose: ['name', 'certificate_number', 'practice_category', 'practice_scope', 'practice_place'] }],
    source: null,
  },
  {
    code: 'YYZZ', name: '营业执照', issuer: 'scjg',
    holder: { kind: 'organisation', field: 'uscc', nameField: 'entity_name' }, numberField: 'uscc',
    fields: [f('uscc', '统一社会信用代码'), f('entity_name', '名称'), f('entity_type', '类型'), f('legal_representative', '法定代表人', 'string', true), f('established', '成立日期', 'date'), f('address', '住所'), f('registration_authority', '登记机关')],
    validity: { kind: 'long_term' },
    display: { color: '#a32020', face: ['uscc', 'entity_name', 'entity_type', 'legal_representative', 'established', 'address'] },
    scenes: [{ code: 'tender', name: '招投标资格核验', disclose: ['uscc', 'entity_name', 'entity_type', 'established'] }],
    source: { dataset: 'market_entities', map: { uscc: 'tyshxydm', entity_name: 'ztmc', entity_type: 'ztlx', legal_representative: 'fddbr', established: 'clrq', address: 'zs', registration_authority: 'djjg' } },
  },
  {
    code: 'JHZ', name: '结婚证', issuer: 'mz',
    holder: { kind: 'citizen', field: 'holder_id_number', nameField: 'holder_name' }, numberField: 'certificate_number',
    fields: [f('certificate_number', '结婚证字号'), f('holder_name', '持证人', 'string', true), f('holder_id_number', '持证人身份证件号码', 'string', true), f('spouse_name', '配偶姓名', 'string', true), f('spouse_id_number', '配偶身份证件号码', 'string', true), f('registration_date', '登记日期', 'date'), f('registration_authority', '登记机关')],
    validity: { kind: 'long_term' },
    display: { color: '#c8102e', face: ['certificate_number', 'holder_name', 'spouse_name', 'registration_date', 'registration_authority'] },
    scenes: [{ code: 'marital_status', name: '婚姻状况核验', disclose: ['holder_name', 'holder_id_number', 'registration_date'] }],
    source: { dataset: 'marriage', map: { certificate_number: 'djzh', holder_name: 'nf_xm', holder_id_number: 'nf_sfzhm', spouse_name: 'nvf_xm', spouse_id_number: 'nvf_sfzhm', registration_date: 'djrq', registration_authority: 'djjg' } },
  },
  {
    code: 'BDCQZS', name: '不动产权证书', issuer: 'zrzy',
    holder: { kind: 'citizen', field: 'owner_id_number', nameField: 'owner' }, numberField: 'certificate_number',
    fields: [f('certificate_number', '不动产权证号'), f('owner', '权利人', 'string', true), f('owner_id_number', '权利人证件号码', 'string', true), f('co_ownership', '共有情况'), f('location', '坐落', 'string', true), f('unit_number', '不动产单元号'), f('right_type', '权利类型'), f('use', '用途'), f('area', '面积（平方米）', 'decimal')],
    validity: { kind: 'long_term' },
    display: { color: '#6b4f2a', face: ['certificate_number', 'owner', 'co_ownership', 'location', 'right_type', 'use', 'area'] },
    scenes: [{ code: 'school_enrolment', name: '学区入学材料', disclose: ['owner', 'location', 'right_type', 'use'] }],
    source: null,
  },
];

/** Every inconsistency of a licence type, in Chinese; empty when it is sound. */
export function licenceTypeProblems(t: LicenceType): string[] {
  const problems: string[] = [];
  const codes = new Set(t.fields.map((x) => x.code));
  if (codes.size !== t.fields.length) problems.push(`${t.name}：字段代码重复`);
  for (const x of t.fields) if (!/^[a-z][a-z0-9_]{0,40}$/.test(x.code)) problems.push(`${t.name}：字段代码不合法 ${x.code}`);
  if (!/^[0-9A-Z]{1,32}$/.test(t.code)) problems.push(`${t.name}：类型代码不合法 ${t.code}`);
  for (const field of [t.holder.field, t.holder.nameField, ...(t.numberField ? [t.numberField] : []), ...t.display.face, ...t.scenes.flatMap((s) => s.disclose)]) {
    if (!codes.has(field)) problems.push(`${t.name}：引用了不存在的字段 ${field}`);
  }
  if (t.validity.kind === 'field' && t.fields.find((x) => x.code === (t.validity as { field: string }).field)?.type !== 'date') problems.push(`${t.name}：有效期字段必须是日期`);
  if (t.validity.kind === 'id_card_by_age' && t.fields.find((x) => x.code === (t.validity as { birthDateField: string }).birthDateField)?.type !== 'date') problems.push(`${t.name}：出生日期字段必须是日期`);
  if (t.validity.kind === 'years' && !(Number.isInteger(t.validity.years) && t.validity.years > 0)) problems.push(`${t.name}：有效年限必须为正整数`);
  for (const claim of Object.keys(t.source?.map ?? {})) if (!codes.has(claim)) problems.push(`${t.name}：来源映射到不存在的字段 ${claim}`);
  return problems;
}

const addYears = (day: string, years: number): string => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  // 29 February plus whole years lands on 28 February in a common year, as the public security rule reads.
  const last = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return `${String(y + years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
};

const ageOn = (birth: string, day: string): number => {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
};

/**
 * The last valid day (YYYY-MM-DD) of a licence issued on `issuedOn` with `claims`, or null for 长期.
 * 居民身份证 (《居民身份证法》第五条): under 16 five years, 16–25 ten, 26–45 twenty, 46 and over long-term.
 */
export function validUntil(t: LicenceType, claims: Record<string, unknown>, issuedOn: string): string | null {
  const v = t.validity;
  switch (v.kind) {
    case 'long_term':
      return null;
    case 'years':
      return addYears(issuedOn, v.years);
    case 'field': {
      const value = claims[v.field];
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
    }
    case 'id_card_by_age': {
      const birth = claims[v.birthDateField];
      if (typeof birth !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(birth)) return null;
      const age = ageOn(birth, issuedOn);
      if (age < 16) return addYears(issuedOn, 5);
      if (age <= 25) return addYears(issuedOn, 10);
      if (age <= 45) return addYears(issuedOn, 20);
      return null;
    }
  }
}

/** Age bands derived at issue (age_over_18/60/65), so scenes can prove an age without the birth date. */
export function ageClaims(birth: string, on: string): { age_over_18: boolean; age_over_60: boolean; age_over_65: boolean } {
  const age = ageOn(birth, on);
  return { age_over_18: age >= 18, age_over_60: age >= 60, age_over_65: age >= 65 };
}
