// Ctrl-C during a long run: the first SIGINT asks the run to stop after the work in flight (which
// is stored, so the same command with --resume continues); the handler is removed afterwards.

/** Runs `work` with a `shouldStop` that turns true on SIGINT; `notice` is printed on stderr then. */
export async function interruptible<T>(notice: string, work: (shouldStop: () => boolean) => Promise<T>): Promise<T> {
  let stopping = false;
  const onSigint = (): void => {
    stopping = true;
    process.stderr.write(`\n${notice}\n`);
  };
  process.on('SIGINT', onSigint);
  try {
    return await work(() => stopping);
  } finally {
    process.off('SIGINT', onSigint);
  }
}
