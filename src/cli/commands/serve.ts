// `rampart serve`: the REST API (and the dashboard's files) over the store, until Ctrl-C. The
// fleet runs in its own process (`rampart run`/`start`) on the same store; the API reads its
// journal and writes its kill switch's triggers there. Its /metrics has this process's own metrics
// only: the fleet's are served by the process that runs it (`rampart run --serve`, `rampart start`).
import type { Command } from 'commander';
import { FleetMetrics } from '../../metrics/index.ts';
import { commandDescription } from '../command-table.ts';
import { parsePort, serveApi } from '../api-server.ts';
import { inWorkspace, LIVE_STORE_FLAG, LIVE_STORE_HELP } from '../workspace.ts';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(commandDescription('serve'))
    .option('--host <address>', 'address to listen on (loopback unless told otherwise)', '127.0.0.1')
    .option('--port <n>', 'port', '8080')
    .option('--config <file>', 'the fleet file: config and promote routes work on it')
    .option(LIVE_STORE_FLAG, LIVE_STORE_HELP)
    .action(async (flags: { host: string; port: string; config?: string; store?: string }, command: Command) => {
      const port = parsePort(flags.port);
      await inWorkspace(command, async (workspace) => {
        const server = await serveApi(workspace, { host: flags.host, port, fleetFile: flags.config, firstAdmin: false, metrics: new FleetMetrics({ clock: workspace.clock }).registry });
        console.log(`rampart: API on ${server.url}/api/v1 (routes: ${server.url}/openapi.json); store ${workspace.live.path}. Ctrl-C stops`);
        if (workspace.live.users.count() === 0) console.log('no API user yet: add one with npx rampart users add NAME --role admin');
        await new Promise<void>((resolve) => {
          const stop = (): void => resolve();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        await server.close();
      }, undefined, flags.store);
    });
}
