// Request and response schemas of the evidence routes (免证办).
import { Type, type Static, type TSchema } from 'typebox';
import { APPLICATION_STATUSES, DECISIONS, ITEM_STATUSES } from './model.ts';

const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
/** Catalog item codes and licence claim names. */
const FieldCode = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,40}$' });
const EvidenceCode = Type.String({ pattern: '^[a-z][a-z0-9_]{1,47}$' });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

export const IdParams = Type.Object({ id: Uuid });

const Conclusion = Type.Union([
  Type.Object({ kind: Type.Literal('fixed'), text: Text(100) }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal('latest'), dateItem: FieldCode, valueItem: FieldCode, map: Type.Record(Type.String({ maxLength: 50 }), Text(100), { maxProperties: 50 }) },
    { additionalProperties: false },
  ),
]);

const LicenceProvider = Type.Object(
  {
    kind: Type.Literal('licence'),
    typeCode: Type.String({ pattern: '^[0-9A-Z]{1,32}$' }),
    fields: Type.Optional(Type.Array(FieldCode, { minItems: 1, maxItems: 40 })),
    conclusion: Type.Optional(Conclusion),
  },
  { additionalProperties: false },
);

const ResourceProvider = Type.Object(
  {
    kind: Type.Literal('resource'),
    entryId: Uuid,
    grantId: Uuid,
    keyItems: Type.Array(FieldCode, { minItems: 1, maxItems: 4 }),
    fields: Type.Array(FieldCode, { minItems: 1, maxItems: 60 }),
    conclusion: Type.Optional(Conclusion),
    noRecord: Type.Optional(Nullable(Text(100))),
  },
  { additionalProperties: false },
);

const Provider = Type.Union([LicenceProvider, ResourceProvider]);

export const EvidenceTypeBody = Type.Object(
  { code: EvidenceCode, name: Text(100), description: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))), providers: Type.Array(Provider, { maxItems: 8 }) },
  { additionalProperties: false },
);
export type EvidenceTypeInput = Static<typeof EvidenceTypeBody>;

export const EvidenceTypeView = Type.Object({
  code: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  providers: Type.Array(Provider),
  createdAt: DateTime,
});
export const EvidenceTypeList = Type.Object({ items: Type.Array(EvidenceTypeView) });

export const ItemBody = Type.Object(
  {
    code: Type.String({ pattern: '^[0-9A-Za-z][0-9A-Za-z_-]{1,63}$' }),
    name: Text(200),
    orgId: Uuid,
    evidenceCodes: Type.Array(EvidenceCode, { minItems: 1, maxItems: 20, uniqueItems: true }),
    status: Type.Optional(Type.Enum(ITEM_STATUSES)),
  },
  { additionalProperties: false },
);
export type ItemInput = Static<typeof ItemBody>;
export const ItemStatusBody = Type.Object({ status: Type.Enum(ITEM_STATUSES) }, { additionalProperties: false });

export const ItemView = Type.Object({
  id: Uuid,
  code: Type.String(),
  name: Type.String(),
  orgId: Uuid,
  orgName: Type.String(),
  evidence: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
  status: Type.Enum(ITEM_STATUSES),
  createdAt: DateTime,
});
export const ItemList = Type.Object({ items: Type.Array(ItemView) });

const Value = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);
/** One piece of evidence exactly as shown in the preview and released to the department. */
export const EvidenceContent = Type.Object({
  evidence: Type.Object({ code: Type.String(), name: Type.String() }),
  provider: Type.Object({ kind: Type.Enum(['licence', 'resource']), name: Type.String(), source: Type.String() }),
  conclusion: Nullable(Type.String()),
  noRecord: Type.Boolean(),
  fields: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
  records: Type.Array(Type.Record(Type.String(), Value)),
});

export const ApplyBody = Type.Object({ itemId: Uuid }, { additionalProperties: false });

export const ConfirmBody = Type.Object(
  {
    /** Evidence codes the citizen does not want released: they bring paper instead. */
    decline: Type.Optional(Type.Array(EvidenceCode, { maxItems: 20, uniqueItems: true })),
    /** The digests of the preview the citizen saw; when given, each must still be the application's. */
    digests: Type.Optional(Type.Record(Type.String({ maxLength: 48 }), Type.String({ pattern: '^[0-9a-f]{64}$' }), { maxProperties: 20 })),
  },
  { additionalProperties: false },
);
export type ConfirmInput = Static<typeof ConfirmBody>;

const CitizenPiece = Type.Object({
  code: Type.String(),
  name: Type.String(),
  outcome: Type.Enum(['fetched', 'missing']),
  decision: Type.Enum(DECISIONS),
  released: Type.Boolean(),
  paperRequired: Type.Boolean(),
  missingReason: Nullable(Type.String()),
  digest: Nullable(Type.String()),
  content: Nullable(EvidenceContent),
});

export const CitizenApplication = Type.Object({
  id: Uuid,
  number: Type.String(),
  itemId: Uuid,
  itemCode: Type.String(),
  itemName: Type.String(),
  orgId: Uuid,
  orgName: Type.String(),
  status: Type.Enum(APPLICATION_STATUSES),
  paperFree: Nullable(Type.Boolean()),
  previewedAt: DateTime,
  submittedAt: Nullable(DateTime),
  evidence: Type.Array(CitizenPiece),
});
export const CitizenApplicationList = Type.Object({ items: Type.Array(Type.Omit(CitizenApplication, ['evidence'])) });

const HandledPiece = Type.Object({
  code: Type.String(),
  name: Type.String(),
  released: Type.Boolean(),
  paperRequired: Type.Boolean(),
  /** Why paper is needed: declined by the applicant, or not available online. */
  paperReason: Nullable(Type.String()),
  releasedAt: Nullable(DateTime),
  digest: Nullable(Type.String()),
  content: Nullable(EvidenceContent),
});

const HandledSummary = {
  id: Uuid,
  number: Type.String(),
  itemId: Uuid,
  itemCode: Type.String(),
  itemName: Type.String(),
  orgId: Uuid,
  applicantName: Type.String(),
  applicantIdMasked: Type.String(),
  submittedAt: DateTime,
  paperFree: Type.Boolean(),
};
export const HandledApplication = Type.Object({ ...HandledSummary, evidence: Type.Array(HandledPiece) });
export const HandledQuery = Type.Object({
  itemId: Type.Optional(Uuid),
  page: Type.Integer({ minimum: 1, maximum: 10_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
});
export const HandledPage = Type.Object({ items: Type.Array(Type.Object(HandledSummary)), total: Type.Integer() });

const Figures = { applications: Type.Integer(), submitted: Type.Integer(), paperFree: Type.Integer(), paperFreeShare: Type.Number() };
export const Stats = Type.Object({
  items: Type.Array(Type.Object({ itemId: Uuid, itemCode: Type.String(), itemName: Type.String(), orgId: Uuid, orgName: Type.String(), ...Figures })),
  totals: Type.Object(Figures),
});
