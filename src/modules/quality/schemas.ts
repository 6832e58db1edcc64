// Request and response schemas of the quality routes.
import { Type, type TSchema } from 'typebox';
import { INCIDENT_KINDS, INCIDENT_STATUSES, RULE_KINDS, RUN_TRIGGERS } from './model.ts';

const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Json = Type.Record(Type.String(), Type.Unknown());

export const IdParams = Type.Object({ id: Uuid });
export const EntryParams = Type.Object({ entryId: Uuid });

export const RuleQuery = Type.Object({ entryId: Type.Optional(Uuid) }, { additionalProperties: false });

export const CreateRuleBody = Type.Object(
  {
    entryId: Uuid,
    itemCode: Type.Optional(Nullable(Type.String({ pattern: '^[a-z][a-z0-9_]{0,62}$' }))),
    kind: Type.Enum(RULE_KINDS),
    params: Type.Optional(Type.Record(Type.String({ maxLength: 50 }), Type.Unknown(), { maxProperties: 10 })),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const UpdateRuleBody = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean()),
    params: Type.Optional(Type.Record(Type.String({ maxLength: 50 }), Type.Unknown(), { maxProperties: 10 })),
  },
  { additionalProperties: false },
);

export const Rule = Type.Object({
  id: Uuid,
  entryId: Uuid,
  resourceCode: Nullable(Type.String()),
  itemCode: Nullable(Type.String()),
  itemName: Nullable(Type.String()),
  kind: Type.Enum(RULE_KINDS),
  kindName: Type.String(),
  params: Json,
  enabled: Type.Boolean(),
  createdAt: DateTime,
  updatedAt: DateTime,
  lastResult: Nullable(Type.Object({ runId: Uuid, at: DateTime, evaluated: Type.Integer(), failed: Type.Integer(), failedPercent: Type.Number() })),
  openIncidentId: Nullable(Uuid),
});
export const RuleList = Type.Object({ items: Type.Array(Rule) });

const SampleRow = Type.Object({ key: Json, value: Type.Unknown() });

export const Run = Type.Object({
  id: Uuid,
  entryId: Uuid,
  trigger: Type.Enum(RUN_TRIGGERS),
  batchId: Nullable(Type.Integer()),
  startedAt: DateTime,
  finishedAt: DateTime,
  rowCount: Type.Integer(),
  score: Nullable(Type.Number()),
  rulesChecked: Type.Integer(),
  rulesFailed: Type.Integer(),
  results: Type.Array(
    Type.Object({
      ruleId: Uuid,
      kind: Type.Enum(RULE_KINDS),
      itemCode: Nullable(Type.String()),
      evaluated: Type.Integer(),
      failed: Type.Integer(),
      failedPercent: Type.Number(),
      passed: Type.Boolean(),
      sample: Type.Array(SampleRow),
      detail: Nullable(Json),
    }),
  ),
});
export const RunQuery = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) }, { additionalProperties: false });
export const RunList = Type.Object({ items: Type.Array(Run) });

export const IncidentQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(INCIDENT_STATUSES)),
    entryId: Type.Optional(Uuid),
    orgId: Type.Optional(Uuid),
    overdue: Type.Optional(Type.Boolean({ description: 'true: escalated (past the deadline); false: not escalated' })),
    page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
  },
  { additionalProperties: false },
);

export const Incident = Type.Object({
  id: Uuid,
  kind: Type.Enum(INCIDENT_KINDS),
  ruleId: Nullable(Uuid),
  ruleKind: Nullable(Type.Enum(RULE_KINDS)),
  itemCode: Nullable(Type.String()),
  entryId: Uuid,
  resourceCode: Nullable(Type.String()),
  resourceName: Nullable(Type.String()),
  providerOrgId: Uuid,
  providerName: Nullable(Type.String()),
  title: Type.String(),
  status: Type.Enum(INCIDENT_STATUSES),
  openedAt: DateTime,
  deadline: DateTime,
  overdue: Type.Boolean(),
  overdueAt: Nullable(DateTime),
  acknowledgedAt: Nullable(DateTime),
  acknowledgedNote: Nullable(Type.String()),
  resolvedAt: Nullable(DateTime),
  resolution: Nullable(Type.Enum(['auto', 'manual'])),
  resolutionNote: Nullable(Type.String()),
  lastFailed: Nullable(Type.Integer()),
  lastEvaluated: Nullable(Type.Integer()),
  lastRunId: Nullable(Uuid),
});
export const IncidentPage = Type.Object({ items: Type.Array(Incident), total: Type.Integer() });

export const IncidentDetail = Type.Object({
  ...Incident.properties,
  latestResult: Nullable(
    Type.Object({ runId: Uuid, evaluated: Type.Integer(), failed: Type.Integer(), failedPercent: Type.Number(), sample: Type.Array(SampleRow), detail: Nullable(Json) }),
  ),
  flags: Type.Array(Type.Object({ id: Uuid, key: Json, reason: Type.String(), flaggedAt: DateTime })),
  history: Type.Array(
    Type.Object({
      at: DateTime,
      action: Type.Enum(['opened', 'acknowledged', 'escalated', 'resolved']),
      actorName: Nullable(Type.String()),
      note: Nullable(Type.String()),
      detail: Nullable(Json),
    }),
  ),
});

export const NoteBody = Type.Object({ note: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });

export const FlagBody = Type.Object(
  {
    entryId: Uuid,
    key: Type.Record(Type.String({ maxLength: 63 }), Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean()]), { minProperties: 1, maxProperties: 20 }),
    reason: Type.String({ minLength: 1, maxLength: 2000 }),
  },
  { additionalProperties: false },
);
export const FlagResult = Type.Object({ flagId: Uuid, incident: IncidentDetail });

export const Dashboard = Type.Object({
  resources: Type.Array(
    Type.Object({
      entryId: Uuid,
      code: Nullable(Type.String()),
      name: Nullable(Type.String()),
      providerOrgId: Uuid,
      providerName: Nullable(Type.String()),
      score: Type.Number(),
      checkedAt: DateTime,
    }),
  ),
  departments: Type.Array(Type.Object({ orgId: Uuid, name: Nullable(Type.String()), resources: Type.Integer(), score: Type.Number() })),
  history: Type.Array(Type.Object({ day: Type.String(), score: Type.Number() })),
  departmentHistory: Type.Array(Type.Object({ day: Type.String(), orgId: Uuid, name: Nullable(Type.String()), score: Type.Number() })),
  incidents: Type.Object({ new: Type.Integer(), acknowledged: Type.Integer(), resolved: Type.Integer(), overdue: Type.Integer() }),
});
