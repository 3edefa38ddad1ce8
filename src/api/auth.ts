// Who is calling: a bearer token in `Authorization`, or (for the browser, whose EventSource cannot
// send headers) the same token in the HttpOnly, SameSite=Strict session cookie the sign-in route
// sets. Tokens are `rmp_` + 32 random bytes (base64url); only their SHA-256 is stored.
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { InputError } from '../core/index.ts';
import { API_ROLES } from '../store/index.ts';
import type { ApiRole, ApiUser, UserStore } from '../store/index.ts';
import { ApiError } from './errors.ts';

/** The session cookie's name. */
const SESSION_COOKIE = 'rampart_session';

const TOKEN_PREFIX = 'rmp_';

/** A new token: `rmp_` and 43 base64url characters (32 random bytes). */
export function newToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** The hex SHA-256 of a token, as the user table keeps it. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** True when `role` is `needed` or above it (viewer < operator < admin). */
export function roleAtLeast(role: ApiRole, needed: ApiRole): boolean {
  return API_ROLES.indexOf(role) >= API_ROLES.indexOf(needed);
}

/** The token a request carries: the bearer token, else the session cookie; undefined when none. */
export function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match === null) throw new ApiError(401, 'UNAUTHENTICATED', 'the Authorization header must be "Bearer <token>"');
    return match[1]!;
  }
  return cookieValue(request.headers.cookie, SESSION_COOKIE);
}

/** The signed-in user of a request; ApiError 401 when the token is missing or matches no user. */
export function authenticate(request: FastifyRequest, users: UserStore): ApiUser {
  const token = tokenOf(request);
  if (token === undefined) throw new ApiError(401, 'UNAUTHENTICATED', 'sign in: send "Authorization: Bearer <token>" (tokens come from `rampart users add`)');
  const user = users.byTokenHash(hashToken(token));
  if (user === undefined) throw new ApiError(401, 'UNAUTHENTICATED', 'the token matches no user (removed, or mistyped)');
  return user;
}

/** Adds a user with a new token; the token, to be shown once. InputError when the name is taken (nothing changes then). */
export function addUser(users: UserStore, name: string, role: ApiRole, time: number): string {
  const token = newToken();
  if (!users.add({ name, role, createdAt: time }, hashToken(token))) throw new InputError(`a user named '${name}' exists already (remove it first: rampart users remove ${name})`);
  return token;
}

/** What came of removing a user: done, no user of that name, or refused: the last admin (nobody would be left to manage users). */
export type UserRemoval = 'removed' | 'unknown' | 'last-admin';

/** Removes a user (its token stops working at once) unless it is the last admin; the API and `rampart users remove` both keep one. */
export function removeUser(users: UserStore, name: string): UserRemoval {
  const all = users.list();
  const user = all.find((u) => u.name === name);
  if (user === undefined) return 'unknown';
  if (user.role === 'admin' && all.filter((u) => u.role === 'admin').length === 1) return 'last-admin';
  return users.remove(name) ? 'removed' : 'unknown';
}

/** The value of one cookie in a Cookie header (RFC 6265 pairs; values are not decoded: ours are base64url). */
function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
  }
  return undefined;
}

/** The Set-Cookie value that signs a browser in (HttpOnly, SameSite=Strict, path /, for `maxAgeS` seconds). */
export function sessionCookie(token: string, maxAgeS: number): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}`;
}

/** The Set-Cookie value that signs a browser out. */
export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;
}
