// Who is signed in: the name and role the API reports for the session cookie, and what that role
// may do. The token itself is sent once, to the sign-in route, and never kept by the page (the
// API answers with an HttpOnly cookie a script cannot read).
import { api, ApiError } from './api.ts';

/** The API's roles, weakest first. */
export type Role = 'viewer' | 'operator' | 'admin';

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

export interface SessionUser {
  readonly name: string;
  readonly role: Role;
}

let current: SessionUser | null = null;

/** The signed-in user, or null. */
export function user(): SessionUser | null {
  return current;
}

/** Asks the API who the session cookie belongs to; null when signed out. */
export async function loadSession(): Promise<SessionUser | null> {
  try {
    current = asUser(await api<unknown>('GET', '/me'));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) current = null;
    else throw error;
  }
  return current;
}

/**
 * Signs in with an API token.
 * @throws ApiError when the API refuses the token (401) or is unreachable.
 */
export async function signIn(token: string): Promise<SessionUser> {
  current = asUser(await api<unknown>('POST', '/session', { token }));
  return current;
}

/** Signs out: the API clears the cookie. */
export async function signOut(): Promise<void> {
  try {
    await api('DELETE', '/session');
  } finally {
    current = null;
  }
}

/**
 * Why the signed-in user may not do something that needs `needed`, or null when they may.
 * The button stays visible and disabled with this reason as its title and caption.
 */
export function refusal(needed: Role): string | null {
  if (current === null) return 'sign in first';
  return RANK[current.role] >= RANK[needed] ? null : `needs the ${needed} role (you are ${current.role})`;
}

function asUser(body: unknown): SessionUser {
  const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const source = (typeof record.user === 'object' && record.user !== null ? record.user : record) as Record<string, unknown>;
  const role = source.role;
  if (role !== 'viewer' && role !== 'operator' && role !== 'admin') throw new ApiError(200, 'BAD_SESSION', `the API reported an unknown role ${JSON.stringify(role)}`);
  return { name: typeof source.name === 'string' ? source.name : '?', role };
}
