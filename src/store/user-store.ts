// The API's users: a name, a role and the SHA-256 hash of their bearer token. The token itself is
// never stored: it is printed once when the user is made. A token is 32 random bytes, so a plain
// SHA-256 is enough (a slow password hash guards low-entropy secrets a person picks; nobody can
// search 2^256 tokens), and it lets a request's token be found by its hash in one indexed read.
import { byCodePoint } from './sql-session.ts';
import type { SqlSession } from './sql-session.ts';

/** Roles in rising order of power: a viewer reads, an operator also acts on the fleet, an admin also writes config and users. */
export const API_ROLES = ['viewer', 'operator', 'admin'] as const;
export type ApiRole = (typeof API_ROLES)[number];

export interface ApiUser {
  readonly name: string;
  readonly role: ApiRole;
  /** UTC ms. */
  readonly createdAt: number;
}

interface Row {
  name: string;
  role: ApiRole;
  token_hash: string;
  created_at: number;
}

export class UserStore {
  constructor(private readonly sql: SqlSession) {}

  /** Adds a user with the hex SHA-256 of their token; false when the name is taken (nothing changes then). */
  add(user: ApiUser, tokenHash: string): boolean {
    return this.sql.run('INSERT INTO api_users (name, role, token_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING', [user.name, user.role, tokenHash, user.createdAt]) === 1;
  }

  /** Removes a user (their token stops working at once); false when there was none of that name. */
  remove(name: string): boolean {
    return this.sql.run('DELETE FROM api_users WHERE name = ?', [name]) === 1;
  }

  /** Every user, by name (code-point order). */
  list(): ApiUser[] {
    return this.sql.all<Row>('SELECT * FROM api_users').sort((a, b) => byCodePoint(a.name, b.name)).map(toUser);
  }

  /** The user whose token hashes to `tokenHash` (hex SHA-256), if any. */
  byTokenHash(tokenHash: string): ApiUser | undefined {
    const row = this.sql.get<Row>('SELECT * FROM api_users WHERE token_hash = ?', [tokenHash]);
    return row === undefined ? undefined : toUser(row);
  }

  count(): number {
    return Number(this.sql.get<{ n: number }>('SELECT count(*) AS n FROM api_users')!.n);
  }
}

function toUser(row: Row): ApiUser {
  return { name: row.name, role: row.role, createdAt: Number(row.created_at) };
}
