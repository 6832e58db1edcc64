// Schemas of the audit routes.
import { Type } from 'typebox';

export const AuditQuery = Type.Object(
  {
    actor: Type.Optional(Type.String({ maxLength: 100 })),
    orgId: Type.Optional(Type.String({ format: 'uuid' })),
    action: Type.Optional(Type.String({ maxLength: 100 })),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
  },
  { additionalProperties: false },
);

const N = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const AuditItem = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actorKind: Type.Union([Type.Literal('user'), Type.Literal('client'), Type.Literal('citizen'), Type.Literal('system')]),
  actorId: N(Type.String()),
  actorName: N(Type.String()),
  orgId: N(Type.String()),
  orgName: N(Type.String()),
  action: Type.String(),
  targetType: N(Type.String()),
  targetId: N(Type.String()),
  before: Type.Unknown(),
  after: Type.Unknown(),
  requestId: N(Type.String()),
  ip: N(Type.String()),
  hash: Type.String(),
});

export const AuditPage = Type.Object({ items: Type.Array(AuditItem), total: Type.Integer() });

export const VerifyResponse = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer(),
  checkpoints: Type.Integer(),
  brokenAt: Type.Optional(Type.Integer()),
  reason: Type.Optional(Type.String()),
  message: Type.Optional(Type.String()),
});
