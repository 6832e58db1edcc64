// The platform's own address for what outlives a request (credential issuers, status-list URIs, DCAT
// links): the configured public URL, else the scheme and host the request came in on.
import type { FastifyRequest } from 'fastify';
import type { Config } from '../kernel/config.ts';
import { AppError } from '../kernel/errors.ts';

export const publicBaseOf = (config: Pick<Config, 'publicUrl'>, request: FastifyRequest): string => config.publicUrl ?? `${request.protocol}://${request.host}`;

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d+)?$/i;

/**
 * The address to sign into a credential. A credential carries it for good and verifiers elsewhere fetch
 * keys and status lists from it, so a Host header must not choose it: without CITYSTACK_PUBLIC_URL only a
 * loopback address (a machine trying the platform out) or the demo may stand in.
 */
export function credentialBaseOf(config: Pick<Config, 'publicUrl' | 'demo'>, request: FastifyRequest): string {
  if (config.publicUrl) return config.publicUrl;
  if (config.demo || LOOPBACK.test(request.host)) return `${request.protocol}://${request.host}`;
  throw new AppError('CRED_PUBLIC_URL_REQUIRED');
}
