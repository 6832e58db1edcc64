// The Fastify instance type every module registers its routes on (TypeBox-typed).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import { AppError } from '../kernel/errors.ts';
import type { Principal } from './access.ts';

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

/** The signed-in member of staff behind a request on a users-only route. */
export function staffOf(request: FastifyRequest): Principal & { kind: 'user' } {
  const p = request.principal;
  if (p?.kind !== 'user') throw new AppError('FORBIDDEN');
  return p;
}

/** The principal behind a request on a route that requires one. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('AUTH_REQUIRED');
  return request.principal;
}

/** The signed-in citizen behind a request on a citizens-only route. */
export function citizenOf(request: FastifyRequest): Principal & { kind: 'citizen' } {
  const p = request.principal;
  if (p?.kind !== 'citizen') throw new AppError('FORBIDDEN');
  return p;
}
