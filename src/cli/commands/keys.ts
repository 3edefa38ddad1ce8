// `rampart keys add|list|remove`: the encrypted API-key store. Secrets come from stdin or the
// environment, never from flags (flags end up in shell history and process lists).
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { KeyStore } from '../../config/index.ts';
import { InputError, isVenue, mask, VENUES } from '../../core/index.ts';
import { commandDescription } from '../command-table.ts';

const DEFAULT_FILE = 'rampart-keys.json';

function store(command: Command): KeyStore {
  const file = (command.optsWithGlobals() as { keys?: string }).keys ?? DEFAULT_FILE;
  return KeyStore.open(file, process.env['RAMPART_PASSPHRASE']);
}

export function registerKeys(program: Command): void {
  const keys = program
    .command('keys')
    .description(commandDescription('keys'))
    .option('--keys <file>', 'key store file', DEFAULT_FILE);

  keys
    .command('add <name>')
    .description('add or replace a key: API key and secret as two lines on stdin, or RAMPART_API_KEY / RAMPART_API_SECRET')
    .requiredOption('--exchange <id>', `exchange the key belongs to (${VENUES.join(', ')})`)
    .action((name: string, flags: { exchange: string }, command: Command) => {
      if (!isVenue(flags.exchange)) throw new InputError(`--exchange: unknown exchange '${flags.exchange}' (known: ${VENUES.join(', ')})`);
      let apiKey = process.env['RAMPART_API_KEY'];
      let secret = process.env['RAMPART_API_SECRET'];
      if (apiKey === undefined || secret === undefined) {
        const lines = readFileSync(0, 'utf8').split(/\r?\n/).map((l) => l.trim());
        [apiKey, secret] = [lines[0] ?? '', lines[1] ?? ''];
      }
      if (apiKey === '' || secret === '') throw new InputError('give the API key and secret as two lines on stdin, or in RAMPART_API_KEY and RAMPART_API_SECRET');
      const s = store(command);
      s.add({ name, exchange: flags.exchange, apiKey, secret });
      console.log(`key '${name}' (${flags.exchange}, ${mask(apiKey)}) saved to ${s.path}`);
    });

  keys
    .command('list')
    .description('names and exchanges of the stored keys (never the keys themselves)')
    .action((_flags: unknown, command: Command) => {
      const s = store(command);
      const rows = s.list();
      if (rows.length === 0) console.log(`no keys in ${s.path}`);
      for (const row of rows) console.log(`${row.name}\t${row.exchange}\t${mask(s.get(row.name).apiKey)}`);
    });

  keys
    .command('remove <name>')
    .description('delete a stored key')
    .action((name: string, _flags: unknown, command: Command) => {
      store(command).remove(name);
      console.log(`key '${name}' removed`);
    });
}
