// The fleet file: read (parsed, defaults filled in: viewers and up) and replaced (admins: a whole
// new config, validated through the fleet schema, written atomically with a backup; it takes
// effect when the fleet next starts).
import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { z } from 'zod';
import { readFleetFile } from '../../config/index.ts';
import type { ApiContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { replaceFleetFile } from '../fleet-file-write.ts';
import type { RouteTable } from '../route.ts';

const configAnswer = z.object({ file: z.string(), config: z.record(z.string(), z.unknown()), text: z.string() });

export function registerConfigRoutes(table: RouteTable, context: ApiContext): void {
  table.add({
    method: 'GET',
    url: '/api/v1/config',
    summary: 'the fleet file: parsed (defaults filled in) and as written',
    role: 'viewer',
    response: configAnswer,
    handler: () => {
      const file = fleetFileOf(context);
      return { file, config: readFleetFile(file) as unknown as Record<string, unknown>, text: readFileSync(file, 'utf8') };
    },
  });
  table.add({
    method: 'PUT',
    url: '/api/v1/config',
    summary: 'replace the fleet file (admin): validated as `rampart run` reads it, written atomically with a .bak; effective at the next start',
    role: 'admin',
    action: 'config.write',
    target: () => 'fleet file',
    body: z.object({ config: z.record(z.string(), z.unknown()) }).strict(),
    response: configAnswer,
    handler: ({ body }) => {
      const file = fleetFileOf(context);
      const text = stringify(body.config);
      const config = replaceFleetFile(file, text);
      return { file, config: config as unknown as Record<string, unknown>, text };
    },
  });
}

/** The fleet file the server was given; 404 NO_FLEET_FILE without one. */
export function fleetFileOf(context: ApiContext): string {
  if (context.fleetFile === undefined) throw new ApiError(404, 'NO_FLEET_FILE', 'this server was started without a fleet file (rampart serve --config fleet.yml)');
  return context.fleetFile;
}
