// Request and response schemas of the directory's routes; TypeScript types are inferred from these.
import { Type, type Static } from 'typebox';
import { ROLES } from '../../server/access.ts';

export const Uuid = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Uuid });
const Name = Type.String({ minLength: 1, maxLength: 100 });
const RoleName = Type.Enum(ROLES);
const OrgKindName = Type.Enum(['city', 'district', 'county', 'county_city', 'dev_zone', 'street', 'town', 'community', 'village', 'department'] as const);
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
    totp: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
  },
  { additionalProperties: false },
);

export const PostView = Type.Object({ orgId: Uuid, orgName: Type.String(), title: Type.String(), primary: Type.Boolean() });
export const GrantView = Type.Object({ id: Uuid, role: RoleName, orgId: Uuid, orgName: Type.String() });

export const UserView = Type.Object({
  id: Uuid,
  username: Type.String(),
  name: Type.String(),
  mobileMasked: Type.String(),
  citizenIdMasked: Nullable(Type.String()),
  status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
  totpEnabled: Type.Boolean(),
  posts: Type.Array(PostView),
  roles: Type.Array(GrantView),
});

// One object rather than a union: the serialiser would otherwise validate every response to pick a branch.
export const MeResponse = Type.Object({
  kind: Type.Enum(['user', 'client'] as const),
  user: Type.Optional(UserView),
  client: Type.Optional(Type.Object({ id: Uuid, name: Type.String(), orgId: Uuid })),
});

export const TotpSetupResponse = Type.Object({ secret: Type.String(), otpauthUrl: Type.String() });
export const TotpEnableBody = Type.Object({ code: Type.String({ pattern: '^\\d{6}$' }) }, { additionalProperties: false });
export const PasswordBody = Type.Object(
  { current: Type.String({ minLength: 1, maxLength: 256 }), next: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);

const OrgFields = {
  id: Uuid,
  name: Type.String(),
  kind: OrgKindName,
  level: Type.Integer(),
  regionCode: Nullable(Type.String()),
  uscc: Nullable(Type.String()),
};
// Children are OrgNodes again; described loosely so the serialiser need not follow a recursive schema.
export const OrgNode = Type.Object({ ...OrgFields, children: Type.Array(Type.Unknown(), { description: 'OrgNode[]' }) });
export const OrgView = Type.Object({
  ...OrgFields,
  parentId: Nullable(Uuid),
  shortName: Nullable(Type.String()),
  path: Type.Array(Type.Object({ id: Uuid, name: Type.String() })),
});

export const CreateOrgBody = Type.Object(
  {
    parentId: Uuid,
    name: Name,
    shortName: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
    kind: OrgKindName,
    regionCode: Type.Optional(Nullable(Type.String({ pattern: '^\\d{6}(\\d{3}){0,2}$' }))),
    uscc: Type.Optional(Nullable(Type.String({ minLength: 18, maxLength: 18 }))),
    sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
  },
  { additionalProperties: false },
);
export const UpdateOrgBody = Type.Object(
  {
    name: Type.Optional(Name),
    shortName: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
    sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const UserQuery = Type.Object(
  {
    orgId: Type.Optional(Uuid),
    subtree: Type.Optional(Type.Boolean()),
    q: Type.Optional(Type.String({ maxLength: 50 })),
    page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
  },
  { additionalProperties: false },
);
export const UserPage = Type.Object({ items: Type.Array(UserView), total: Type.Integer() });

export const CreateUserBody = Type.Object(
  {
    username: Type.String({ pattern: '^[A-Za-z0-9_.-]{3,32}$' }),
    name: Name,
    mobile: Type.String({ maxLength: 20 }),
    citizenId: Type.Optional(Nullable(Type.String({ maxLength: 18 }))),
    password: Type.String({ minLength: 1, maxLength: 256 }),
    orgId: Uuid,
    title: Type.String({ minLength: 1, maxLength: 50 }),
    roles: Type.Optional(Type.Array(RoleName, { maxItems: ROLES.length, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export const UpdateUserBody = Type.Object(
  {
    name: Type.Optional(Name),
    mobile: Type.Optional(Type.String({ maxLength: 20 })),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export const SetPostBody = Type.Object(
  { orgId: Uuid, title: Type.String({ minLength: 1, maxLength: 50 }), primary: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export const PostParams = Type.Object({ id: Uuid, orgId: Uuid });
export const GrantBody = Type.Object({ role: RoleName, orgId: Uuid }, { additionalProperties: false });
export const GrantParams = Type.Object({ id: Uuid, grantId: Uuid });

export const ApiClientView = Type.Object({
  id: Uuid,
  name: Type.String(),
  orgId: Uuid,
  orgName: Type.String(),
  keyPrefix: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Nullable(Type.String({ format: 'date-time' })),
  status: Type.Union([Type.Literal('active'), Type.Literal('revoked')]),
});
export const ApiClientList = Type.Object({ items: Type.Array(ApiClientView) });
export const CreateApiClientBody = Type.Object({ name: Name, orgId: Uuid }, { additionalProperties: false });
export const ApiClientWithKey = Type.Object({ client: ApiClientView, apiKey: Type.String() });
export const ApiClientOnly = Type.Object({ client: ApiClientView });

export type CreateUserBodyT = Static<typeof CreateUserBody>;
