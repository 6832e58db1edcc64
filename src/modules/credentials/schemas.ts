// Request and response schemas of the credentials routes.
import { Type, type TSchema } from 'typebox';
import { FIELD_TYPES } from './licence-types.ts';
import { SHOWN_STATUSES } from './model.ts';

const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const Day = Type.String({ format: 'date' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const TypeCode = Type.String({ pattern: '^[0-9A-Z]{1,32}$' });

export const IdParams = Type.Object({ id: Uuid });
export const TypeParams = Type.Object({ code: TypeCode });
export const OrgParams = Type.Object({ orgId: Uuid });

const Field = Type.Object({ code: Type.String(), name: Type.String(), type: Type.Enum(FIELD_TYPES), personal: Type.Boolean() });
export const LicenceTypeView = Type.Object({
  code: Type.String(),
  name: Type.String(),
  issuerOrgId: Uuid,
  issuerName: Type.String(),
  holderKind: Type.Enum(['citizen', 'organisation']),
  fields: Type.Array(Field),
  validity: Type.Record(Type.String(), Type.Unknown()),
  scenes: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), disclose: Type.Array(Type.String()) })),
  sourceEntryId: Nullable(Uuid),
});
export const LicenceTypeList = Type.Object({ items: Type.Array(LicenceTypeView) });

export const IssueBody = Type.Object(
  {
    typeCode: TypeCode,
    // Values are checked against the type's fields by the use case, which reports every problem at once.
    claims: Type.Record(Type.String({ maxLength: 41 }), Type.Union([Type.String({ maxLength: 1000 }), Type.Number(), Type.Boolean(), Type.Null()]), { maxProperties: 40 }),
  },
  { additionalProperties: false },
);

export const Licence = Type.Object({
  id: Uuid,
  identifier: Type.String(),
  typeCode: Type.String(),
  typeName: Type.String(),
  issuerOrgId: Uuid,
  holderKind: Type.Enum(['citizen', 'organisation']),
  holderMasked: Type.String(),
  holderNameMasked: Type.String(),
  issuedAt: DateTime,
  validUntil: Nullable(Day),
  status: Type.Enum(SHOWN_STATUSES),
  statusReason: Nullable(Type.String()),
  statusList: Type.Object({ id: Uuid, index: Type.Integer() }),
  version: Type.Integer(),
});

export const LicenceQuery = Type.Object(
  {
    typeCode: Type.Optional(TypeCode),
    status: Type.Optional(Type.Enum(SHOWN_STATUSES)),
    page: Type.Integer({ minimum: 1, maximum: 10_000, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
  },
  { additionalProperties: false },
);
export const LicencePage = Type.Object({ items: Type.Array(Licence), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });

export const ReasonBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });

export const Run = Type.Object({
  id: Uuid,
  typeCode: Type.String(),
  status: Type.Enum(['queued', 'running', 'succeeded', 'failed']),
  total: Type.Integer(),
  issued: Type.Integer(),
  skipped: Type.Integer(),
  failed: Type.Integer(),
  createdAt: DateTime,
  startedAt: Nullable(DateTime),
  finishedAt: Nullable(DateTime),
  error: Nullable(Type.String()),
});

const Jwk = Type.Object({
  kty: Type.String(), crv: Type.String(), x: Type.String(), y: Type.Optional(Type.String()), kid: Type.String(), alg: Type.String(),
  use: Type.Literal('sig'), status: Type.Enum(['active', 'retired']), pem: Type.Optional(Type.String()),
});
export const Jwks = Type.Object({ keys: Type.Array(Jwk) });
