// Request and response schemas of the wallet, verification and verifier routes.
import { Type, type TSchema } from 'typebox';
import { SHOWN_STATUSES } from './model.ts';
import { VERIFIER_CATEGORIES } from './verifiers.ts';

const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const IdParams = Type.Object({ id: Uuid });
const FieldValue = Type.Object({ code: Type.String(), label: Type.String(), value: Type.Union([Type.String(), Type.Number(), Type.Boolean()]) });
const Scene = Type.Object({ code: Type.String(), name: Type.String(), disclose: Type.Array(Type.String()) });

export const WalletLicence = Type.Object({
  id: Uuid, identifier: Type.String(), typeCode: Type.String(), typeName: Type.String(), issuerName: Type.String(), color: Type.String(),
  status: Type.Enum(SHOWN_STATUSES), statusReason: Nullable(Type.String()), issuedAt: DateTime, validUntil: Nullable(Type.String()),
  face: Type.Array(FieldValue), fields: Type.Array(FieldValue), scenes: Type.Array(Scene),
});
export const WalletLicences = Type.Object({ items: Type.Array(WalletLicence) });

export const KeyBody = Type.Object(
  {
    jwk: Type.Object({ kty: Type.String(), crv: Type.String(), x: Type.String(), y: Type.String() }, { additionalProperties: true }),
    device: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export const KeyRegistered = Type.Object({ id: Uuid, thumbprint: Type.String() });
export const MintBody = Type.Object(
  { keyId: Uuid, scene: Type.Optional(Type.String({ pattern: '^[a-z_]{1,40}$', description: '只含该场景字段 Only the claims this scene discloses' })) },
  { additionalProperties: false },
);
export const Minted = Type.Object({ credential: Type.String(), expiresAt: DateTime });

export const CopyBody = Type.Object(
  {
    purpose: Type.String({ minLength: 2, maxLength: 100 }),
    recipient: Type.String({ minLength: 2, maxLength: 100 }),
    fields: Type.Array(Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' }), { minItems: 1, maxItems: 30, uniqueItems: true }),
    days: Type.Integer({ minimum: 1, maximum: 90 }),
  },
  { additionalProperties: false },
);
const CopyFields = {
  id: Uuid, licenceId: Uuid, typeName: Type.String(), purpose: Type.String(), recipient: Type.String(), fields: Type.Array(FieldValue),
  expiresAt: DateTime, createdAt: DateTime, withdrawn: Type.Boolean(),
};
export const Copy = Type.Object(CopyFields);
export const CreatedCopy = Type.Object({ ...CopyFields, token: Type.String() });
export const Copies = Type.Object({ items: Type.Array(Copy) });

export const Check = Type.Object({
  id: Uuid, at: DateTime, verifierName: Nullable(Type.String()), verifierCategory: Nullable(Type.String()), typeName: Nullable(Type.String()),
  scene: Nullable(Type.String()), disclosed: Type.Array(Type.String()), ok: Type.Boolean(), reason: Nullable(Type.String()), copy: Type.Boolean(),
});
export const Checks = Type.Object({ items: Type.Array(Check) });

export const VerifyBody = Type.Object(
  { presentation: Type.String({ minLength: 1, maxLength: 16_384 }), scene: Type.Optional(Type.String({ pattern: '^[a-z_]{1,40}$' })) },
  { additionalProperties: false },
);
export const Verification = Type.Object({
  id: Uuid, ok: Type.Boolean(), reason: Nullable(Type.String()), detail: Nullable(Type.String()), checkedAt: DateTime,
  licence: Nullable(Type.Object({ typeCode: Type.String(), typeName: Type.String(), issuerName: Type.String() })),
  scene: Nullable(Type.Object({ code: Type.String(), name: Type.String() })),
  disclosed: Type.Array(FieldValue),
  copy: Nullable(Type.Object({ purpose: Type.String(), recipient: Type.String(), expiresAt: Nullable(DateTime) })),
});

export const RegisterVerifierBody = Type.Object(
  {
    name: Type.String({ minLength: 2, maxLength: 100 }),
    uscc: Type.String({ minLength: 18, maxLength: 18 }),
    category: Type.Enum(VERIFIER_CATEGORIES),
    regionOrgId: Uuid,
    address: Type.Optional(Type.String({ maxLength: 200 })),
    account: Type.Object(
      { username: Type.String({ pattern: '^[a-z][a-z0-9_]{2,31}$' }), name: Type.String({ minLength: 1, maxLength: 50 }), mobile: Type.String({ minLength: 11, maxLength: 11 }), password: Type.String({ minLength: 10, maxLength: 128 }) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export const VerifierView = Type.Object({
  id: Uuid, name: Type.String(), uscc: Type.String(), category: Type.String(), regionOrgId: Uuid, regionName: Type.String(), address: Nullable(Type.String()),
  status: Type.String(), registeredAt: DateTime, staff: Type.Integer(), checks: Type.Integer(),
});
export const VerifierList = Type.Object({ items: Type.Array(VerifierView) });
export const MyVerifier = Type.Object({ verifier: Nullable(Type.Object({ id: Uuid, name: Type.String(), category: Type.String() })) });

export const TrustList = Type.Object({
  fetchedAt: DateTime,
  offlineSeconds: Type.Integer(),
  issuers: Type.Array(Type.Object({ iss: Type.String(), orgId: Uuid, name: Type.String(), keys: Type.Array(Type.Object({}, { additionalProperties: true })) })),
  statusLists: Type.Array(Type.Object({ id: Uuid, uri: Type.String() })),
  types: Type.Array(Type.Object({
    code: Type.String(), name: Type.String(), vct: Type.String(),
    fields: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })), scenes: Type.Array(Scene),
  })),
});

export const StatsQuery = Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366 })) }, { additionalProperties: false });
export const VerificationStats = Type.Object({
  since: DateTime, total: Type.Integer(), passed: Type.Integer(),
  byType: Type.Array(Type.Object({ typeCode: Type.String(), typeName: Type.String(), total: Type.Integer(), passed: Type.Integer() })),
  byReason: Type.Array(Type.Object({ reason: Type.String(), count: Type.Integer() })),
  byCategory: Type.Array(Type.Object({ category: Type.String(), count: Type.Integer() })),
});
