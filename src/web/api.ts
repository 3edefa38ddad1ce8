// The dashboard's one way to the REST API (/api/v1): JSON in and out, the session cookie sent
// along, and every refusal turned into an ApiError carrying the API's stable code and message, so
// a page shows it rather than swallowing it.

/** Where the API's routes live, relative to the page's origin. */
export const API_BASE = '/api/v1';

/**
 * A request the API refused or could not answer. `status` is the HTTP status (0: no answer, the
 * network failed); `code` the API's stable error code (e.g. FORBIDDEN), `message` its one line.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The API has no such route (its 404 says "no route …"): the page shows "not available". */
  get missingRoute(): boolean {
    return this.status === 404 && this.code === 'NOT_FOUND' && this.message.startsWith('no route');
  }

  /** One line for the page: "403 FORBIDDEN: viewer may not pause". */
  describe(): string {
    return this.status === 0 ? `no answer from the API: ${this.message}` : `${this.status} ${this.code}: ${this.message}`;
  }
}

/** Called when the API answers 401 (signed out or session expired). */
let onUnauthorized: () => void = () => {};

export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

/**
 * Sends one request; resolves with the parsed JSON body (undefined for 204).
 * @throws ApiError on a non-2xx answer or a network failure.
 */
export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new ApiError(0, 'NETWORK', error instanceof Error ? error.message : String(error));
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const error = errorOf(response.status, parsed, text);
    if (response.status === 401 && path !== '/session' && path !== '/me') onUnauthorized();
    throw error;
  }
  return parsed as T;
}

function errorOf(status: number, body: unknown, text: string): ApiError {
  const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const inner = (typeof record.error === 'object' && record.error !== null ? record.error : record) as Record<string, unknown>;
  const code = typeof inner.code === 'string' ? inner.code : `HTTP_${status}`;
  const message = typeof inner.message === 'string' ? inner.message : typeof record.error === 'string' ? record.error : text.slice(0, 200) || `HTTP ${status}`;
  return new ApiError(status, code, message);
}
