// The API's users (admins): list them (names, roles; never a token or its hash), add one (its
// token is in that answer and nowhere else: only its SHA-256 is stored), remove one. The last
// admin cannot be removed, so the API never locks its administrators out.
import { z } from 'zod';
import type { ApiContext } from '../context.ts';
import { addUser, removeUser } from '../auth.ts';
import { ApiError } from '../errors.ts';
import type { RouteTable } from '../route.ts';
import { okSchema, roleSchema, userSchema } from '../schemas.ts';

const nameParams = z.object({ name: z.string().min(1).max(100) }).strict();

export function registerUserRoutes(table: RouteTable, context: ApiContext): void {
  const { users } = context.workspace.live;
  table.add({
    method: 'GET',
    url: '/api/v1/users',
    summary: "the API's users: name, role, when added (no tokens)",
    role: 'admin',
    response: z.array(userSchema),
    handler: () => users.list().map(({ name, role, createdAt }) => ({ name, role, createdAt })),
  });
  table.add({
    method: 'POST',
    url: '/api/v1/users',
    summary: 'add a user; the answer holds its token, shown this once (only its hash is stored)',
    role: 'admin',
    action: 'user.add',
    target: (_params, body) => body.name,
    body: z.object({ name: z.string().trim().min(1).max(100).regex(/^[\w.@-]+$/, 'letters, digits and . _ @ - only'), role: roleSchema }).strict(),
    response: z.object({ user: userSchema, token: z.string() }),
    status: 201,
    handler: ({ body }) => {
      if (users.list().some((user) => user.name === body.name)) throw new ApiError(409, 'USER_EXISTS', `a user named '${body.name}' exists already (remove it first)`);
      const createdAt = context.workspace.clock.now();
      const token = addUser(users, body.name, body.role, createdAt);
      return { user: { name: body.name, role: body.role, createdAt }, token };
    },
  });
  table.add({
    method: 'DELETE',
    url: '/api/v1/users/:name',
    summary: 'remove a user (its token stops working at once); the last admin cannot be removed',
    role: 'admin',
    action: 'user.remove',
    target: (params: { name: string }) => params.name,
    params: nameParams,
    response: okSchema,
    handler: ({ params }) => {
      const outcome = removeUser(users, params.name);
      if (outcome === 'unknown') throw new ApiError(404, 'UNKNOWN_USER', `no user '${params.name}' (users: ${users.list().map((u) => u.name).join(', ')})`);
      if (outcome === 'last-admin') throw new ApiError(409, 'LAST_ADMIN', `'${params.name}' is the last admin; add another admin before removing it`);
      return { ok: true as const };
    },
  });
}
