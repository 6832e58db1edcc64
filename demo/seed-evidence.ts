// Seeds 免证办 through the platform's own use cases: the 住房公积金管理中心's business system is granted the
// 民政局's marriage registrations and the 公安局's population register (requested, approved by the providers and,
// for important data, the operator), three evidence types name those grants (with the 结婚证 and 居民身份证 as
// fall-backs), and a few Weifang service items declare what they need. Run after the directory, the datasets and
// the licence types; running it again changes nothing.
import type { AuditContext } from '../src/kernel/audit.ts';
import type { Principal, Role } from '../src/server/access.ts';
import type { PlatformContext } from '../src/server/context.ts';
import { directoryDeps, findOrgByCode, insertApiClient, orgSummaries } from '../src/modules/directory/index.ts';
import { createEvidenceType, createItem, type Provider } from '../src/modules/evidence/index.ts';
import { approveRequest, requestAccess } from '../src/modules/sharing/requests.ts';
import { DEPARTMENTS } from './weifang.ts';

const DEMO_CONTEXT: AuditContext = { actor: { kind: 'system', id: null, name: 'demo-seed', orgId: null }, requestId: null, ip: null };

export interface EvidenceSeedResult {
  seeded: boolean;
  types: number;
  items: number;
  /** Grants the 公积金中心's system received for evidence look-ups. */
  grants: number;
}

/** A seed principal holding one role over one organisation (the seed acts as that department's staff). */
const acting = (id: string, name: string, role: Role, org: { id: string; path: string }): Principal & { kind: 'user' } => ({
  kind: 'user', id, username: 'demo-seed', name, sessionId: 'demo-seed', primaryOrgId: org.id, roles: [{ id: 'demo-seed', role, orgId: org.id, orgPath: org.path }],
});

async function orgByKey(ctx: PlatformContext, key: string): Promise<{ id: string; path: string } | undefined> {
  const d = DEPARTMENTS.find((x) => x.key === key);
  const found = d ? await findOrgByCode(ctx.db, d.uscc) : undefined;
  return found ? (await orgSummaries(ctx.db, [found.id])).get(found.id) : undefined;
}

/** The published demo dataset with this catalog name, if the datasets were seeded. */
async function publishedEntry(ctx: PlatformContext, name: string): Promise<string | null> {
  const { rows } = await ctx.db.query<{ id: string }>(`select id from cat_entries where published->>'name' = $1 order by created_at limit 1`, [name]);
  return rows[0]?.id ?? null;
}

/** Evidence types, service items and the 公积金中心's grants (after seedDemo, seedDemoDatasets and seedDemoLicenceTypes). */
export async function seedDemoEvidence(ctx: PlatformContext): Promise<EvidenceSeedResult> {
  const { rows: existing } = await ctx.db.query<{ n: number }>('select count(*)::int as n from evd_types');
  if (existing[0]!.n > 0) return { seeded: false, types: 0, items: 0, grants: 0 };
  const [gjj, mz, ga, jy, root] = [await orgByKey(ctx, 'gjj'), await orgByKey(ctx, 'mz'), await orgByKey(ctx, 'ga'), await orgByKey(ctx, 'jy'), await ctx.db.query<{ id: string; path: string }>('select id, path from dir_orgs where parent_id is null limit 1')];
  if (!gjj || !mz || !ga || !jy || !root.rows[0]) throw new Error('seed the directory (citystack demo) before the evidence');
  const admin = acting('00000000-0000-4000-8000-0000000000a1', '平台运营（演示）', 'platform_admin', root.rows[0]);

  // The 公积金中心's business system, and its grants on the two registers it checks applicants against.
  const { rows: clients } = await ctx.db.query<{ id: string }>(`select id from dir_api_clients where org_id = $1 and status = 'active' order by created_at limit 1`, [gjj.id]);
  const clientId = clients[0]?.id ?? (await ctx.db.transaction((tx) => insertApiClient(directoryDeps(ctx), tx, { name: '住房公积金业务系统（演示）', orgId: gjj.id, createdBy: null }, DEMO_CONTEXT))).id;
  const requester = acting('00000000-0000-4000-8000-0000000000a2', '公积金中心开发（演示）', 'developer', gjj);
  const validUntil = `${Number(new Date(ctx.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 4)) + 1}-12-31`;
  const grantOn = async (entryId: string | null, provider: { id: string; path: string }, items: string[], queryKeys: string[], purpose: string): Promise<string | null> => {
    if (!entryId) return null;
    const asked = await requestAccess(ctx, requester, {
      entryId, clientId, items, queryKeys, rowFilter: [], modes: ['api'], purpose, legalBasis: '《住房公积金管理条例》第二十四条', scenario: '住房公积金提取、贷款（免提交证明材料）', dailyVolume: 2000, validUntil,
    }, DEMO_CONTEXT);
    let decided = asked.grantId ? asked : await approveRequest(ctx, acting('00000000-0000-4000-8000-0000000000a3', '提供部门审核（演示）', 'approver', provider), asked.id, {}, DEMO_CONTEXT);
    if (decided.status === 'pending_operator') decided = await approveRequest(ctx, admin, asked.id, {}, DEMO_CONTEXT);
    return decided.grantId;
  };
  const marriageEntry = await publishedEntry(ctx, '潍坊市婚姻登记信息');
  const hukouEntry = await publishedEntry(ctx, '潍坊市户籍人口基本信息');
  const marriageGrant = await grantOn(marriageEntry, mz, ['djzh', 'djlx', 'nf_sfzhm', 'nf_xm', 'nvf_sfzhm', 'nvf_xm', 'djrq', 'djjg'], ['nf_sfzhm', 'nvf_sfzhm'], '住房公积金业务中核验申请人婚姻状况');
  const hukouGrant = await grantOn(hukouEntry, ga, ['sfzhm', 'xm', 'xb', 'csrq', 'hjdqh', 'hjdz', 'hjdjrq'], ['sfzhm'], '住房公积金业务中核验申请人户籍信息');

  const marriageProviders: Provider[] = [
    ...(marriageEntry && marriageGrant ? [{
      kind: 'resource' as const, entryId: marriageEntry, grantId: marriageGrant, keyItems: ['nf_sfzhm', 'nvf_sfzhm'], fields: ['djzh', 'djlx', 'nf_xm', 'nvf_xm', 'djrq', 'djjg'],
      conclusion: { kind: 'latest' as const, dateItem: 'djrq', valueItem: 'djlx', map: { 结婚: '已婚', 复婚: '已婚', 离婚: '离婚' } }, noRecord: '未婚（无婚姻登记记录）',
    }] : []),
    { kind: 'licence', typeCode: 'JHZ', fields: ['certificate_number', 'holder_name', 'spouse_name', 'registration_date', 'registration_authority'], conclusion: { kind: 'fixed', text: '已婚' } },
  ];
  const householdProviders: Provider[] = [
    ...(hukouEntry && hukouGrant ? [{ kind: 'resource' as const, entryId: hukouEntry, grantId: hukouGrant, keyItems: ['sfzhm'], fields: ['xm', 'xb', 'csrq', 'hjdqh', 'hjdz', 'hjdjrq'] }] : []),
    { kind: 'licence', typeCode: 'JMSFZ', fields: ['name', 'sex', 'ethnicity', 'birth_date', 'address', 'issuing_authority'] },
  ];
  const types = [
    { code: 'marriage_status', name: '婚姻状况', description: '婚姻登记机关的结婚、离婚登记情况；无登记记录即为未婚', providers: marriageProviders },
    { code: 'household_registration', name: '户籍信息', description: '公安机关登记的户籍地址、户籍登记日期等', providers: householdProviders },
    // Not online yet: the 公安局 has not connected criminal-record certificates, so the citizen brings paper.
    { code: 'no_criminal_record', name: '无犯罪记录证明', description: '公安机关出具的有无犯罪记录证明（暂未接入，需提交纸质材料）', providers: [] },
  ];
  for (const t of types) await createEvidenceType(ctx, admin, t, DEMO_CONTEXT);

  const items = [
    { code: '370700-GJJ-TQ-001', name: '住房公积金提取（购买自住住房）', orgId: gjj.id, evidenceCodes: ['marriage_status', 'household_registration'] },
    { code: '370700-GJJ-DK-001', name: '住房公积金个人住房贷款申请', orgId: gjj.id, evidenceCodes: ['marriage_status', 'household_registration'] },
    { code: '370700-JY-JSZG-001', name: '教师资格认定', orgId: jy.id, evidenceCodes: ['household_registration', 'no_criminal_record'] },
  ];
  for (const i of items) await createItem(ctx, admin, i, DEMO_CONTEXT);
  return { seeded: true, types: types.length, items: items.length, grants: [marriageGrant, hukouGrant].filter(Boolean).length };
}
