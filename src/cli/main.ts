// The `rampart` command: one sub-command module per concern, loaded only when invoked, and errors
// turned into one-line messages.
import { Command } from 'commander';
import { packageInfo } from '../core/index.ts';
import { COMMANDS, invokedCommand } from './command-table.ts';
import { exitWithError } from './exit.ts';
import { DEFAULT_DB } from './global-options.ts';

// Output piped into `head` and closed early is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const debug = process.argv.includes('--debug');
try {
  const program = new Command('rampart')
    .description('rampart: research, backtest and trade crypto strategies')
    .version(packageInfo().version, '-V, --version')
    .option('--db <path>', 'SQLite store file', DEFAULT_DB)
    .option('--debug', 'show stack traces on errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const invoked = invokedCommand(process.argv.slice(2));
  // Every command is listed in the help in the same order; only the invoked one is loaded.
  for (const entry of COMMANDS) {
    if (entry === invoked) (await entry.load())(program);
    else program.command(entry.name).description(entry.description);
  }
  await program.parseAsync(process.argv);
} catch (error) {
  exitWithError(error, debug);
}
