// The browser's clock: the one place the dashboard reads the time (the "last update" badge and
// the refresh throttle). Display only; nothing a run's replay depends on.

/** Milliseconds since the epoch, as the browser's clock says. */
export function browserNow(): number {
  return Date.now();
}
