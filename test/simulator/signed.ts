// Signed REST calls to a simulator with the local key pair, timestamped on the simulator's own clock.
import { LOCAL_API_KEY, LOCAL_API_SECRET, sign } from '../../src/simulator/index.ts';
import type { Simulator } from '../../src/simulator/index.ts';

export interface Reply<T> {
  readonly status: number;
  readonly body: T;
}

/** `method path` with `params` signed (POST in a form body, the rest in the query); the JSON reply. */
export async function signedCall<T>(sim: Simulator, method: string, path: string, params: Record<string, string>): Promise<Reply<T>> {
  const serverTime = ((await (await fetch(`${sim.restUrl}/api/v3/time`)).json()) as { serverTime: number }).serverTime;
  const query = new URLSearchParams({ ...params, timestamp: String(serverTime) }).toString();
  const signed = `${query}&signature=${sign(LOCAL_API_SECRET, query)}`;
  const headers = { 'X-MBX-APIKEY': LOCAL_API_KEY };
  const res =
    method === 'POST'
      ? await fetch(`${sim.restUrl}${path}`, { method, headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: signed })
      : await fetch(`${sim.restUrl}${path}?${signed}`, { method, headers });
  return { status: res.status, body: (await res.json()) as T };
}
