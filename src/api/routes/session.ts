// Sign-in for the browser: the token in a body sets the session cookie (HttpOnly, so page scripts
// cannot read it; SameSite=Strict, so another site's page cannot send it); sign-out clears it;
// `me` says who the token is.
import { z } from 'zod';
import { clearedSessionCookie, hashToken, sessionCookie } from '../auth.ts';
import { ApiError } from '../errors.ts';
import type { ApiContext } from '../context.ts';
import type { RouteTable } from '../route.ts';
import { okSchema, userSchema } from '../schemas.ts';

/** How long a browser stays signed in, seconds (12 h): a shared screen does not stay signed in for days. */
const SESSION_MAX_AGE_S = 12 * 3600;

export function registerSessionRoutes(table: RouteTable, context: ApiContext): void {
  const { users } = context.workspace.live;
  table.add({
    method: 'POST',
    url: '/api/v1/session',
    summary: 'sign in a browser: sets the HttpOnly session cookie from a token',
    action: 'sign-in',
    body: z.object({ token: z.string().min(1).max(200) }).strict(),
    response: userSchema,
    handler: ({ body, reply, request }) => {
      const user = users.byTokenHash(hashToken(body.token));
      if (user === undefined) throw new ApiError(401, 'UNAUTHENTICATED', 'the token matches no user (removed, or mistyped)');
      table.notes.set(request, { user });
      reply.header('set-cookie', sessionCookie(body.token, SESSION_MAX_AGE_S));
      return user;
    },
  });
  table.add({
    method: 'DELETE',
    url: '/api/v1/session',
    summary: 'sign out a browser: clears the session cookie',
    response: okSchema,
    handler: ({ reply }) => {
      reply.header('set-cookie', clearedSessionCookie());
      return { ok: true as const };
    },
  });
  table.add({
    method: 'GET',
    url: '/api/v1/me',
    summary: 'the signed-in user and role',
    role: 'viewer',
    response: userSchema,
    handler: ({ user }) => user!,
  });
}
