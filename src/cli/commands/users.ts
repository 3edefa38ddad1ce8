// `rampart users add|list|remove`: the REST API's users in the live store (--db, or PostgreSQL
// with --store). `add` prints the new token once; only its SHA-256 is kept, so a lost token is
// replaced by removing the user and adding it again.
import type { Command } from 'commander';
import { addUser, removeUser } from '../../api/index.ts';
import { InputError } from '../../core/index.ts';
import { API_ROLES } from '../../store/index.ts';
import type { ApiRole } from '../../store/index.ts';
import { commandDescription } from '../command-table.ts';
import { inWorkspace, LIVE_STORE_FLAG, LIVE_STORE_HELP } from '../workspace.ts';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function registerUsers(program: Command): void {
  const users = program.command('users').description(commandDescription('users'));
  users
    .command('add <name>')
    .description('add a user of the API and print their token once')
    .requiredOption('--role <role>', `${API_ROLES.join(' < ')}`)
    .option(LIVE_STORE_FLAG, LIVE_STORE_HELP)
    .action(async (name: string, flags: { role: string; store?: string }, command: Command) => {
      if (!NAME.test(name)) throw new InputError(`user name '${name}': letters, digits, '.', '_' or '-', at most 64, starting with a letter or digit`);
      if (!(API_ROLES as readonly string[]).includes(flags.role)) throw new InputError(`--role: '${flags.role}' is not a role (one of ${API_ROLES.join(', ')})`);
      await inWorkspace(command, ({ live, clock }) => {
        const token = addUser(live.users, name, flags.role as ApiRole, clock.now());
        console.log(`user '${name}' (${flags.role}) added to ${live.path}. Their token, shown this once (only its hash is stored):\n${token}`);
      }, undefined, flags.store);
    });
  users
    .command('list')
    .description('the API users and their roles (never their tokens)')
    .option(LIVE_STORE_FLAG, LIVE_STORE_HELP)
    .action(async (flags: { store?: string }, command: Command) => {
      await inWorkspace(command, ({ live }) => {
        const rows = live.users.list();
        if (rows.length === 0) console.log(`no API users in ${live.path} (add one: npx rampart users add NAME --role admin)`);
        for (const user of rows) console.log(`${user.name}\t${user.role}\tsince ${new Date(user.createdAt).toISOString()}`);
      }, undefined, flags.store);
    });
  users
    .command('remove <name>')
    .description('remove a user: their token stops working at once (the last admin stays)')
    .option(LIVE_STORE_FLAG, LIVE_STORE_HELP)
    .action(async (name: string, flags: { store?: string }, command: Command) => {
      await inWorkspace(command, ({ live }) => {
        const outcome = removeUser(live.users, name);
        if (outcome === 'unknown') throw new InputError(`no API user '${name}' in ${live.path}`);
        if (outcome === 'last-admin') throw new InputError(`'${name}' is the last admin; add another admin before removing it (npx rampart users add NAME --role admin)`);
        console.log(`user '${name}' removed`);
      }, undefined, flags.store);
    });
}
