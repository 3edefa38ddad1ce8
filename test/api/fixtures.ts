// A REST API server on 127.0.0.1 (ephemeral port) over a real SQLite workspace, with a user of
// each role, and a small client that calls it over real HTTP.
import path from 'node:path';
import type { TestContext } from 'node:test';
import { Writable } from 'node:stream';
import { addUser, createApiServer } from '../../src/api/index.ts';
import type { ApiServerOptions } from '../../src/api/index.ts';
import { openWorkspace } from '../../src/app/index.ts';
import type { OpenWorkspace } from '../../src/app/index.ts';
import type { ApiRole } from '../../src/store/index.ts';
import { tempDir } from '../fixtures/cli.ts';

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body as JSON (undefined when it is not JSON). */
  readonly json: any;
}

export interface Api {
  readonly base: string;
  readonly workspace: OpenWorkspace;
  readonly dir: string;
  /** A token per role (users `viewer`, `operator`, `admin`). */
  readonly tokens: Record<ApiRole, string>;
  /** Every log line the server wrote. */
  readonly logLines: string[];
  /** Every answer's text, to look for secrets in. */
  readonly answers: string[];
  call(method: string, url: string, options?: { token?: string | undefined; body?: unknown; raw?: string; headers?: Record<string, string> }): Promise<Answer>;
}

/** Starts a server (closed, with its workspace, after the test). */
export async function startApi(t: TestContext, options: Partial<Omit<ApiServerOptions, 'workspace'>> & { workspace?: OpenWorkspace; dir?: string } = {}): Promise<Api> {
  const dir = options.dir ?? tempDir('rampart-api-');
  const workspace = options.workspace ?? (await openWorkspace({ db: path.join(dir, 'api.db') }));
  const tokens = {} as Record<ApiRole, string>;
  for (const role of ['viewer', 'operator', 'admin'] as const) tokens[role] = addUser(workspace.live.users, role, role, Date.now());
  const logLines: string[] = [];
  const log = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter((line) => line !== ''));
      done();
    },
  });
  const app = await createApiServer({ ...options, workspace, log });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const base = `http://127.0.0.1:${address.port}`;
  t.after(async () => {
    await app.close();
    if (options.workspace === undefined) await workspace.close();
  });
  const answers: string[] = [];
  return {
    base,
    workspace,
    dir,
    tokens,
    logLines,
    answers,
    async call(method, url, opts = {}) {
      const headers: Record<string, string> = { ...(opts.headers ?? {}) };
      if (opts.token !== undefined) headers['authorization'] = `Bearer ${opts.token}`;
      let body: string | undefined = opts.raw;
      if (opts.body !== undefined) body = JSON.stringify(opts.body);
      if (body !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
      const response = await fetch(base + url, { method, headers, ...(body === undefined ? {} : { body }) });
      const text = await response.text();
      answers.push(text, JSON.stringify([...response.headers]));
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, headers: response.headers, text, json };
    },
  };
}
