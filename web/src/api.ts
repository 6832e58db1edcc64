import { currentLang } from './i18n';

/** Error raised for any non-2xx answer; mirrors the server's application/problem+json body. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly title: string;
  readonly requestId: string | null;

  constructor(init: { status: number; code: string; detail: string; title?: string; requestId?: string | null }) {
    super(init.detail || init.title || init.code);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.title = init.title ?? '';
    this.requestId = init.requestId ?? null;
  }
}

export const UNAUTHORIZED_EVENT = 'citystack:unauthorized';

/**
 * 401 answers that mean "this credential/code was wrong", not "your session is gone"
 * (e.g. a wrong code at POST /api/me/totp/enable); they must not bounce the user to sign-in.
 */
const CREDENTIAL_CODES = new Set(['AUTH_INVALID_CREDENTIALS', 'AUTH_TOTP_REQUIRED', 'AUTH_TOTP_INVALID']);

type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Do not broadcast UNAUTHORIZED_EVENT on 401 (used by sign-in and the session probe). */
  quiet401?: boolean;
}

export function buildUrl(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path;
}

async function problemFrom(res: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    const text = await res.text();
    if (text) body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    /* not JSON: keep defaults */
  }
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  return new ApiError({
    status: res.status,
    code: str(body.code) ?? `HTTP_${res.status}`,
    detail: str(body.detail) ?? str(body.message) ?? str(body.title) ?? res.statusText,
    title: str(body.title) ?? res.statusText,
    requestId: str(body.requestId) ?? res.headers.get('x-request-id'),
  });
}

/** Sends one request; network failures and non-2xx answers become ApiError (401s are broadcast unless quiet). */
async function send(url: string, init: RequestInit, quiet401 = false): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, credentials: 'same-origin' });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError({ status: 0, code: 'NETWORK_ERROR', detail: '' });
  }
  if (!res.ok) {
    const error = await problemFrom(res);
    if (res.status === 401 && !quiet401 && !CREDENTIAL_CODES.has(error.code)) {
      window.dispatchEvent(new CustomEvent(UNAUTHORIZED_EVENT, { detail: error }));
    }
    throw error;
  }
  return res;
}

async function jsonOf<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

const baseHeaders = (): Record<string, string> => ({
  Accept: 'application/json, application/problem+json',
  'Accept-Language': currentLang(),
});

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers = baseHeaders();
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  const res = await send(buildUrl(path, opts.query), { method, headers, body, signal: opts.signal }, opts.quiet401);
  return jsonOf<T>(res);
}

/** A JSON answer together with its HTTP status (some routes answer 200 or 202 with different meanings). */
export interface StatusAnswer<T> {
  status: number;
  data: T;
}

/**
 * POSTs a file as the raw request body (application/octet-stream), the way the ingest upload route takes it:
 * the server streams it to disk without multipart parsing. Errors map to ApiError like every other call.
 */
export async function uploadRaw<T>(path: string, file: Blob, opts: { query?: Query; signal?: AbortSignal } = {}): Promise<StatusAnswer<T>> {
  const headers = { ...baseHeaders(), 'Content-Type': 'application/octet-stream' };
  const res = await send(buildUrl(path, opts.query), { method: 'POST', headers, body: file, signal: opts.signal });
  return { status: res.status, data: await jsonOf<T>(res) };
}

export const api = {
  get: <T>(path: string, query?: Query, opts: Omit<RequestOptions, 'body' | 'query'> = {}) =>
    request<T>('GET', path, { ...opts, query }),
  post: <T>(path: string, body?: unknown, opts: Omit<RequestOptions, 'body'> = {}) =>
    request<T>('POST', path, { ...opts, body }),
  put: <T>(path: string, body?: unknown, opts: Omit<RequestOptions, 'body'> = {}) =>
    request<T>('PUT', path, { ...opts, body }),
};

export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}
