// `rampart strategies`: the built-in strategies and their parameters (name, type, default, range),
// or those of a strategy file; `rampart strategies new NAME` writes a starter strategy file.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { InputError, shellQuote } from '../../core/index.ts';
import { BUILT_IN_STRATEGIES, resolveStrategy, starterStrategy, STRATEGY_NAME } from '../../strategies/index.ts';
import type { StrategyDefinition } from '../../strategies/index.ts';
import { toJson } from '../format.ts';
import { commandDescription } from '../command-table.ts';

export function registerStrategies(program: Command): void {
  const strategies = program
    .command('strategies')
    .description(commandDescription('strategies'))
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
  strategies
    .command('new')
    .description('write NAME.ts, a commented starter strategy that runs as it is')
    .argument('<name>', 'strategy name: a letter, then letters, digits, - or _')
    .option('--dir <dir>', 'directory to write it in', '.')
    .action((name: string, flags: { dir: string }) => {
      const file = writeStarter(name, flags.dir);
      console.log(`wrote ${file}\ntry: npx rampart backtest --strategy ${shellQuote(file)} --symbol BTCUSDT --timeframe 4h`);
    });
}

/** Writes DIR/NAME.ts; refuses a bad name, a missing directory and an existing file. */
function writeStarter(name: string, dir: string): string {
  if (!STRATEGY_NAME.test(name)) {
    throw new InputError(`bad strategy name '${name}': use a letter, then letters, digits, '-' or '_' (at most 64), without an extension`);
  }
  const directory = path.resolve(dir);
  if (!existsSync(directory)) throw new InputError('directory not found', { file: directory });
  const file = path.join(directory, `${name}.ts`);
  try {
    writeFileSync(file, starterStrategy(name), { flag: 'wx' }); // wx: never overwrite
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new InputError('already exists; not overwritten (pick another name or --dir)', { file });
    throw error;
  }
  return file;
}

function describe(definition: StrategyDefinition): string {
  const lines = [`${definition.name} — ${definition.description}`];
  for (const spec of definition.params) {
    const range = spec.type === 'bool' ? '' : ` [${spec.min ?? '-inf'}..${spec.max ?? 'inf'}]`;
    lines.push(`  --${spec.name.padEnd(13)} ${spec.type.padEnd(5)} default ${String(spec.default).padEnd(6)}${range}  ${spec.description}`);
  }
  return lines.join('\n');
}
