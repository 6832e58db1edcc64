// Request and response schemas of the sharing routes and the data services.
import { Type, type TSchema } from 'typebox';
import { GRANT_MODES, GRANT_STATUSES, REQUEST_STATUSES } from './model.ts';

const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (Asia/Shanghai)' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const ItemCode = Type.String({ pattern: '^[a-z][a-z0-9_]{0,62}$' });
const ItemCodes = Type.Array(ItemCode, { maxItems: 200 });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

export const IdParams = Type.Object({ id: Uuid });
export const Paging = { page: Type.Integer({ minimum: 1, default: 1 }), pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }) };

const RowCondition = Type.Object({ item: ItemCode, values: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 100 }) }, { additionalProperties: false });
const Modes = Type.Array(Type.Enum(GRANT_MODES), { minItems: 1, maxItems: 2, uniqueItems: true });

const requestFields = {
  items: Type.Array(ItemCode, { minItems: 1, maxItems: 200 }),
  queryKeys: ItemCodes,
  rowFilter: Type.Array(RowCondition, { maxItems: 10 }),
  modes: Modes,
  purpose: Text(500),
  legalBasis: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  scenario: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  dailyVolume: Type.Integer({ minimum: 1, maximum: 100_000_000 }),
  validUntil: Day,
};

export const SubmitBody = Type.Object(
  { entryId: Uuid, clientId: Uuid, ...requestFields, queryKeys: Type.Optional(ItemCodes), rowFilter: Type.Optional(requestFields.rowFilter) },
  { additionalProperties: false },
);

export const ResubmitBody = Type.Object(
  {
    items: Type.Optional(requestFields.items),
    queryKeys: Type.Optional(ItemCodes),
    rowFilter: Type.Optional(requestFields.rowFilter),
    modes: Type.Optional(Modes),
    purpose: Type.Optional(requestFields.purpose),
    legalBasis: requestFields.legalBasis,
    scenario: requestFields.scenario,
    dailyVolume: Type.Optional(requestFields.dailyVolume),
    validUntil: Type.Optional(Day),
    reply: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
  },
  { additionalProperties: false },
);

export const ApproveBody = Type.Object(
  {
    items: Type.Optional(Type.Array(ItemCode, { minItems: 1, maxItems: 200 })),
    plainItems: Type.Optional(ItemCodes),
    dailyQuota: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000_000 })),
    ratePerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    validUntil: Type.Optional(Day),
    note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
  },
  { additionalProperties: false },
);

export const ReasonBody = Type.Object({ reason: Text(1000) }, { additionalProperties: false });
export const QuestionBody = Type.Object({ question: Text(1000) }, { additionalProperties: false });
export const RenewBody = Type.Object({ validUntil: Day }, { additionalProperties: false });

export const RequestQuery = Type.Object(
  { box: Type.Union([Type.Literal('inbox'), Type.Literal('outbox'), Type.Literal('all')], { default: 'all' }), status: Type.Optional(Type.Enum(REQUEST_STATUSES)), entryId: Type.Optional(Uuid), ...Paging },
  { additionalProperties: false },
);

const ProviderDecision = Type.Object({
  items: Type.Array(Type.String()),
  plainItems: Type.Array(Type.String()),
  dailyQuota: Type.Integer(),
  ratePerMinute: Type.Integer(),
  validUntil: Type.String(),
  note: Nullable(Type.String()),
  by: Type.String(),
  byName: Type.String(),
  at: Type.String(),
});

const RowFilter = Type.Array(Type.Object({ item: Type.String(), values: Type.Array(Type.String()) }));

export const Request = Type.Object({
  id: Uuid,
  number: Type.String(),
  entryId: Uuid,
  resourceCode: Type.String(),
  serviceCode: Type.String(),
  resourceName: Type.String(),
  providerOrgId: Uuid,
  providerName: Type.String(),
  consumerOrgId: Uuid,
  consumerName: Type.String(),
  clientId: Uuid,
  clientName: Type.String(),
  requestedBy: Uuid,
  requestedByName: Type.String(),
  items: Type.Array(Type.String()),
  queryKeys: Type.Array(Type.String()),
  rowFilter: RowFilter,
  modes: Type.Array(Type.Enum(GRANT_MODES)),
  purpose: Type.String(),
  legalBasis: Nullable(Type.String()),
  scenario: Nullable(Type.String()),
  dailyVolume: Type.Integer(),
  validUntil: Type.String(),
  shareType: Type.String(),
  dataGrade: Type.String(),
  status: Type.Enum(REQUEST_STATUSES),
  submittedAt: DateTime,
  deadline: Nullable(DateTime),
  overdue: Type.Boolean(),
  remindedAt: Nullable(DateTime),
  escalatedAt: Nullable(DateTime),
  providerDecision: Nullable(ProviderDecision),
  decidedAt: Nullable(DateTime),
  decidedByName: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  grantId: Nullable(Uuid),
  canDecide: Type.Boolean(),
  canAmend: Type.Boolean(),
});

export const RequestDetail = Type.Intersect([
  Request,
  Type.Object({ events: Type.Array(Type.Object({ at: DateTime, action: Type.String(), actorName: Type.String(), note: Nullable(Type.String()), detail: Nullable(Type.Record(Type.String(), Type.Unknown())) })) }),
]);

export const RequestPage = Type.Object({ items: Type.Array(Request), total: Type.Integer() });

export const GrantQuery = Type.Object(
  { status: Type.Optional(Type.Enum(GRANT_STATUSES)), entryId: Type.Optional(Uuid), clientId: Type.Optional(Uuid), ...Paging },
  { additionalProperties: false },
);

export const Grant = Type.Object({
  id: Uuid,
  requestId: Uuid,
  entryId: Uuid,
  resourceCode: Type.String(),
  serviceCode: Type.String(),
  resourceName: Type.String(),
  providerOrgId: Uuid,
  providerName: Type.String(),
  consumerOrgId: Uuid,
  consumerName: Type.String(),
  clientId: Uuid,
  clientName: Type.String(),
  items: Type.Array(Type.String()),
  plainItems: Type.Array(Type.String()),
  queryKeys: Type.Array(Type.String()),
  rowFilter: RowFilter,
  modes: Type.Array(Type.Enum(GRANT_MODES)),
  purpose: Type.String(),
  dailyQuota: Type.Integer(),
  ratePerMinute: Type.Integer(),
  validFrom: DateTime,
  validUntil: Type.String(),
  status: Type.Enum(GRANT_STATUSES),
  expired: Type.Boolean(),
  statusReason: Nullable(Type.String()),
  updatedAt: DateTime,
  canManage: Type.Boolean(),
  canRelinquish: Type.Boolean(),
});

export const ConsumerSystems = Type.Object({ items: Type.Array(Type.Object({ id: Uuid, name: Type.String(), orgId: Uuid, orgName: Type.String() })) });

export const GrantPage = Type.Object({ items: Type.Array(Grant), total: Type.Integer() });

export const StatsQuery = Type.Object({ days: Type.Integer({ minimum: 1, maximum: 366, default: 30 }) }, { additionalProperties: false });

const Count = Type.Object({ id: Type.String(), name: Type.String(), calls: Type.Integer(), failed: Type.Integer() });

export const Stats = Type.Object({
  days: Type.Integer(),
  servicesPublished: Type.Integer(),
  grantsActive: Type.Integer(),
  grantsSuspended: Type.Integer(),
  callsTotal: Type.Integer(),
  callsInPeriod: Type.Integer(),
  failedInPeriod: Type.Integer(),
  rowsInPeriod: Type.Integer(),
  perDay: Type.Array(Type.Object({ day: Type.String(), calls: Type.Integer(), failed: Type.Integer() })),
  byResource: Type.Array(Count),
  byConsumer: Type.Array(Count),
  approvals: Type.Array(
    Type.Object({
      providerOrgId: Type.String(),
      providerName: Type.String(),
      decided: Type.Integer(),
      approved: Type.Integer(),
      rejected: Type.Integer(),
      meanWorkdays: Nullable(Type.Number()),
      maxWorkdays: Nullable(Type.Number()),
      onTimePct: Nullable(Type.Number()),
      pending: Type.Integer(),
      overdue: Type.Integer(),
    }),
  ),
});

export const CallQuery = Type.Object({ grantId: Type.Optional(Uuid), entryId: Type.Optional(Uuid), ...Paging }, { additionalProperties: false });

export const Call = Type.Object({
  id: Uuid,
  at: DateTime,
  clientName: Type.String(),
  consumerName: Type.String(),
  resourceCode: Nullable(Type.String()),
  operation: Type.String(),
  endUser: Nullable(Type.String()),
  businessRef: Nullable(Type.String()),
  items: Nullable(Type.Array(Type.String())),
  rows: Type.Integer(),
  status: Type.Integer(),
  code: Nullable(Type.String()),
  latencyMs: Type.Number(),
  responseHash: Nullable(Type.String()),
  signed: Type.Boolean(),
});

export const CallPage = Type.Object({ items: Type.Array(Call), total: Type.Integer() });

// Data services

export const ServiceParams = Type.Object({ service: Type.String({ pattern: '^[A-Za-z0-9]+-[0-9]+$', maxLength: 40 }) });
export const LookupParams = Type.Object({ service: ServiceParams.properties.service, item: ItemCode, value: Type.String({ minLength: 1, maxLength: 200 }) });
export const ListQuery = Type.Object(
  { page: Type.Integer({ minimum: 1, maximum: 10_000, default: 1 }), pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) },
  { additionalProperties: Type.String({ maxLength: 200 }) },
);
export const ChangesQuery = Type.Object(
  { after: Type.String({ pattern: '^\\d{1,18}$', default: '0' }), limit: Type.Integer({ minimum: 1, maximum: 1000, default: 500 }) },
  { additionalProperties: false },
);

export const ServiceSummary = Type.Object({
  serviceCode: Type.String(),
  resourceCode: Type.String(),
  entryId: Uuid,
  name: Type.String(),
  providerName: Type.String(),
  shareType: Type.String(),
  modes: Type.Array(Type.String()),
  /** For a calling system: whether it holds a usable grant, and which. */
  grantId: Nullable(Uuid),
  grantStatus: Nullable(Type.String()),
});
export const ServiceList = Type.Object({ items: Type.Array(ServiceSummary) });

export const SigningKey = Type.Object({ keyId: Type.String(), algorithm: Type.Literal('Ed25519'), publicKeyPem: Type.String(), bindingVersion: Type.String() });

const Record_ = Type.Record(Type.String(), Type.Unknown());
export const LookupAnswer = Type.Object({ records: Type.Array(Record_) });
export const ListAnswer = Type.Object({ records: Type.Array(Record_), page: Type.Integer(), pageSize: Type.Integer(), hasMore: Type.Boolean() });
export const ChangesAnswer = Type.Object({
  changes: Type.Array(Type.Object({ seq: Type.Integer(), deleted: Type.Boolean(), record: Record_ })),
  next: Type.String(),
  hasMore: Type.Boolean(),
});
