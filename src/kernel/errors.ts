// The closed set of error codes a caller can see. Each maps to one HTTP status and a message in Chinese
// and English; responses are RFC 9457 problem documents carrying the stable `code`.

export type Lang = 'zh-CN' | 'en';

interface ErrorSpec {
  status: number;
  zh: string;
  en: string;
}

/** Every documented error code. Add new codes here, never inline in a route. */
export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, zh: '请求参数不符合要求', en: 'The request is not valid' },
  MALFORMED_BODY: { status: 400, zh: '请求体不是合法的 JSON', en: 'The request body is not valid JSON' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的请求内容类型', en: 'Unsupported content type' },
  BODY_TOO_LARGE: { status: 413, zh: '请求体过大', en: 'The request body is too large' },
  AUTH_REQUIRED: { status: 401, zh: '请先登录或提供有效的接口密钥', en: 'Sign in or present a valid API key' },
  AUTH_INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  AUTH_TOTP_REQUIRED: { status: 401, zh: '请输入动态验证码', en: 'Enter your one-time code' },
  AUTH_TOTP_INVALID: { status: 401, zh: '动态验证码错误', en: 'The one-time code is wrong' },
  AUTH_LOCKED: { status: 423, zh: '登录失败次数过多，账号已临时锁定', en: 'Too many failed sign-ins; the account is locked for now' },
  AUTH_ACCOUNT_DISABLED: { status: 403, zh: '账号已停用', en: 'The account is disabled' },
  FORBIDDEN: { status: 403, zh: '无权执行此操作', en: 'You are not allowed to do this' },
  NOT_FOUND: { status: 404, zh: '请求的资源不存在', en: 'Not found' },
  ROUTE_NOT_FOUND: { status: 404, zh: '接口不存在', en: 'No such endpoint' },
  METHOD_NOT_ALLOWED: { status: 405, zh: '不支持该请求方法', en: 'Method not allowed' },
  CONFLICT: { status: 409, zh: '与现有数据冲突', en: 'Conflicts with existing data' },
  USERNAME_TAKEN: { status: 409, zh: '用户名已被使用', en: 'The username is already taken' },
  REGION_CODE_TAKEN: { status: 409, zh: '行政区划代码已存在', en: 'The region code already exists' },
  USCC_TAKEN: { status: 409, zh: '统一社会信用代码已存在', en: 'The unified social credit code already exists' },
  INVALID_CITIZEN_ID: { status: 400, zh: '公民身份号码不正确', en: 'The citizen ID number is not valid' },
  INVALID_USCC: { status: 400, zh: '统一社会信用代码不正确', en: 'The unified social credit code is not valid' },
  INVALID_MOBILE: { status: 400, zh: '手机号码不正确', en: 'The mobile number is not valid' },
  INVALID_REGION_CODE: { status: 400, zh: '行政区划代码与上级不匹配', en: 'The region code does not fit its parent' },
  INVALID_ORG_HIERARCHY: { status: 400, zh: '机构层级不正确', en: 'That kind of organisation cannot sit there' },
  WEAK_PASSWORD: { status: 400, zh: '密码至少 10 位，且须包含字母和数字', en: 'Passwords need 10+ characters with letters and digits' },
  API_CLIENT_REVOKED: { status: 409, zh: '该应用已注销', en: 'The API client is revoked' },
  CATALOG_ENTRY_INCOMPLETE: { status: 422, zh: '目录信息不完整，不能提交或发布', en: 'The catalog entry is incomplete' },
  CATALOG_ENTRY_STATE: { status: 409, zh: '目录当前状态不允许此操作', en: 'The catalog entry is not in a state that allows this' },
  CATALOG_PROVIDER_NOT_DEPARTMENT: { status: 400, zh: '资源提供方必须是部门', en: 'The provider of a resource must be a department' },
  CATALOG_BREAKING_CHANGE: { status: 422, zh: '信息项变更不兼容已发布版本（只能新增信息项或放宽类型）', en: 'The item changes break the published version (items may only be added or widened)' },
  INGEST_RESOURCE_NOT_PUBLISHED: { status: 409, zh: '资源尚未发布，不能汇聚数据', en: 'The resource is not published yet, so it cannot take data' },
  INGEST_FILE_UNREADABLE: { status: 422, zh: '文件无法读取', en: 'The file cannot be read' },
  INGEST_UNKNOWN_FORMAT: { status: 415, zh: '不支持的文件格式（支持 CSV、XLSX、JSON、NDJSON）', en: 'Unsupported file format (CSV, XLSX, JSON, NDJSON are supported)' },
  INGEST_MISSING_KEY_COLUMN: { status: 422, zh: '文件缺少主键信息项列', en: 'The file lacks a key item column' },
  INGEST_BATCH_RUNNING: { status: 409, zh: '该批次正在导入中，请稍后再试', en: 'This batch is being imported right now; try again later' },
  INGEST_BATCH_CONFLICT: { status: 409, zh: '批次号已用于不同的数据', en: 'The batch id was already used for different data' },
  INGEST_SOURCE_NOT_ALLOWED: { status: 403, zh: '平台未允许访问该数据源地址（由运维人员在 CITYSTACK_PULL_HOSTS 中配置）', en: 'The platform does not allow pulls from this host (the operator lists them in CITYSTACK_PULL_HOSTS)' },
  INGEST_SOURCE_FAILED: { status: 502, zh: '无法从数据源拉取数据', en: 'Could not pull from the data source' },
  QUALITY_RULE_INVALID: { status: 400, zh: '质量规则的参数不正确', en: 'The quality rule is not valid' },
  QUALITY_ITEM_NOT_FOUND: { status: 400, zh: '资源没有该信息项', en: 'The resource has no such item' },
  QUALITY_KIND_MISMATCH: { status: 400, zh: '该类规则不适用于此信息项', en: 'This kind of rule does not fit the item' },
  QUALITY_PATTERN_INVALID: { status: 400, zh: '正则表达式无效', en: 'The regular expression is not valid' },
  QUALITY_REFERENCE_NOT_FOUND: { status: 400, zh: '引用的资源或信息项不存在', en: 'The referenced resource or item does not exist' },
  QUALITY_RESOURCE_NOT_READY: { status: 409, zh: '资源尚未发布或还没有数据表', en: 'The resource is not published or has no data table yet' },
  QUALITY_INCIDENT_STATE: { status: 409, zh: '问题工单当前状态不允许此操作', en: 'The incident is not in a state that allows this' },
  QUALITY_RULE_INCIDENT_AUTO: { status: 409, zh: '规则发现的问题在数据复检通过后自动关闭，不能手工关闭', en: 'An incident opened by a rule closes by itself once the data passes the check; it cannot be resolved by hand' },
  QUALITY_RECORD_NOT_FOUND: { status: 404, zh: '要标记的记录不存在', en: 'There is no such record to flag' },
  CITIZEN_CODE_TOO_SOON: { status: 429, zh: '验证码发送过于频繁，请稍后再试', en: 'A code was sent a moment ago; wait before asking again' },
  CITIZEN_CODE_DAILY_LIMIT: { status: 429, zh: '今日获取验证码次数已达上限', en: 'Too many codes asked for today' },
  CITIZEN_CODE_EXPIRED: { status: 401, zh: '验证码已失效，请重新获取', en: 'The code has expired or been used; ask for a new one' },
  CITIZEN_CODE_WRONG: { status: 401, zh: '验证码错误', en: 'The code is wrong' },
  CITIZEN_ALREADY_BOUND: { status: 409, zh: '账号已完成实名认证', en: 'The account is already bound to a real name' },
  CITIZEN_NOT_IN_REGISTER: { status: 409, zh: '户籍信息中没有与该手机号、姓名和身份号码相符的登记，请到户籍所在地派出所更新联系电话', en: 'The population register lists no such person with this mobile number; the police station of your household registration can update it' },
  CITIZEN_NOT_BOUND: { status: 409, zh: '请先完成实名认证', en: 'Bind your account to your real name first' },
  WALLET_KEY_INVALID: { status: 400, zh: '钱包密钥无效（须为 P-256 公钥）', en: 'The wallet key is not valid (a P-256 public key is needed)' },
  WALLET_KEY_NOT_FOUND: { status: 404, zh: '钱包密钥不存在或已停用，请重新登记本设备', en: 'No such wallet key; register this device again' },
  CRED_PUBLIC_URL_REQUIRED: { status: 409, zh: '平台未配置对外地址（CITYSTACK_PUBLIC_URL），不能签发电子凭证', en: 'The platform has no public address configured (CITYSTACK_PUBLIC_URL), so it cannot sign credentials' },
  VERIFIER_NOT_FOUND: { status: 409, zh: '您的账号没有关联在用的核验机构', en: 'Your account is not tied to an active verifier organisation' },
  EVIDENCE_TYPE_NOT_FOUND: { status: 404, zh: '证明材料类型不存在', en: 'No such evidence type' },
  EVIDENCE_TYPE_TAKEN: { status: 409, zh: '证明材料类型代码已存在', en: 'The evidence type code is already taken' },
  EVIDENCE_TYPE_INVALID: { status: 400, zh: '证明材料类型的提供方配置不正确', en: 'The evidence type\'s providers are not valid' },
  EVIDENCE_ITEM_NOT_FOUND: { status: 404, zh: '政务服务事项不存在', en: 'No such government service item' },
  EVIDENCE_ITEM_TAKEN: { status: 409, zh: '事项编码已存在', en: 'The service item code is already taken' },
  EVIDENCE_ITEM_INACTIVE: { status: 409, zh: '该事项暂停办理', en: 'The service item is not open for applications' },
  EVIDENCE_APPLICATION_OPEN: { status: 409, zh: '您已有该事项待确认的申请，请先确认或重新预览', en: 'You already have an application for this item awaiting confirmation' },
  EVIDENCE_APPLICATION_STATE: { status: 409, zh: '申请当前状态不允许此操作', en: 'The application is not in a state that allows this' },
  EVIDENCE_SOURCE_CHANGED: { status: 409, zh: '证明材料在预览后已发生变化，请重新预览并确认', en: 'The evidence changed at its source after the preview; preview it again and confirm' },
  EVIDENCE_NOT_IN_APPLICATION: { status: 400, zh: '申请中没有该证明材料', en: 'The application needs no such evidence' },
  CALENDAR_DAY_INVALID: { status: 400, zh: '日期无效，须为 YYYY-MM-DD 格式的真实日期', en: 'The day is not valid: write a real date as YYYY-MM-DD' },
  CALENDAR_DAY_NOT_FOUND: { status: 404, zh: '该日期没有放假或调休上班安排', en: 'The day has no holiday or make-up working day set' },
  CRED_TYPE_NOT_FOUND: { status: 404, zh: '证照类型不存在', en: 'No such licence type' },
  CRED_ISSUER_NOT_FOUND: { status: 404, zh: '颁发机构不存在或尚无签发密钥', en: 'No such issuer, or it has no signing key yet' },
  CRED_ISSUER_NO_USCC: { status: 409, zh: '颁发机构没有统一社会信用代码，无法生成证照标识', en: 'The issuer has no unified social credit code, so no licence identifier can be made' },
  CRED_CLAIMS_INVALID: { status: 400, zh: '证照信息不符合该证照类型的要求', en: 'The licence claims do not fit the licence type' },
  CRED_LICENCE_STATE: { status: 409, zh: '证照当前状态不允许此操作', en: 'The licence is not in a state that allows this' },
  CRED_NO_SOURCE: { status: 409, zh: '该证照类型没有关联的来源数据资源', en: 'The licence type has no source resource to issue from' },
  CRED_SOURCE_NOT_READY: { status: 409, zh: '来源数据资源尚未发布或缺少所需信息项', en: 'The source resource is not published or lacks the items needed' },
  VC_CREDENTIAL_INVALID: { status: 400, zh: '可验证凭证不符合 W3C VC 2.0 数据模型', en: 'The credential does not follow the W3C VC 2.0 data model' },
  VC_CONTEXT_INVALID: { status: 400, zh: '@context 的第一项必须是 https://www.w3.org/ns/credentials/v2', en: 'The first @context item must be https://www.w3.org/ns/credentials/v2' },
  VC_CONTEXT_UNSUPPORTED: { status: 400, zh: '凭证引用了平台不支持的 JSON-LD 上下文', en: 'The credential uses a JSON-LD context this platform does not support' },
  VC_TYPE_INVALID: { status: 400, zh: 'type 缺失或未包含 VerifiableCredential / VerifiablePresentation', en: 'type is missing or lacks VerifiableCredential / VerifiablePresentation' },
  VC_ID_INVALID: { status: 400, zh: 'id 必须是 URL', en: 'id must be a URL' },
  VC_ISSUER_INVALID: { status: 400, zh: 'issuer 必须是 URL，或 id 为 URL 的对象', en: 'issuer must be a URL or an object whose id is a URL' },
  VC_SUBJECT_INVALID: { status: 400, zh: 'credentialSubject 缺失、为空或格式不正确', en: 'credentialSubject is missing, empty or malformed' },
  VC_DATE_INVALID: { status: 400, zh: 'validFrom / validUntil 必须是带时区的 XML Schema dateTimeStamp', en: 'validFrom / validUntil must be XML Schema dateTimeStamps with a time zone' },
  VC_VALIDITY_RANGE: { status: 400, zh: 'validUntil 不能早于 validFrom', en: 'validUntil must not be before validFrom' },
  VC_V1_TERMS: { status: 400, zh: 'VC 2.0 凭证不能使用 issuanceDate / expirationDate，请改用 validFrom / validUntil', en: 'VC 2.0 credentials must not use issuanceDate / expirationDate; use validFrom / validUntil' },
  VC_STATUS_INVALID: { status: 400, zh: 'credentialStatus 格式不正确', en: 'credentialStatus is malformed' },
  VC_STATUS_ASSIGNED: { status: 400, zh: 'credentialStatus 由签发方分配，请勿在签发请求中提供', en: 'credentialStatus is assigned by the issuer; leave it out of the issue request' },
  VC_PROOF_INVALID: { status: 400, zh: 'proof 格式不正确（待签发的凭证不能已带 proof）', en: 'proof is malformed (a credential to issue must not carry one yet)' },
  VC_PRESENTATION_INVALID: { status: 400, zh: '可验证表述不符合 W3C VC 2.0 数据模型', en: 'The presentation does not follow the W3C VC 2.0 data model' },
  VC_ISSUER_REQUIRED: { status: 400, zh: '无法确定以哪个机构签发，请在 options.issuerOrgId 中指明', en: 'Name the issuing organisation in options.issuerOrgId' },
  VC_ISSUER_MISMATCH: { status: 400, zh: 'issuer 与签发机构的标识不一致', en: 'issuer does not match the issuing organisation' },
  VC_ID_TAKEN: { status: 409, zh: '该凭证 id 已被使用', en: 'A credential with this id was already issued' },
  VC_NOT_FOUND: { status: 404, zh: '凭证不存在，或不是本平台签发的', en: 'No such credential issued by this platform' },
  VC_STATUS_STATE: { status: 409, zh: '凭证当前状态不允许此操作（注销后不可恢复）', en: 'The credential is not in a state that allows this (revocation is final)' },
  SHARING_NOT_SHAREABLE: { status: 422, zh: '该资源为不予共享资源，不能申请', en: 'This resource is not shared and cannot be requested' },
  SHARING_REQUEST_INVALID: { status: 400, zh: '共享申请的内容不符合要求', en: 'The sharing request is not valid' },
  SHARING_REQUEST_OPEN: { status: 409, zh: '该应用对此资源已有办理中的申请', en: 'This system already has an open request for the resource' },
  SHARING_REQUEST_STATE: { status: 409, zh: '申请当前状态不允许此操作', en: 'The request is not in a state that allows this' },
  SHARING_GRANT_STATE: { status: 409, zh: '授权当前状态不允许此操作', en: 'The grant is not in a state that allows this' },
  SHARING_SERVICE_NOT_FOUND: { status: 404, zh: '数据服务不存在或未以此方式共享', en: 'No such data service, or it is not shared this way' },
  SHARING_NO_GRANT: { status: 403, zh: '本应用未获得该数据服务的授权', en: 'This system holds no grant for the data service' },
  SHARING_REQUEST_PENDING: { status: 403, zh: '共享申请尚在审批中，暂不能调用', en: 'The sharing request is still being decided; calls are not allowed yet' },
  SHARING_GRANT_EXPIRED: { status: 403, zh: '授权已过有效期', en: 'The grant has expired' },
  SHARING_GRANT_SUSPENDED: { status: 403, zh: '授权已暂停', en: 'The grant is suspended' },
  SHARING_GRANT_REVOKED: { status: 403, zh: '授权已撤销', en: 'The grant has been revoked' },
  SHARING_MODE_NOT_GRANTED: { status: 403, zh: '授权不包含此共享方式（接口 / 库表）', en: 'The grant does not cover this share mode (API / table)' },
  SHARING_KEY_NOT_GRANTED: { status: 403, zh: '授权不包含以此信息项查询', en: 'The grant does not allow look-ups by this item' },
  SHARING_END_USER_REQUIRED: { status: 400, zh: '请在 X-End-User 请求头中说明代表哪位经办人调用', en: 'Name the end user the call is made for in the X-End-User header' },
  SHARING_RECORD_NOT_FOUND: { status: 404, zh: '没有符合条件的记录', en: 'No record matches' },
  SHARING_QUOTA_EXCEEDED: { status: 429, zh: '已超出授权的每日调用量', en: 'The daily call quota of the grant is used up' },
  SHARING_RATE_LIMITED: { status: 429, zh: '调用过于频繁，超出授权的每分钟调用次数', en: 'Too many calls: over the per-minute rate of the grant' },
  SHARING_CURSOR_INVALID: { status: 400, zh: '变更游标不正确', en: 'The change cursor is not valid' },
  SHARING_CALL_LOG_UNAVAILABLE: { status: 503, zh: '调用记录暂时无法写入，本次调用未执行，请稍后重试', en: 'The call log cannot be written right now; the call was not answered, try again' },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  NOT_READY: { status: 503, zh: '服务尚未就绪', en: 'Not ready' },
  INTERNAL: { status: 500, zh: '服务器内部错误', en: 'Internal error' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An error a caller is meant to see: a documented code, an optional specific detail, optional fields. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly detail?: { zh: string; en: string },
    readonly extra?: Record<string, unknown>,
  ) {
    super(detail?.en ?? ERROR_CODES[code].en);
    this.status = ERROR_CODES[code].status;
  }
}

export function errorTitle(code: ErrorCode, lang: Lang): string {
  return lang === 'en' ? ERROR_CODES[code].en : ERROR_CODES[code].zh;
}

/** zh-CN unless the caller's Accept-Language prefers English over Chinese. */
export function pickLang(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'zh-CN';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}
