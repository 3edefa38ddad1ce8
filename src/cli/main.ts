// The `rampart` command: one sub-command module per concern, errors turned into one-line messages.
import { Command } from 'commander';
import { registerBacktest } from './commands/backtest.ts';
import { registerCheckLookahead } from './commands/check-lookahead.ts';
import { registerData } from './commands/data.ts';
import { registerKeys } from './commands/keys.ts';
import { registerRuns } from './commands/runs.ts';
import { registerSelect } from './commands/select.ts';
import { registerSimulator } from './commands/simulator.ts';
import { registerStart } from './commands/start.ts';
import { registerStrategies } from './commands/strategies.ts';
import { registerSweep } from './commands/sweep.ts';
import { registerWalkForward } from './commands/walk-forward.ts';
import { registerWorker } from './commands/worker.ts';
import { exitWithError } from './exit.ts';

// Output piped into `head` and closed early is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const program = new Command('rampart')
  .description('rampart: research, backtest and trade crypto strategies')
  .option('--db <path>', 'SQLite store file', 'rampart.db')
  .option('--debug', 'show stack traces on errors')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

registerData(program);
registerBacktest(program);
registerRuns(program);
registerStrategies(program);
registerSweep(program);
registerCheckLookahead(program);
registerWalkForward(program);
registerSelect(program);
registerWorker(program);
registerSimulator(program);
registerKeys(program);
registerStart(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  exitWithError(error, process.argv.includes('--debug'));
}
