// `rampart strategies`: the built-in strategies and their parameters (name, type, default, range),
// or those of a strategy file.
import type { Command } from 'commander';
import { BUILT_IN_STRATEGIES, resolveStrategy } from '../../strategies/index.ts';
import type { StrategyDefinition } from '../../strategies/index.ts';
import { toJson } from '../format.ts';

export function registerStrategies(program: Command): void {
  program
    .command('strategies')
    .description('list strategies and their parameters (for --NAME VALUE flags)')
    .argument('[name|file]', 'one strategy (built-in name or file)')
    .option('--json', 'print the parameter schemas as JSON')
    .action(async (nameOrFile: string | undefined, flags: { json?: boolean }) => {
      const definitions = nameOrFile === undefined ? BUILT_IN_STRATEGIES : [await resolveStrategy(nameOrFile)];
      if (flags.json === true) {
        console.log(toJson(definitions.map(({ name, description, params }) => ({ name, description, params }))));
        return;
      }
      console.log(definitions.map(describe).join('\n\n'));
    });
}

function describe(definition: StrategyDefinition): string {
  const lines = [`${definition.name} — ${definition.description}`];
  for (const spec of definition.params) {
    const range = spec.type === 'bool' ? '' : ` [${spec.min ?? '-inf'}..${spec.max ?? 'inf'}]`;
    lines.push(`  --${spec.name.padEnd(13)} ${spec.type.padEnd(5)} default ${String(spec.default).padEnd(6)}${range}  ${spec.description}`);
  }
  return lines.join('\n');
}
