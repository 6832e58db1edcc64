// The platform's own address for what outlives a request (credential issuers, status-list URIs, DCAT
// links): the configured public URL, else the scheme and host the request came in on.
import type { FastifyRequest } from 'fastify';
import type { Config } from '../kernel/config.ts';

export const publicBaseOf = (config: Pick<Config, 'publicUrl'>, request: FastifyRequest): string => config.publicUrl ?? `${request.protocol}://${request.host}`;
