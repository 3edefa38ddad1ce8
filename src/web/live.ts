// Live updates: one EventSource on the API's server-sent events, shared by every page. Each
// message marks the time of the last update (shown in the header) and is handed to the open
// page's listener, which refreshes what it shows: at most once a second (the API sends an event
// per journal entry and a status snapshot every 2 s; a page reads several routes per refresh, and
// the API rate-limits per token). EventSource reconnects by itself after a drop; the header says
// so while it does.
import { API_BASE } from './api.ts';
import { clockTime } from './format.ts';
import { browserNow } from './clock.ts';

/** One event as the API sent it: its SSE event name and parsed data (the raw text when not JSON). */
export interface LiveEvent {
  readonly type: string;
  readonly data: unknown;
}

type Listener = (event: LiveEvent) => void;

/** Event names the API sends (src/api/events.ts); anything else arrives as 'message'. */
const EVENT_TYPES = ['status', 'journal'];

/** Least time between two calls of the page's listener, ms. */
const MIN_INTERVAL_MS = 1000;

let source: EventSource | null = null;
let listener: Listener | null = null;
let lastUpdate: number | null = null;
let indicator: HTMLElement | null = null;
let latest: LiveEvent | null = null;
let timer: ReturnType<typeof setTimeout> | null = null;
let lastCall = 0;

/** Starts listening (idempotent); `badge` shows "live · last update 14:00:05 UTC". */
export function connect(badge: HTMLElement): void {
  indicator = badge;
  if (source !== null) {
    render();
    return;
  }
  source = new EventSource(`${API_BASE}/events`);
  const handle = (message: MessageEvent<string>): void => {
    lastUpdate = browserNow();
    let data: unknown = message.data;
    try {
      data = JSON.parse(message.data);
    } catch {
      // not JSON: pass the text on
    }
    render();
    latest = { type: message.type, data };
    schedule();
  };
  source.onmessage = handle;
  for (const type of EVENT_TYPES) source.addEventListener(type, handle as EventListener);
  source.onopen = render;
  source.onerror = render;
  render();
}

/** Stops listening (on sign-out). */
export function disconnect(): void {
  source?.close();
  source = null;
  listener = null;
  render();
}

/** The open page's listener; replaces the previous page's. */
export function onLive(next: Listener | null): void {
  listener = next;
}

/** Calls the listener with the latest event now, or once MIN_INTERVAL_MS has passed since the last call. */
function schedule(): void {
  if (timer !== null) return;
  const wait = Math.max(0, lastCall + MIN_INTERVAL_MS - browserNow());
  timer = setTimeout(() => {
    timer = null;
    lastCall = browserNow();
    const event = latest;
    latest = null;
    if (event !== null) listener?.(event);
  }, wait);
}

function render(): void {
  if (indicator === null) return;
  const open = source !== null && source.readyState === EventSource.OPEN;
  const state = source === null ? 'off' : open ? 'live' : 'reconnecting';
  indicator.className = `live ${state}`;
  indicator.textContent = `${state} · last update ${lastUpdate === null ? 'none yet' : `${clockTime(lastUpdate)} UTC`}`;
  indicator.dataset.lastUpdate = lastUpdate === null ? '' : String(lastUpdate);
}
