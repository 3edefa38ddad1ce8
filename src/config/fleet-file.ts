// Reading a fleet file (`rampart run --config fleet.yml`): the instances and what they share, with
// file, line and key in every error, as an instance file's (instance-file.ts).
import { INSTANCE_RENAMED_KEYS, fleetSchema } from './schemas/index.ts';
import type { FleetConfig } from './schemas/index.ts';
import { parseSettings, refuseRetiredKeys, withRates } from './settings-file.ts';
import { readYamlMapping } from './yaml-file.ts';
import type { YamlMapping } from './yaml-file.ts';

/**
 * Reads and validates a fleet file. Each instance takes an instance file's keys (rates may be
 * written `0.1%`; keys of earlier versions are refused with what replaces them). A file that is
 * one instance (a deployment file `rampart select` wrote: a `name` and no `instances`) is a fleet
 * of that instance alone, with the fleet's defaults. Throws ConfigError/InputError naming the
 * file, the line and the field (`instances.2.symbol`; `instances.0.…` in an instance file).
 */
export function readFleetFile(file: string): FleetConfig {
  const yaml = readFleetYaml(file);
  const data: Record<string, unknown> = { ...yaml.data };
  const instances = data['instances'];
  if (Array.isArray(instances)) {
    data['instances'] = instances.map((instance: unknown, i) => {
      if (typeof instance !== 'object' || instance === null || Array.isArray(instance)) return instance;
      const entry = instance as Record<string, unknown>;
      refuseRetiredKeys(entry, INSTANCE_RENAMED_KEYS, { file, lineOf: (path) => yaml.lineOf(['instances', i, ...path]) });
      return withRates(entry, yaml, ['instances', i]);
    });
  }
  return parseSettings(fleetSchema, data, yaml);
}

/**
 * The 1-based line of `field` (`instances.2.symbol`) in the fleet file, or of its nearest
 * ancestor the file writes (an instance's entry for a key it leaves out); undefined when none is
 * written there. For errors found after reading (at the fleet's start) to name the line as well.
 */
export function fleetFieldLine(file: string, field: string): number | undefined {
  const yaml = readFleetYaml(file);
  const path = field.split('.');
  for (let length = path.length; length > 0; length--) {
    const line = yaml.lineOf(path.slice(0, length));
    if (line !== undefined) return line;
  }
  return undefined;
}

function readFleetYaml(file: string): YamlMapping {
  const read = readYamlMapping(file, 'fleet config');
  return read.data['instances'] === undefined && read.data['name'] !== undefined ? asFleetOfOne(read) : read;
}

/** An instance file seen as a fleet of that one instance: its paths are those under `instances.0`. */
function asFleetOfOne(instance: YamlMapping): YamlMapping {
  return {
    file: instance.file,
    data: { instances: [instance.data] },
    lineOf: (path) => (path[0] === 'instances' && path[1] === 0 ? instance.lineOf(path.slice(2)) : undefined),
    lineOfKey: (key) => instance.lineOfKey(key),
  };
}
