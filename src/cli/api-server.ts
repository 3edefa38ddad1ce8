// Serving the REST API from a command (`rampart serve`, and `rampart start` beside its fleet):
// listen on the host and port, say where, and on a store with no API user make an `admin` and
// print its token once, so a newcomer can sign in.
import { addUser, createApiServer } from '../api/index.ts';
import type { FleetView } from '../api/index.ts';
import type { Workspace } from '../app/index.ts';
import { InputError } from '../core/index.ts';
import type { Registry } from 'prom-client';

export interface ServeOptions {
  readonly host: string;
  readonly port: number;
  readonly fleet?: FleetView | undefined;
  readonly fleetFile?: string | undefined;
  /** The registry served at GET /metrics (the fleet's metrics, or the process's alone). */
  readonly metrics?: Registry | undefined;
  /** How to run without the API, named when the port is taken (e.g. `--no-serve`); none for `serve`. */
  readonly withoutApi?: string | undefined;
  /** Make an `admin` user (token printed once) when the store has none. */
  readonly firstAdmin: boolean;
}

/** The server, listening; close it with `close()`. InputError when the port is taken or the host cannot be bound. */
export async function serveApi(workspace: Workspace, options: ServeOptions): Promise<{ url: string; close: () => Promise<void> }> {
  const app = await createApiServer({ workspace, fleet: options.fleet, fleetFile: options.fleetFile, metrics: options.metrics });
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    await app.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new InputError(`cannot serve the API: port ${options.port} on ${options.host} is taken (--port another${options.withoutApi === undefined ? '' : `, or ${options.withoutApi}`})`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new InputError(`cannot serve the API: no address ${options.host} on this machine (--host)`);
    throw error;
  }
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}`;
  if (options.firstAdmin && workspace.live.users.count() === 0) {
    const token = addUser(workspace.live.users, 'admin', 'admin', workspace.clock.now());
    console.log(`rampart: no API user yet, so one was made: 'admin'. Its token, shown this once (only its hash is stored):\n${token}\nSign in at ${url} with it; add others with: npx rampart users add NAME --role viewer|operator|admin`);
  }
  return { url, close: () => app.close() };
}

/** A --port value: a whole number 1–65535 (0 for any free port). */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!(Number.isInteger(port) && port >= 0 && port <= 65_535)) throw new InputError(`--port must be a whole number from 0 to 65535, got '${value}'`);
  return port;
}
