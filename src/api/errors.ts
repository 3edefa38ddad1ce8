// The API's one error shape, `{ "error": { "code": "…", "message": "…" } }`: a stable code a
// script can branch on, one line a person can read, the right status, never a stack. Fastify's
// own errors (malformed JSON, a body too large, rate limited) and our error tree are mapped here.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ConfigError, InputError, redact } from '../core/index.ts';
import type { ZodError } from 'zod';

/** An error answered as it is: `status` with `{ error: { code, message } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}

/** The JSON body of an error answer. */
export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message: redact(message) } };
}

/** One line naming the first issue of a zod error and its field: `body.confirm: …`. */
export function describeZodError(where: string, error: ZodError): string {
  const issue = error.issues[0]!;
  if (issue.code === 'unrecognized_keys') return `${[where, ...issue.path].join('.')}: unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
  const field = [where, ...issue.path.map(String)].join('.');
  return `${field}: ${issue.message}`;
}

/** The code of a zod error: UNKNOWN_FIELD for an unrecognised key, else BAD_VALUE. */
export function zodErrorCode(error: ZodError): string {
  return error.issues[0]?.code === 'unrecognized_keys' ? 'UNKNOWN_FIELD' : 'BAD_VALUE';
}

/** Fastify's error codes of bad requests, with ours. */
const FASTIFY_CODES: Record<string, { status: number; code: string; message?: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'MALFORMED_JSON', message: 'the body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'MALFORMED_JSON', message: 'the body is empty; send a JSON object' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'BODY_TOO_LARGE' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'the body must be JSON: send it with the header content-type: application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'BAD_REQUEST' },
};

/** The answer to any error a route or fastify threw. Unknown errors are 500 INTERNAL with their message logged, not sent. */
export function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof ApiError) return reply.status(error.status).send(errorBody(error.code, error.message));
  if (error instanceof InputError || error instanceof ConfigError) return reply.status(400).send(errorBody('BAD_VALUE', error.message));
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.statusCode === 429) return reply.status(429).send(errorBody('RATE_LIMITED', fastifyError.message ?? 'too many requests'));
  const known = fastifyError.code === undefined ? undefined : FASTIFY_CODES[fastifyError.code];
  if (known !== undefined) return reply.status(known.status).send(errorBody(known.code, known.message ?? fastifyError.message ?? known.code));
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return reply.status(fastifyError.statusCode).send(errorBody('BAD_REQUEST', fastifyError.message ?? 'bad request'));
  }
  request.log.error({ err: error }, 'request failed');
  return reply.status(500).send(errorBody('INTERNAL', 'the server failed to answer; the error is in its log'));
}
