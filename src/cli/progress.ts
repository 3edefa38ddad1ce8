// Progress for long jobs: a redrawn bar with ETA on a terminal, plain lines every 10% otherwise.
import type { Clock } from '../core/index.ts';

export function progressReporter(label: string, clock: Clock, stream: NodeJS.WriteStream = process.stderr): (done: number, total: number) => void {
  const started = clock.now();
  let lastDecile = -1;
  let lastDraw = 0;
  return (done, total) => {
    const fraction = total === 0 ? 1 : done / total;
    const elapsed = clock.now() - started;
    const eta = done > 0 && done < total ? ` ETA ${formatSeconds((elapsed / done) * (total - done))}` : '';
    if (stream.isTTY === true) {
      const now = clock.now();
      if (done < total && now - lastDraw < 100) return;
      lastDraw = now;
      const width = 30;
      const filled = Math.round(fraction * width);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${(fraction * 100).toFixed(0)}%${eta}   `);
      if (done === total) stream.write('\n');
      return;
    }
    const decile = Math.floor(fraction * 10);
    if (decile !== lastDecile) {
      lastDecile = decile;
      stream.write(`${label}: ${done}/${total} (${(fraction * 100).toFixed(0)}%)${eta}\n`);
    }
  };
}

function formatSeconds(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}
