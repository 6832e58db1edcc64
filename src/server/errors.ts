// One place maps every failure to an RFC 9457 problem document with a stable code, in the caller's
// language. Framework errors (bad JSON, wrong types, oversized bodies) become 4xx, never 500.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_CODES, errorTitle, pickLang, type ErrorCode } from '../kernel/errors.ts';

interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  instance: string;
  requestId: string;
  [extra: string]: unknown;
}

const FRAMEWORK_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_BODY',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_BODY',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_BODY',
  FST_ERR_CTP_INVALID_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
  FST_ERR_BAD_URL: 'NOT_FOUND',
  FST_ERR_ASYNC_CONSTRAINT: 'VALIDATION_FAILED',
};

// PostgreSQL data exceptions (class 22: bad text encoding, value out of range, bad date ...) are the
// caller's input that slipped past the schema: a 400, not a 500.
const isPgDataException = (error: FastifyError): boolean => typeof error.code === 'string' && /^22[0-9A-Z]{3}$/.test(error.code) && 'severity' in error;

function codeFor(error: FastifyError): ErrorCode {
  if (error instanceof AppError) return error.code;
  if (isPgDataException(error)) return 'VALIDATION_FAILED';
  if (error.validation) return 'VALIDATION_FAILED';
  const mapped = error.code ? FRAMEWORK_CODES[error.code] : undefined;
  if (mapped) return mapped;
  if (error.statusCode === 429) return 'RATE_LIMITED';
  if (error instanceof SyntaxError) return 'MALFORMED_BODY';
  const status = error.statusCode ?? 500;
  if (status === 404) return 'NOT_FOUND';
  if (status === 413) return 'BODY_TOO_LARGE';
  if (status === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  if (status >= 400 && status < 500) return 'VALIDATION_FAILED';
  return 'INTERNAL';
}

/** Sends a problem document for `code` (used by the error, not-found and access handlers). */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, code: ErrorCode, detail?: string, extra?: Record<string, unknown>) {
  const lang = pickLang(request.headers['accept-language']);
  const status = ERROR_CODES[code].status;
  const problem: Problem = {
    type: `https://citystack.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: errorTitle(code, lang),
    status,
    code,
    detail: detail ?? errorTitle(code, lang),
    instance: request.url,
    requestId: request.id,
    ...extra,
  };
  return reply.code(status).type('application/problem+json; charset=utf-8').send(problem);
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const code = codeFor(error);
  const lang = pickLang(request.headers['accept-language']);
  if (code === 'INTERNAL') {
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(request, reply, code);
  }
  if (isPgDataException(error)) {
    request.log.warn({ err: error }, 'input rejected by the database');
    return sendProblem(request, reply, code);
  }
  if (error instanceof AppError) {
    const detail = error.detail ? (lang === 'en' ? error.detail.en : error.detail.zh) : undefined;
    return sendProblem(request, reply, code, detail, error.extra);
  }
  if (error.validation) {
    const errors = error.validation.map((v) => ({ path: `${error.validationContext ?? ''}${v.instancePath}`, message: v.message }));
    const first = errors[0];
    return sendProblem(request, reply, code, first ? `${first.path || error.validationContext}: ${first.message}` : undefined, { errors });
  }
  if (code === 'RATE_LIMITED') {
    const retryAfter = Number(reply.getHeader('retry-after')) || undefined;
    return sendProblem(request, reply, code, undefined, retryAfter ? { retryAfterSeconds: retryAfter } : undefined);
  }
  return sendProblem(request, reply, code);
}
